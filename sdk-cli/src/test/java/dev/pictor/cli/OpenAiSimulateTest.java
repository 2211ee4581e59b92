package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --provider openai --simulate}: the real OpenAI provider against the in-process simulator. */
@Timeout(60)
class OpenAiSimulateTest {
  @TempDir Path tmp;

  @Test
  void aBatchInFourToFiveRunsAgainstTheSimulatorAndComesOutInThatRatio() throws Exception {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.withEnv(Map.of(), "batch", "--provider", "openai", "--simulate", "--prompt", "a red bicycle",
        "--aspect-ratio", "4:5", "--param", "output_format=png", "--count", "2", "--out", out.toString(), "--json");

    assertThat(r.code()).as(r.err()).isZero();
    Map<String, Object> json = BatchCommandTest.onlyObject(r.out());
    assertThat(json).containsEntry("jobs", 2.0).containsEntry("succeeded", 2.0);
    assertThat((Double) json.get("spentUsd")).isPositive();
    for (Map<String, Object> item : BatchCommandTest.items(json)) {
      @SuppressWarnings("unchecked")
      List<String> files = (List<String>) item.get("files");
      BufferedImage img = ImageIO.read(Path.of(files.get(0)).toFile());
      assertThat(img.getWidth() * 5).isEqualTo(img.getHeight() * 4);
    }
  }

  @Test
  void anEditOfAPhotoRunsAgainstTheSimulator() throws Exception {
    Path photo = Files.write(tmp.resolve("shoe.png"), TestImages.png(4, 96, 96));
    CliRun r = CliRun.withEnv(Map.of(), "generate", "--provider", "openai", "--simulate", "--image", photo.toString(),
        "--prompt", "on a white background", "--out", tmp.resolve("out").toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("1 succeeded");
  }

  @Test
  void withoutAKeyTheMessageNamesTheVariable() {
    CliRun r = CliRun.withEnv(Map.of(), "generate", "--provider", "openai", "--prompt", "p", "--out", tmp.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().startsWith("pictor: provider openai needs an API token: set OPENAI_API_KEY");
  }
}
