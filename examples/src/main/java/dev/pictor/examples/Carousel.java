package dev.pictor.examples;

import dev.pictor.Action;
import dev.pictor.Batch;
import dev.pictor.BatchItem;
import dev.pictor.BatchListener;
import dev.pictor.BatchResult;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationTemplate;
import dev.pictor.ImageInput;
import dev.pictor.Job;
import dev.pictor.JobQuery;
import dev.pictor.Money;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.openai.OpenAiProvider;
import dev.pictor.testkit.TestImages;
import dev.pictor.testkit.openai.OpenAiSimulator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Seed 004's carousel on OpenAI image edits: one source image, a reusable favourite template, and one
 * tracked job per aspect ratio (1:1, 4:5 and 9:16) kept in the job store with progress as each ends.
 * The 4:5 and 9:16 images come out in exactly that ratio (gpt-image-1 makes the nearest standard
 * size and Pictor centre-crops it).
 *
 * <p>With {@code OPENAI_API_KEY} set it talks to OpenAI; without it, to the testkit's OpenAI
 * simulator. Run from the repository root (after {@code mvn -q install}):
 *
 * <pre>{@code
 * mvn -q -pl examples exec:java -Dexec.mainClass=dev.pictor.examples.Carousel -Dexec.args="photo.png out/"
 * }</pre>
 *
 * <p>A program, not a library type: run it once per process.
 */
public final class Carousel {
  static final List<String> RATIOS = List.of("1:1", "4:5", "9:16");

  private Carousel() {}

  public static void main(String[] args) throws IOException {
    Path source = args.length > 0 ? Path.of(args[0]) : samplePhoto();
    Path out = Path.of(args.length > 1 ? args[1] : "carousel");
    String key = System.getenv("OPENAI_API_KEY");
    OpenAiSimulator sim = key == null ? OpenAiSimulator.builder().apiKeys("sk-carousel-example").build().start() : null;
    OpenAiProvider.Builder provider = OpenAiProvider.builder().tokens(TokenPool.of(key != null ? key : "sk-carousel-example"));
    if (sim != null) provider.baseUrl(sim.baseUrl());
    // The seed saves the source as a favourite template; here it is JSON a host application would store.
    GenerationTemplate template = GenerationTemplate.builder()
        .name("summer carousel").action(Action.EDIT).model("gpt-image-1")
        .prompt("Turn this photo into a bright {season} social post, keep the subject unchanged")
        .parameter("quality", "low").parameter("output_format", "png")
        .favorite(true).build();
    System.out.println("template: " + template.toJson());
    try (GenerationClient client = GenerationClient.builder()
        .provider(provider.build())
        .outputs(OutputSink.files(out, "{owner}/{job}-{n}.{ext}"))
        .build()) {
      List<GenerationRequest> jobs = new ArrayList<>();
      for (String ratio : RATIOS) {
        jobs.add(template.apply(Map.of("season", "summer")).image(ImageInput.of(source)).aspectRatio(ratio)
            .owner("user-42").tag("carousel").build());
      }
      BatchResult result = client.newBatch().requests(jobs).listener(new BatchListener() {
        @Override
        public void onItemDone(Batch batch, BatchItem item) {
          System.out.println("job " + item.jobId() + " " + item.request().aspectRatio().orElse("?") + " " + item.status().wireName()
              + " (" + batch.progress().done() + "/" + batch.progress().total() + ")");
        }
      }).run();
      // The jobs stay in the store: the carousel's history, as the seed's jobs page lists it.
      for (Job job : client.jobs(JobQuery.builder().batchId(result.batchId()).build())) {
        System.out.println(job.id() + "  " + job.request().aspectRatio().orElse("?") + "  " + size(job) + "  "
            + job.actualCost().map(Money::toString).orElse("cost unknown"));
      }
    } finally {
      if (sim != null) sim.close();
    }
  }

  private static String size(Job job) throws IOException {
    if (job.outputs().isEmpty()) return "no image";
    try (InputStream in = Files.newInputStream(Path.of(job.outputs().get(0).location()))) {
      BufferedImage img = ImageIO.read(in);
      return img.getWidth() + "x" + img.getHeight();
    }
  }

  private static Path samplePhoto() throws IOException {
    Path photo = Files.createTempFile("pictor-carousel", ".png");
    Files.write(photo, TestImages.png(4, 512, 512));
    return photo;
  }
}
