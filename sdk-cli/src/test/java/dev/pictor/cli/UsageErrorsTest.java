package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad usage and bad input: exit 2, exactly one line on standard error, nothing run, no file. */
@Timeout(60)
class UsageErrorsTest {
  @TempDir
  Path tmp;

  @ParameterizedTest(name = "[{index}] pictor {0}")
  @CsvSource(delimiter = '|', textBlock = """
      batch --provider sandbox --count 8                       | Missing required option: '--out=DIR'
      generate --out OUT                                       | Missing required option: '--provider=P'
      batch --provider sandbox --count 2 --action foo --out OUT | action 'foo' is not one of create, edit, upscale, remove-background
      batch --provider sandbox --count 0 --out OUT             | --count must be at least 1; got 0
      batch --provider sandbox --count 2 --concurrency 0 --out OUT | --concurrency must be at least 1; got 0
      batch --provider sandbox --count x --out OUT             | Invalid value for option '--count'
      generate --provider sandbox --param steps --out OUT      | --param 'steps' must be key=value
      generate --provider sandbox --param =4 --out OUT         | --param '=4' must be key=value
      generate --provider sandbox --param steps=99 --out OUT   | steps = 99 is not allowed for model sandbox-image
      generate --provider sandbox --param colour=red --out OUT | unknown parameter 'colour' for model sandbox-image
      generate --provider sandbox --aspect-ratio 7:3 --out OUT | aspectRatio = 7:3
      generate --provider sandbox --model nope --out OUT       | unknown model 'nope' for provider sandbox
      generate --provider sandbox --image NOPE.png --out OUT   | no such file
      generate --provider sandbox --action upscale --out OUT   | upscale needs an input image; got none
      generate --provider sandbox --out OUT --bogus            | Unknown option: '--bogus'
      generate --provider nope --out OUT                       | unknown provider 'nope'; expected one of replicate, runpod, openai, sandbox
      batch --provider sandbox --out OUT                       | give --images DIR|FILE... or --count N
      batch --provider sandbox --count 2 --images NOPE --out OUT | give --images or --count, not both
      batch --provider sandbox --images NOPE --out OUT         | --images NOPE: no such file or directory
      batch --provider sandbox --count 2 --zip . --out OUT     | --zip . is a directory; give a file name
      batch --provider sandbox --count 2 --store jdbc:mysql://x --out OUT | --store must be memory, jdbc:h2:... or jdbc:postgresql:...
      jobs list --store sqlite:x                                | --store must be memory
      calendar --provider sandbox --out x.pdf                   | a new calendar needs --theme T and --photos DIR
      batch --provider sandbox --count 2 --budget -1 --out OUT | --budget must not be negative
      batch --provider sandbox --model sandbox-fast --count 2 --budget 5 --out OUT | model sandbox-fast has no price in the catalogue
      batch --provider replicate --simulate --count 2 --out OUT | prompt is required for create with model flux-schnell
      frobnicate                                                | Unmatched argument at index 0: 'frobnicate'
      ''                                                        | missing command: generate, batch, variants, calendar or jobs
      """)
  void exitsTwoWithOneLine(String command, String message) {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of(args(command, out));

    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("pictor: ").contains(message);
    assertThat(r.out()).isEmpty();
    assertThat(out).doesNotExist();
  }

  @Test
  void aNonImageFileIsRejectedByTheCoreValidatorBeforeAnyCall() throws IOException {
    Path text = Files.writeString(tmp.resolve("photo.png"), "this is text, not a PNG");
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("generate", "--provider", "sandbox", "--image", text.toString(), "--out", out.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly(
        "pictor: images[0] (photo.png) is not an image Pictor recognises; allowed formats: JPEG, PNG, WEBP");
    assertThat(out).doesNotExist();
  }

  @Test
  void oneBadImageInABatchStopsTheWholeBatchBeforeAnything() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.write(in.resolve("a.png"), dev.pictor.testkit.TestImages.png(1, 32, 32));
    Files.writeString(in.resolve("b.png"), "broken");
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("batch", "--provider", "sandbox", "--images", in.toString(), "--out", out.toString(), "--json");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().contains("(b.png) is not an image");
    assertThat(r.out()).isEmpty();
    assertThat(out).doesNotExist();
  }

  @Test
  void outMustNotBeAFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    CliRun r = CliRun.of("generate", "--provider", "sandbox", "--out", file.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().contains("is a file; give a directory");
  }

  private static String[] args(String command, Path out) {
    List<String> args = new ArrayList<>();
    for (String a : command.trim().split("\\s+")) {
      if (!a.isEmpty()) args.add(a.equals("OUT") ? out.toString() : a);
    }
    return args.toArray(new String[0]);
  }
}
