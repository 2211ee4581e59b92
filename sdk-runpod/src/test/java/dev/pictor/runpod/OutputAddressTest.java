package dev.pictor.runpod;

import static dev.pictor.runpod.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.JobFailedException;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.runpod.internal.Outputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose output is an address that is not http(s) fails, naming the scheme, and nothing is
 * fetched or stored: it does not end as a success without images, as it did when such outputs were
 * dropped. {@link Outputs#urls} still lists only http(s) links.
 */
class OutputAddressTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @TempDir Path dir;

  @Test
  void aFileOrFtpOutputFailsTheJobByNameAndNothingIsStored() throws Exception {
    RunPodProvider p = RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v2").toString()).build();
    try (GenerationClient client = GenerationClient.builder().provider(p).outputs(OutputSink.files(dir)).build()) {
      for (String[] c : new String[][] {{"file:///etc/passwd", "file"}, {"ftp://127.0.0.1:1/out.png", "ftp"}}) {
        api.enqueue(json(200, Wire.job("sync-x", "COMPLETED", Wire.kontextOutput(c[0], "0.01"))));
        assertThatThrownBy(() -> client.generate(GenerationRequest.create("flux-schnell").prompt("p").build()))
            .isInstanceOf(JobFailedException.class)
            .hasMessageContaining("with an address that is not http(s) (" + c[1] + ":); nothing was fetched");
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
    assertThat(Outputs.urls(java.util.List.of("file:///etc/passwd", "https://image.runpod.ai/a.png")))
        .containsExactly("https://image.runpod.ai/a.png");
  }
}
