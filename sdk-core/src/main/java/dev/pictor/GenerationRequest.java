package dev.pictor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to generate: an {@link Action}, a model id from the provider's catalogue, a prompt, input
 * images and the common parameters, plus provider-specific ones. Immutable and thread-safe; derive
 * variants with {@link #toBuilder()}.
 *
 * <p>Building checks only what needs no model (a missing model, a negative seed); everything else
 * (ranges, enums, image formats, counts) is checked against the model's {@link ModelSpec} when the
 * request is submitted, before any network call.
 *
 * <pre>{@code
 * GenerationRequest sunset = GenerationRequest.create("flux-schnell")
 *     .prompt("A beautiful sunset over mountains")
 *     .aspectRatio("16:9")
 *     .seed(42)
 *     .build();
 * GenerationRequest clean = GenerationRequest.edit("flux-kontext-pro")
 *     .prompt("Place the product on a pure white background")
 *     .image(ImageInput.of(Path.of("shoe.jpg")))
 *     .build();
 * }</pre>
 */
public final class GenerationRequest {
  private final Action action;
  private final String model;
  private final String provider;
  private final String prompt;
  private final String negativePrompt;
  private final List<ImageInput> images;
  private final String aspectRatio;
  private final Integer width;
  private final Integer height;
  private final Long seed;
  private final Integer steps;
  private final Double guidance;
  private final Integer numOutputs;
  private final String outputFormat;
  private final Double upscaleFactor;
  private final Map<String, Object> parameters;
  private final Duration timeout;
  private final Instant deadline;
  private final String owner;
  private final Set<String> tags;
  private final List<ChainStep> chain;

  private GenerationRequest(Builder b) {
    this.action = b.action;
    this.model = b.model;
    this.provider = b.provider;
    this.prompt = b.prompt;
    this.negativePrompt = b.negativePrompt;
    this.images = Collections.unmodifiableList(new ArrayList<>(b.images));
    this.aspectRatio = b.aspectRatio;
    this.width = b.width;
    this.height = b.height;
    this.seed = b.seed;
    this.steps = b.steps;
    this.guidance = b.guidance;
    this.numOutputs = b.numOutputs;
    this.outputFormat = b.outputFormat;
    this.upscaleFactor = b.upscaleFactor;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
    this.timeout = b.timeout;
    this.deadline = b.deadline;
    this.owner = b.owner;
    this.tags = Collections.unmodifiableSet(new LinkedHashSet<>(b.tags));
    this.chain = List.copyOf(b.chain);
  }

  /** Text to image with {@code model}. */
  public static Builder create(String model) {
    return new Builder(Action.CREATE, model);
  }

  /** Edit one or more input images with {@code model}, following the prompt. */
  public static Builder edit(String model) {
    return new Builder(Action.EDIT, model);
  }

  /** Upscale one input image with {@code model}. */
  public static Builder upscale(String model) {
    return new Builder(Action.UPSCALE, model);
  }

  /** Remove the background of one input image with {@code model}. */
  public static Builder removeBackground(String model) {
    return new Builder(Action.REMOVE_BACKGROUND, model);
  }

  /** A request for any action. */
  public static Builder builder(Action action, String model) {
    return new Builder(action, model);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public Action action() {
    return action;
  }

  public String model() {
    return model;
  }

  /** The provider to use when the client has several; empty means the client's default. */
  public Optional<String> provider() {
    return Optional.ofNullable(provider);
  }

  public Optional<String> prompt() {
    return Optional.ofNullable(prompt);
  }

  public Optional<String> negativePrompt() {
    return Optional.ofNullable(negativePrompt);
  }

  public List<ImageInput> images() {
    return images;
  }

  public Optional<String> aspectRatio() {
    return Optional.ofNullable(aspectRatio);
  }

  public Optional<Integer> width() {
    return Optional.ofNullable(width);
  }

  public Optional<Integer> height() {
    return Optional.ofNullable(height);
  }

  public Optional<Long> seed() {
    return Optional.ofNullable(seed);
  }

  public Optional<Integer> steps() {
    return Optional.ofNullable(steps);
  }

  public Optional<Double> guidance() {
    return Optional.ofNullable(guidance);
  }

  /** How many images to make; the model's default when empty. */
  public Optional<Integer> numOutputs() {
    return Optional.ofNullable(numOutputs);
  }

  public Optional<String> outputFormat() {
    return Optional.ofNullable(outputFormat);
  }

  public Optional<Double> upscaleFactor() {
    return Optional.ofNullable(upscaleFactor);
  }

  /** Provider-specific parameters by the provider's names, checked against the model's spec. */
  public Map<String, Object> parameters() {
    return parameters;
  }

  /** How long the job may take from its submission; see also {@link #deadline()}. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** The absolute time by which the job must finish, or be cancelled at the provider. */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** Who the job belongs to, for history queries and per-owner output folders. */
  public Optional<String> owner() {
    return Optional.ofNullable(owner);
  }

  public Set<String> tags() {
    return tags;
  }

  /** The steps that run on this job's output, in order: see {@link ChainStep}. */
  public List<ChainStep> chain() {
    return chain;
  }

  @Override
  public String toString() {
    return "GenerationRequest{" + action.wireName() + " " + model
        + (prompt == null ? "" : ", prompt=" + abbreviate(prompt))
        + (images.isEmpty() ? "" : ", images=" + images.size()) + "}";
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? '"' + s + '"' : '"' + s.substring(0, 57) + "...\"";
  }

  /** Builds a {@link GenerationRequest}. Not thread-safe. */
  public static final class Builder {
    private Action action;
    private String model;
    private String provider;
    private String prompt;
    private String negativePrompt;
    private final List<ImageInput> images = new ArrayList<>();
    private String aspectRatio;
    private Integer width;
    private Integer height;
    private Long seed;
    private Integer steps;
    private Double guidance;
    private Integer numOutputs;
    private String outputFormat;
    private Double upscaleFactor;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private Duration timeout;
    private Instant deadline;
    private String owner;
    private final Set<String> tags = new LinkedHashSet<>();
    private final List<ChainStep> chain = new ArrayList<>();

    private Builder(Action action, String model) {
      this.action = Objects.requireNonNull(action, "action == null");
      this.model = model;
    }

    private Builder(GenerationRequest r) {
      this.action = r.action;
      this.model = r.model;
      this.provider = r.provider;
      this.prompt = r.prompt;
      this.negativePrompt = r.negativePrompt;
      this.images.addAll(r.images);
      this.aspectRatio = r.aspectRatio;
      this.width = r.width;
      this.height = r.height;
      this.seed = r.seed;
      this.steps = r.steps;
      this.guidance = r.guidance;
      this.numOutputs = r.numOutputs;
      this.outputFormat = r.outputFormat;
      this.upscaleFactor = r.upscaleFactor;
      this.parameters.putAll(r.parameters);
      this.timeout = r.timeout;
      this.deadline = r.deadline;
      this.owner = r.owner;
      this.tags.addAll(r.tags);
      this.chain.addAll(r.chain);
    }

    public Builder action(Action action) {
      this.action = Objects.requireNonNull(action, "action == null");
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder provider(String providerId) {
      this.provider = providerId;
      return this;
    }

    public Builder prompt(String prompt) {
      this.prompt = prompt;
      return this;
    }

    public Builder negativePrompt(String negativePrompt) {
      this.negativePrompt = negativePrompt;
      return this;
    }

    /** Appends an input image. */
    public Builder image(ImageInput image) {
      images.add(Objects.requireNonNull(image, "image == null"));
      return this;
    }

    /** Replaces the input images. */
    public Builder images(List<ImageInput> images) {
      this.images.clear();
      images.forEach(this::image);
      return this;
    }

    /** An aspect ratio such as {@code 16:9}; exclusive with {@link #size}. */
    public Builder aspectRatio(String ratio) {
      this.aspectRatio = ratio;
      return this;
    }

    /** Exact output dimensions in pixels; exclusive with {@link #aspectRatio}. */
    public Builder size(int width, int height) {
      this.width = width;
      this.height = height;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder steps(int steps) {
      this.steps = steps;
      return this;
    }

    public Builder guidance(double guidance) {
      this.guidance = guidance;
      return this;
    }

    public Builder numOutputs(int count) {
      this.numOutputs = count;
      return this;
    }

    /** The format to ask for ({@code png}, {@code webp}, ...); files still get the extension of the bytes received. */
    public Builder outputFormat(String format) {
      this.outputFormat = format;
      return this;
    }

    public Builder upscaleFactor(double factor) {
      this.upscaleFactor = factor;
      return this;
    }

    /** A provider-specific parameter by its provider name, such as {@code safety_tolerance}. */
    public Builder parameter(String name, Object value) {
      parameters.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** How long the job may take once submitted; a passed deadline cancels it at the provider. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** An absolute deadline; a passed deadline cancels the job at the provider. */
    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    public Builder tag(String tag) {
      tags.add(Objects.requireNonNull(tag, "tag == null"));
      return this;
    }

    /**
     * Upscales the output by {@code factor} as a job of its own once this one succeeds, with the
     * provider's first upscale model.
     */
    public Builder thenUpscale(double factor) {
      return then(new ChainStep(Action.UPSCALE, null, factor));
    }

    /** As {@link #thenUpscale(double)}, with a named model. */
    public Builder thenUpscale(double factor, String model) {
      return then(new ChainStep(Action.UPSCALE, Objects.requireNonNull(model, "model == null"), factor));
    }

    /** Removes the output's background as a job of its own once this one succeeds. */
    public Builder thenRemoveBackground() {
      return then(new ChainStep(Action.REMOVE_BACKGROUND, null, null));
    }

    /** As {@link #thenRemoveBackground()}, with a named model. */
    public Builder thenRemoveBackground(String model) {
      return then(new ChainStep(Action.REMOVE_BACKGROUND, Objects.requireNonNull(model, "model == null"), null));
    }

    /** Appends a chained step. */
    public Builder then(ChainStep step) {
      chain.add(Objects.requireNonNull(step, "step == null"));
      return this;
    }

    /** Replaces the chained steps. */
    public Builder chain(List<ChainStep> steps) {
      chain.clear();
      steps.forEach(this::then);
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws InvalidRequestException when the model is missing or a value can never be valid
     */
    public GenerationRequest build() {
      if (model == null || model.isBlank()) {
        throw new InvalidRequestException("model", "model is required: name a model id from the provider's catalogue");
      }
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new InvalidRequestException("timeout", "timeout = " + timeout + " must be positive");
      }
      if ((width == null) != (height == null)) {
        throw new InvalidRequestException("size", "width and height must be given together");
      }
      return new GenerationRequest(this);
    }
  }
}
