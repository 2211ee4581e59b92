package dev.pictor.examples;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.Money;
import dev.pictor.testkit.FakeProvider;
import java.nio.file.Path;

/**
 * The README's quick start: one client, one text-to-image request, one saved file. It runs offline
 * on the testkit's {@link FakeProvider}, which makes a real PNG; swap in a real provider (for example
 * {@code ReplicateProvider.fromEnv()}) and a catalogue model id and nothing else changes.
 *
 * <p>Run it from the repository root (after {@code mvn -q install}):
 *
 * <pre>{@code
 * mvn -q -pl examples exec:java -Dexec.args=out/sunset.png
 * }</pre>
 *
 * <p>The first argument is the file to write (default {@code quickstart.png}); the client's own copy
 * goes under {@code pictor-output/} next to it. Prints the job id, status, cost and file.
 *
 * <p>A program, not a library type: run it once per process.
 */
public final class QuickStart {
  private QuickStart() {}

  /** Generates one image and saves it to {@code args[0]}, or {@code quickstart.png}. */
  public static void main(String[] args) {
    Path file = Path.of(args.length > 0 ? args[0] : "quickstart.png").toAbsolutePath();
    try (GenerationClient client = GenerationClient.builder()
        .provider(FakeProvider.create())
        .outputDirectory(file.resolveSibling("pictor-output"))
        .build()) {
      GenerationResult result = client.generate(GenerationRequest.create(FakeProvider.MODEL)
          .prompt("A beautiful sunset over mountains")
          .aspectRatio("16:9")
          .build());
      Path saved = result.images().get(0).saveTo(file);
      System.out.println("job:    " + result.id());
      System.out.println("status: " + result.job().status().wireName());
      System.out.println("cost:   " + result.cost().map(Money::toString).orElse("unpriced"));
      System.out.println("file:   " + saved);
    }
  }
}
