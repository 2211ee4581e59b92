package dev.pictor;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One model of a provider's catalogue: its id, what the provider calls it, the actions it supports,
 * its typed parameters, how many input images it takes and what an output image costs. Immutable;
 * provider modules build these, users read them to see what is allowed.
 *
 * <pre>{@code
 * ModelSpec schnell = ModelSpec.builder("flux-schnell", "black-forest-labs/flux-schnell")
 *     .actions(Action.CREATE)
 *     .parameter(ParameterSpec.integer("num_inference_steps", 1, 4).withDefault(4), CommonParameter.STEPS)
 *     .price(Money.usd("0.003"))
 *     .build();
 * }</pre>
 */
public final class ModelSpec {
  private final String id;
  private final String providerRef;
  private final Set<Action> actions;
  private final Map<String, ParameterSpec> parameters;
  private final Map<CommonParameter, String> bindings;
  private final int minInputImages;
  private final int maxInputImages;
  private final int maxPromptLength;
  private final boolean promptRequired;
  private final long maxInputBytes;
  private final Money pricePerImage;
  private final String description;
  private final boolean acceptsUnknownParameters;

  private ModelSpec(Builder b) {
    this.id = b.id;
    this.providerRef = b.providerRef;
    this.actions = Collections.unmodifiableSet(EnumSet.copyOf(b.actions));
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
    this.bindings = Collections.unmodifiableMap(new EnumMap<>(b.bindings));
    this.minInputImages = b.minInputImages;
    this.maxInputImages = b.maxInputImages;
    this.maxPromptLength = b.maxPromptLength;
    this.promptRequired = b.promptRequired;
    this.maxInputBytes = b.maxInputBytes;
    this.pricePerImage = b.pricePerImage;
    this.description = b.description;
    this.acceptsUnknownParameters = b.acceptsUnknownParameters;
  }

  /** Starts a spec; {@code providerRef} is the provider's own name (owner/name, endpoint id, model). */
  public static Builder builder(String id, String providerRef) {
    return new Builder(id, providerRef);
  }

  /** The id callers use in requests, such as {@code flux-schnell}. */
  public String id() {
    return id;
  }

  /** What the provider calls it: {@code black-forest-labs/flux-schnell}, an endpoint id, a model name. */
  public String providerRef() {
    return providerRef;
  }

  public Set<Action> actions() {
    return actions;
  }

  /** Parameters by their provider name, in declaration order. */
  public Map<String, ParameterSpec> parameters() {
    return parameters;
  }

  /** The provider parameter a common request field maps onto, if the model takes it. */
  public Optional<String> binding(CommonParameter common) {
    return Optional.ofNullable(bindings.get(common));
  }

  /** The spec of the parameter a common field maps onto, if the model takes it. */
  public Optional<ParameterSpec> parameter(CommonParameter common) {
    return binding(common).map(parameters::get);
  }

  public int minInputImages() {
    return minInputImages;
  }

  public int maxInputImages() {
    return maxInputImages;
  }

  public int maxPromptLength() {
    return maxPromptLength;
  }

  /** Whether a prompt must be given for {@link Action#CREATE} and {@link Action#EDIT}. */
  public boolean promptRequired() {
    return promptRequired;
  }

  /** The largest input image this model accepts, in bytes. */
  public long maxInputBytes() {
    return maxInputBytes;
  }

  /** The price of one output image, when known. An unknown price is never taken as free. */
  public Optional<Money> pricePerImage() {
    return Optional.ofNullable(pricePerImage);
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /**
   * Whether parameters not declared here are passed to the provider unchecked: true for a model
   * used outside the provider's catalogue, whose schema Pictor does not know.
   */
  public boolean acceptsUnknownParameters() {
    return acceptsUnknownParameters;
  }

  @Override
  public String toString() {
    return "ModelSpec{" + id + " -> " + providerRef + ", " + actions + "}";
  }

  /** Builds a {@link ModelSpec}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private final String providerRef;
    private final Set<Action> actions = EnumSet.noneOf(Action.class);
    private final Map<String, ParameterSpec> parameters = new LinkedHashMap<>();
    private final Map<CommonParameter, String> bindings = new EnumMap<>(CommonParameter.class);
    private int minInputImages = -1;
    private int maxInputImages = -1;
    private int maxPromptLength = 10_000;
    private boolean promptRequired = true;
    private long maxInputBytes = 10L * 1024 * 1024;
    private Money pricePerImage;
    private String description;
    private boolean acceptsUnknownParameters;

    private Builder(String id, String providerRef) {
      this.id = Objects.requireNonNull(id, "id == null");
      this.providerRef = Objects.requireNonNull(providerRef, "providerRef == null");
    }

    public Builder actions(Action... actions) {
      this.actions.addAll(Set.of(actions));
      return this;
    }

    /** Adds a provider-specific parameter. */
    public Builder parameter(ParameterSpec spec) {
      parameters.put(spec.name(), spec);
      return this;
    }

    /** Adds a parameter that a common request field maps onto. */
    public Builder parameter(ParameterSpec spec, CommonParameter binds) {
      parameter(spec);
      bindings.put(binds, spec.name());
      return this;
    }

    /** How many input images the model takes; defaults to 0 for create-only models, else 1. */
    public Builder inputImages(int min, int max) {
      if (min < 0 || max < min) throw new IllegalArgumentException("bad input image range " + min + ".." + max);
      this.minInputImages = min;
      this.maxInputImages = max;
      return this;
    }

    public Builder maxPromptLength(int chars) {
      this.maxPromptLength = chars;
      return this;
    }

    public Builder promptRequired(boolean required) {
      this.promptRequired = required;
      return this;
    }

    public Builder maxInputBytes(long bytes) {
      this.maxInputBytes = bytes;
      return this;
    }

    public Builder price(Money perImage) {
      this.pricePerImage = perImage;
      return this;
    }

    public Builder description(String text) {
      this.description = text;
      return this;
    }

    /** Passes undeclared parameters through unchecked (a model outside the catalogue). */
    public Builder acceptUnknownParameters() {
      this.acceptsUnknownParameters = true;
      return this;
    }

    public ModelSpec build() {
      if (actions.isEmpty()) throw new IllegalStateException("model " + id + " has no actions");
      if (minInputImages < 0) {
        boolean needsImage = !actions.contains(Action.CREATE);
        minInputImages = needsImage ? 1 : 0;
        maxInputImages = actions.equals(EnumSet.of(Action.CREATE)) ? 0 : 1;
      }
      return new ModelSpec(this);
    }
  }
}
