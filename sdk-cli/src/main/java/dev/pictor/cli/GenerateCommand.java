package dev.pictor.cli;

import dev.pictor.GenerationRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pictor generate}: one job, its files under {@code --out}. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    versionProvider = PictorCommand.Version.class,
    description = "Generate one image job and write its outputs under --out.",
    footer = {"", "Example: pictor generate --provider sandbox --prompt 'a red cube' --out out"})
final class GenerateCommand implements Callable<Integer> {
  @Mixin
  CommonOptions options = new CommonOptions();

  private final Context ctx;

  GenerateCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    try (ProviderFactory.Selection sel = ProviderFactory.select(options, ctx)) {
      return run(sel);
    }
  }

  private Integer run(ProviderFactory.Selection sel) {
    GenerationRequest request = Requests.template(options, sel, false);
    Execution.Settings settings = new Execution.Settings(options.out, 1, null, false, false, false, "generate");
    return Execution.run(ctx, sel, options, Plan.of(List.of(request)), settings);
  }
}
