package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --provider runpod --simulate}: the real RunPod provider against the in-process simulator. */
class RunPodSimulateTest {
  @TempDir Path tmp;

  @Test
  void aBatchOnAnEndpointRunsAgainstTheSimulator() {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.withEnv(Map.of(), "batch", "--provider", "runpod", "--simulate", "--endpoint",
        "black-forest-labs-flux-1-schnell", "--prompt", "a red bicycle", "--count", "3", "--out", out.toString(), "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"jobs\":3").contains("\"succeeded\":3");
  }

  @Test
  void aProductPhotoIsEditedOnTheKontextEndpoint() throws Exception {
    Path photo = Files.write(tmp.resolve("shoe.jpg"), TestImages.jpeg(9, 120, 90));
    Path out = tmp.resolve("out");
    CliRun r = CliRun.withEnv(Map.of(), "generate", "--provider", "runpod", "--simulate", "--endpoint", "flux-kontext-dev",
        "--image", photo.toString(), "--prompt", "white studio background, soft shadow", "--out", out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("1 succeeded");
    try (var files = Files.list(out)) {
      assertThat(files.filter(p -> p.toString().endsWith(".png"))).hasSize(1);
    }
  }

  @Test
  void withoutAKeyTheMessageNamesTheVariable() {
    CliRun r = CliRun.withEnv(Map.of(), "generate", "--provider", "runpod", "--endpoint", "x", "--prompt", "p", "--out", tmp.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().startsWith("pictor: provider runpod needs an API token: set RUNPOD_API_KEY");
  }
}
