package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class GenerateCommandTest {
  @TempDir
  Path tmp;

  @Test
  void sandboxNeedsNoModelOrPromptAndWritesOnePng() throws IOException {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("generate", "--provider", "sandbox", "--out", out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    List<Path> files = list(out);
    assertThat(files).singleElement().satisfies(f -> {
      assertThat(f.getFileName().toString()).matches("job_[0-9a-z]+-0-1\\.png");
      assertThat(Files.readAllBytes(f)).startsWith(0x89, 'P', 'N', 'G');
    });
    assertThat(r.out().lines()).hasSize(2);
    assertThat(r.out()).startsWith("succeeded ").contains(files.get(0).toString())
        .contains("1 job: 1 succeeded, 0 failed, 0 unknown, 0 canceled");
  }

  @Test
  void anImageMakesItAnEdit() throws IOException {
    Path photo = Files.write(tmp.resolve("shoe.jpg"), TestImages.jpeg(5, 48, 48));
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("generate", "--provider", "sandbox", "--image", photo.toString(), "--prompt", "on white",
        "--out", out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(list(out)).hasSize(1);
  }

  @Test
  void removeBackgroundNeedsNoPrompt() throws IOException {
    Path photo = Files.write(tmp.resolve("bag.png"), TestImages.png(5, 48, 48));
    CliRun r = CliRun.of("generate", "--provider", "sandbox", "--action", "remove-background", "--image", photo.toString(),
        "--out", tmp.resolve("out").toString());

    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void helpAndVersion() {
    CliRun help = CliRun.of("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("generate", "batch", "Exit codes");

    CliRun batchHelp = CliRun.of("batch", "--help");
    assertThat(batchHelp.code()).isZero();
    assertThat(batchHelp.out()).contains("--provider", "--count", "--concurrency", "--budget", "--estimate", "--zip",
        "--store", "--resend-unknown", "--json", "--images", "--param", "--base-url", "--token", "--endpoint", "--simulate");

    CliRun version = CliRun.of("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out().trim()).isEqualTo("pictor 0.1.0-SNAPSHOT");
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
