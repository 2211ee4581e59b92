package dev.pictor.cli;

import dev.pictor.openai.OpenAiProvider;
import dev.pictor.testkit.openai.OpenAiSimulator;

import dev.pictor.TokenPool;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.runpod.RunPodProvider;
import dev.pictor.testkit.runpod.RunPodSimulator;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.testkit.FakeProvider;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
    REPLICATE("replicate", "REPLICATE_API_TOKEN", "sdk-replicate", "REPLICATE_API_TOKENS"),
    RUNPOD("runpod", "RUNPOD_API_KEY", "sdk-runpod"),
    OPENAI("openai", "OPENAI_API_KEY", "sdk-openai"),
    SANDBOX("sandbox", null, null);

    final String id;
    final String tokenVariable;
    final String module;
    /** A variable holding several comma-separated tokens (a pool), read before {@link #tokenVariable}. */
    final String poolVariable;

    Kind(String id, String tokenVariable, String module) {
      this(id, tokenVariable, module, null);
    }

    Kind(String id, String tokenVariable, String module, String poolVariable) {
      this.id = id;
      this.tokenVariable = tokenVariable;
      this.module = module;
      this.poolVariable = poolVariable;
    }

    /** The tokens from {@code --token}, else the pool variable, else the single-token variable. */
    List<String> tokens(CommonOptions o, Context ctx) {
      if (!o.tokens.isEmpty()) return o.tokens;
      String pool = poolVariable == null ? null : ctx.envValue(poolVariable);
      if (pool != null) return List.of(pool.split(","));
      String one = tokenVariable == null ? null : ctx.envValue(tokenVariable);
      return one == null ? List.of() : List.of(one);
    }

    static Kind of(String id) {
      for (Kind k : values()) {
        if (k.id.equals(id.toLowerCase(Locale.ROOT))) return k;
      }
      throw new UsageException("unknown provider '" + id + "'; expected one of "
          + Arrays.stream(values()).map(k -> k.id).collect(Collectors.joining(", ")));
    }
  }

  /**
   * The provider to use, what to assume when the command line leaves the model or prompt out, and a
   * simulator to stop after the run ({@code null} unless {@code --simulate}).
   */
  record Selection(Kind kind, GenerationProvider provider, String defaultModel, String defaultPrompt,
      AutoCloseable simulator) implements AutoCloseable {
    Selection(Kind kind, GenerationProvider provider, String defaultModel, String defaultPrompt) {
      this(kind, provider, defaultModel, defaultPrompt, null);
    }

    @Override
    public void close() {
      if (simulator == null) return;
      try {
        simulator.close();
      } catch (Exception e) {
        throw new IllegalStateException("stopping the simulator failed", e);
      }
    }
  }

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
    if (kind.tokenVariable != null && !o.simulate && kind.tokens(o, ctx).isEmpty()) {
      throw new UsageException("provider " + kind.id + " needs an API token: set " + kind.tokenVariable
          + (kind.poolVariable == null ? "" : " (or " + kind.poolVariable + ", several separated by commas)")
          + ", pass --token T, or add --simulate to run against its built-in simulator");
    }
    switch (kind) {
      case SANDBOX:
        return sandbox(o, ctx.err());
      case REPLICATE:
        return replicate(o, ctx);
      case RUNPOD:
        return runpod(o, ctx);
      case OPENAI:
        return openai(o, ctx);
      default:
        throw new UsageException("provider " + kind.id + " is not available in this build yet (arrives with " + kind.module + ")");
    }
  }

  /** The real Replicate provider, against api.replicate.com, {@code --base-url}, or an in-process simulator. */
  private static Selection replicate(CommonOptions o, Context ctx) {
    if (o.endpoint != null) ctx.err().println("pictor: warning: --endpoint is ignored by the replicate provider");
    List<String> tokens = o.simulate && o.tokens.isEmpty() ? List.of(SIMULATED_TOKEN) : Kind.REPLICATE.tokens(o, ctx);
    ReplicateProvider.Builder b = ReplicateProvider.builder().tokens(TokenPool.of(tokens));
    ReplicateSimulator sim = null;
    if (o.simulate) {
      if (o.baseUrl != null) ctx.err().println("pictor: warning: --base-url is ignored with --simulate");
      sim = ReplicateSimulator.builder().latency(SIMULATED_LATENCY).build().start();
      b.baseUrl(sim.baseUrl());
    } else if (o.baseUrl != null) {
      b.baseUrl(o.baseUrl);
    }
    return new Selection(Kind.REPLICATE, b.build(), REPLICATE_MODEL, null, sim);
  }

  /**
   * The real RunPod provider. {@code --endpoint ID} names the model (a public endpoint's typed spec, or
   * a deployment's free-form one); with {@code --model M} too, catalogue model M runs on endpoint ID.
   */
  private static Selection runpod(CommonOptions o, Context ctx) {
    List<String> keys = o.simulate && o.tokens.isEmpty() ? List.of(SIMULATED_RUNPOD_KEY) : Kind.RUNPOD.tokens(o, ctx);
    RunPodProvider.Builder b = RunPodProvider.builder().tokens(TokenPool.of(keys));
    String model = o.endpoint != null ? o.endpoint : RUNPOD_MODEL;
    if (o.model != null && o.endpoint != null) b.endpoint(o.model, o.endpoint);
    RunPodSimulator sim = null;
    if (o.simulate) {
      if (o.baseUrl != null) ctx.err().println("pictor: warning: --base-url is ignored with --simulate");
      sim = RunPodSimulator.builder().anyEndpoint().latency(SIMULATED_LATENCY).build().start();
      // The simulator takes small images inline; the real API needs the host's InputUploader.
      b.baseUrl(sim.baseUrl()).inlineImages(o.endpoint != null ? o.endpoint : dev.pictor.runpod.RunPodModels.FLUX_KONTEXT_DEV_ENDPOINT,
          RunPodProvider.Builder.MAX_INLINE_BYTES);
    } else if (o.baseUrl != null) {
      b.baseUrl(o.baseUrl);
    }
    return new Selection(Kind.RUNPOD, b.build(), model, null, sim);
  }

  /** The real OpenAI Images provider, against api.openai.com, {@code --base-url}, or an in-process simulator. */
  private static Selection openai(CommonOptions o, Context ctx) {
    if (o.endpoint != null) ctx.err().println("pictor: warning: --endpoint is ignored by the openai provider");
    List<String> keys = o.simulate && o.tokens.isEmpty() ? List.of(SIMULATED_OPENAI_KEY) : Kind.OPENAI.tokens(o, ctx);
    OpenAiProvider.Builder b = OpenAiProvider.builder().tokens(TokenPool.of(keys));
    OpenAiSimulator sim = null;
    if (o.simulate) {
      if (o.baseUrl != null) ctx.err().println("pictor: warning: --base-url is ignored with --simulate");
      sim = OpenAiSimulator.builder().apiKeys(keys.toArray(new String[0])).latency(SIMULATED_LATENCY).build().start();
      b.baseUrl(sim.baseUrl());
    } else if (o.baseUrl != null) {
      b.baseUrl(o.baseUrl);
    }
    return new Selection(Kind.OPENAI, b.build(), OPENAI_MODEL, null, sim);
  }

  /** Any key the simulator was started with works against it. */
  static final String SIMULATED_OPENAI_KEY = "sk-simulated-key-for-pictor-cli";
  /** The OpenAI model when {@code --model} is left out. */
  static final String OPENAI_MODEL = "gpt-image-1";

  /** Any non-empty key works against the RunPod simulator. */
  static final String SIMULATED_RUNPOD_KEY = "rpa_simulated_key_for_pictor_cli";
  /** The RunPod model when neither {@code --endpoint} nor {@code --model} is given. */
  static final String RUNPOD_MODEL = "flux-schnell";

  /** Any non-empty token works against the simulator. */
  static final String SIMULATED_TOKEN = "r8_simulated_token_for_pictor_cli";
  /** Each simulated prediction takes this long once a worker has it. */
  static final Duration SIMULATED_LATENCY = Duration.ofMillis(150);
  /** The model when {@code --model} is left out. */
  static final String REPLICATE_MODEL = "flux-schnell";

  private static Selection sandbox(CommonOptions o, PrintStream err) {
    if (o.baseUrl != null) err.println("pictor: warning: --base-url is ignored by the sandbox provider");
    if (o.endpoint != null) err.println("pictor: warning: --endpoint is ignored by the sandbox provider");
    FakeProvider.Builder b = FakeProvider.builder();
    if (!o.tokens.isEmpty()) b.tokens(TokenPool.of(o.tokens));
    return new Selection(Kind.SANDBOX, b.build(), FakeProvider.MODEL, SANDBOX_PROMPT);
  }
}
