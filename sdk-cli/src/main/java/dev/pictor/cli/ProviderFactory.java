package dev.pictor.cli;

import dev.pictor.TokenPool;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.testkit.FakeProvider;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns {@code --provider} and its companions ({@code --simulate}, {@code --token},
 * {@code --base-url}, {@code --endpoint}) into a provider. The one place that knows the providers:
 * each provider module, when it arrives, adds its construction here.
 */
final class ProviderFactory {
  /** The providers the command line knows, with the variable their token comes from. */
  enum Kind {
    REPLICATE("replicate", "REPLICATE_API_TOKEN", "sdk-replicate"),
    RUNPOD("runpod", "RUNPOD_API_KEY", "sdk-runpod"),
    OPENAI("openai", "OPENAI_API_KEY", "sdk-openai"),
    SANDBOX("sandbox", null, null);

    final String id;
    final String tokenVariable;
    final String module;

    Kind(String id, String tokenVariable, String module) {
      this.id = id;
      this.tokenVariable = tokenVariable;
      this.module = module;
    }

    static Kind of(String id) {
      for (Kind k : values()) {
        if (k.id.equals(id.toLowerCase(Locale.ROOT))) return k;
      }
      throw new UsageException("unknown provider '" + id + "'; expected one of "
          + Arrays.stream(values()).map(k -> k.id).collect(Collectors.joining(", ")));
    }
  }

  /** The provider to use, and what to assume when the command line leaves the model or prompt out. */
  record Selection(Kind kind, GenerationProvider provider, String defaultModel, String defaultPrompt) {}

  static final String SANDBOX_PROMPT = "a sandbox test image";

  private ProviderFactory() {}

  /**
   * Selects the provider, in this order: the name must be known; a real provider needs a token (from
   * {@code --token} or its environment variable) unless {@code --simulate}; then it must be built in.
   *
   * @throws UsageException when any of these fails, with a message saying what to do
   */
  static Selection select(CommonOptions o, Context ctx) {
    Kind kind = Kind.of(o.provider);
    if (kind.tokenVariable != null && !o.simulate && o.tokens.isEmpty() && ctx.envValue(kind.tokenVariable) == null) {
      throw new UsageException("provider " + kind.id + " needs an API token: set " + kind.tokenVariable
          + ", pass --token T, or add --simulate to run against its built-in simulator");
    }
    switch (kind) {
      case SANDBOX:
        return sandbox(o, ctx.err());
      default:
        throw new UsageException("provider " + kind.id + " is not available in this build yet (arrives with " + kind.module + ")");
    }
  }

  private static Selection sandbox(CommonOptions o, PrintStream err) {
    if (o.baseUrl != null) err.println("pictor: warning: --base-url is ignored by the sandbox provider");
    if (o.endpoint != null) err.println("pictor: warning: --endpoint is ignored by the sandbox provider");
    FakeProvider.Builder b = FakeProvider.builder();
    if (!o.tokens.isEmpty()) b.tokens(TokenPool.of(o.tokens));
    return new Selection(Kind.SANDBOX, b.build(), FakeProvider.MODEL, SANDBOX_PROMPT);
  }
}
