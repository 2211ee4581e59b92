package dev.pictor.bench.openaijava;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImageModel;
import com.openai.models.images.ImagesResponse;
import dev.pictor.bench.OpenAiClientBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The official {@code com.openai:openai-java} client doing what the bench asks of Pictor:
 * {@code images().generate} on gpt-image-1 (base64, its default for GPT image models), the image
 * decoded and written to a file. Its own defaults otherwise (2 retries, 10 minute timeout).
 * Thread-safe. Compiled only with {@code -P openai-java}.
 */
public final class OpenAiJavaRun implements OpenAiClientBench.Run {
  private final OpenAIClient client;
  private final Path dir;
  private final AtomicLong files = new AtomicLong();

  public OpenAiJavaRun(String key, String baseUrl, Path dir) {
    this.client = OpenAIOkHttpClient.builder().apiKey(key).baseUrl(baseUrl).timeout(Duration.ofMinutes(10)).build();
    this.dir = dir;
  }

  @Override
  public void generate(String prompt) throws Exception {
    ImagesResponse r = client.images().generate(ImageGenerateParams.builder().model(ImageModel.GPT_IMAGE_1).prompt(prompt)
        .size(ImageGenerateParams.Size._1024X1024).quality(ImageGenerateParams.Quality.LOW).build());
    String b64 = r.data().orElseThrow().get(0).b64Json().orElseThrow();
    Files.write(dir.resolve(files.incrementAndGet() + ".png"), Base64.getDecoder().decode(b64));
  }

  @Override
  public void close() {
    client.close();
  }
}
