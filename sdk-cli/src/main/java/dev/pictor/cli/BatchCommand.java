package dev.pictor.cli;

import dev.pictor.GenerationRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pictor batch}: one item per input image, or {@code --count N} text-to-image items. */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    versionProvider = PictorCommand.Version.class,
    description = "Run many jobs, a few at a time: one per input image (--images) or N with their own seeds (--count).",
    footer = {"", "Example: pictor batch --provider sandbox --count 8 --out out --json"})
final class BatchCommand implements Callable<Integer> {
  @Mixin
  CommonOptions options = new CommonOptions();

  @Option(names = "--images", arity = "1..*", paramLabel = "DIR|FILE",
      description = "Input images, one item each; a directory means its .jpg, .jpeg, .png and .webp files, by name")
  List<Path> images = new ArrayList<>();

  @Option(names = "--count", paramLabel = "N", description = "N items, each with its own seed")
  Integer count;

  @Option(names = "--concurrency", paramLabel = "C", defaultValue = "3", description = "Items in flight at once (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--budget", paramLabel = "USD",
      description = "Spend at most this many dollars: items that would pass it are not sent and end canceled")
  BigDecimal budget;

  @Option(names = "--estimate", description = "Print the cost estimate and exit without running anything")
  boolean estimate;

  @Option(names = "--zip", paramLabel = "FILE", description = "Also pack the outputs and a manifest.json into a ZIP file")
  Path zip;

  @Option(names = "--resend-unknown", description = "Resend a submit whose outcome is unknown (a possible double charge)")
  boolean resendUnknown;

  @Option(names = "--json", description = "Print exactly one JSON object on standard output")
  boolean json;

  private final Context ctx;

  BatchCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    checkOptions();
    try (ProviderFactory.Selection sel = ProviderFactory.select(options, ctx)) {
      return run(sel);
    }
  }

  private Integer run(ProviderFactory.Selection sel) {
    GenerationRequest template = Requests.template(options, sel, !images.isEmpty());
    List<GenerationRequest> items = images.isEmpty()
        ? Requests.counted(template, count, sel.provider().resolveModel(template.model()))
        : Requests.perImage(template, Requests.expandImages(images));
    Execution.Settings settings = new Execution.Settings(options.out, concurrency, budget, estimate, json, resendUnknown, "batch", zip);
    return Execution.run(ctx, sel, options, Plan.of(items), settings);
  }

  /** What the options alone get wrong, before any provider is chosen. */
  private void checkOptions() {
    if (images.isEmpty() == (count == null)) {
      throw new UsageException(images.isEmpty() ? "give --images DIR|FILE... or --count N" : "give --images or --count, not both");
    }
    if (count != null && count < 1) throw new UsageException("--count must be at least 1; got " + count);
    if (concurrency < 1) throw new UsageException("--concurrency must be at least 1; got " + concurrency);
    if (budget != null && budget.signum() < 0) throw new UsageException("--budget must not be negative; got " + budget.toPlainString());
    if (zip != null && java.nio.file.Files.isDirectory(zip)) throw new UsageException("--zip " + zip + " is a directory; give a file name");
  }
}
