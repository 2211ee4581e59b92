package dev.pictor.cli;

import dev.pictor.Batch;
import dev.pictor.BatchEstimate;
import dev.pictor.BatchListener;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.Money;
import dev.pictor.VariantsBuilder;
import dev.pictor.prompt.ProductPhotoPrompt;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pictor variants}: named prompt variants × seeds × the input image, one job each, grouped by variant. */
@Command(
    name = "variants",
    mixinStandardHelpOptions = true,
    versionProvider = PictorCommand.Version.class,
    description = "Compare prompt variants side by side: one job per variant (and seed), grouped by variant.",
    footer = {"", "Example: pictor variants --provider sandbox --image shoe.jpg --product-ab --out out"})
final class VariantsCommand implements Callable<Integer> {
  @Mixin
  CommonOptions options = new CommonOptions();

  @Option(names = "--variant", paramLabel = "NAME=PROMPT", description = "A named prompt variant; repeatable")
  List<String> variants = new ArrayList<>();

  @Option(names = "--product-ab", description = "The product-photo A/B test: minimal, soft and dramatic shadows")
  boolean productAb;

  @Option(names = "--count", paramLabel = "N", defaultValue = "1",
      description = "Seeds per variant: --seed plus 0..N-1, or 1..N (default: ${DEFAULT-VALUE}, no seed set)")
  int count;

  @Option(names = "--concurrency", paramLabel = "C", defaultValue = "3", description = "Jobs in flight at once (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--budget", paramLabel = "USD", description = "Spend at most this many dollars")
  BigDecimal budget;

  @Option(names = "--estimate", description = "Print the cost estimate and exit without running anything")
  boolean estimate;

  @Option(names = "--zip", paramLabel = "FILE", description = "Also pack the outputs and a manifest.json into a ZIP file")
  Path zip;

  @Option(names = "--json", description = "Print exactly one JSON object on standard output")
  boolean json;

  private final Context ctx;

  VariantsCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Map<String, String> named = named();
    if (count < 1) throw new UsageException("--count must be at least 1; got " + count);
    if (concurrency < 1) throw new UsageException("--concurrency must be at least 1; got " + concurrency);
    if (budget != null && budget.signum() < 0) throw new UsageException("--budget must not be negative; got " + budget.toPlainString());
    if (productAb && !options.hasImages()) throw new UsageException("--product-ab edits a product photo: give --image FILE");
    try (ProviderFactory.Selection sel = ProviderFactory.select(options, ctx)) {
      GenerationRequest template = Requests.template(options, sel, false);
      Execution.Settings settings = new Execution.Settings(options.out, concurrency, budget, estimate, json, false, "variants", zip);
      return Execution.run(ctx, sel, options, plan(template, named), settings);
    }
  }

  /** The variants in order: the product A/B presets first, then each {@code --variant}. */
  private Map<String, String> named() {
    Map<String, String> out = new LinkedHashMap<>();
    if (productAb) out.putAll(ProductPhotoPrompt.abTest());
    for (String v : variants) {
      int eq = v.indexOf('=');
      if (eq <= 0 || eq == v.length() - 1) throw new UsageException("--variant '" + v + "' must be NAME=PROMPT");
      String name = v.substring(0, eq).trim();
      if (out.putIfAbsent(name, v.substring(eq + 1)) != null) throw new UsageException("--variant " + name + " is given twice");
    }
    if (out.isEmpty()) throw new UsageException("give --variant NAME=PROMPT... or --product-ab");
    return out;
  }

  private Plan plan(GenerationRequest template, Map<String, String> named) {
    long[] seeds = null;
    if (count > 1 || options.seed != null) {
      long base = options.seed != null ? options.seed : 1;
      seeds = new long[count];
      for (int i = 0; i < count; i++) seeds[i] = base + i;
    }
    long[] chosen = seeds;
    int size = named.size() * (seeds == null ? 1 : seeds.length);
    return new Plan() {
      private VariantsBuilder builder(GenerationClient client) {
        VariantsBuilder b = client.newVariants().template(template).variants(named);
        if (chosen != null) b.seeds(chosen);
        return b;
      }

      @Override public int size() { return size; }
      @Override public String model() { return template.model(); }
      @Override public void validate(GenerationClient client) {
        for (String prompt : named.values()) client.validate(template.toBuilder().prompt(prompt).build());
      }
      @Override public BatchEstimate estimate(GenerationClient client) { return builder(client).estimate(); }

      @Override
      public Batch start(GenerationClient client, String id, int window, Money limit, BatchListener listener) {
        VariantsBuilder b = builder(client).id(id).maxConcurrency(window).listener(listener);
        if (limit != null) b.budget(limit);
        return b.start();
      }
    };
  }
}
