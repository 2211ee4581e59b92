package dev.pictor;

import dev.pictor.internal.TemplateCodec;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.pictor.prompt.PromptTemplate;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okio.Buffer;

/**
 * A named, reusable generation preset that an application can save, list, mark as a favourite and
 * start new requests from: the action, model and optional provider, a prompt that may have
 * {@code {name}} placeholders (see {@link PromptTemplate}), a negative prompt, an aspect ratio,
 * provider parameters and source images given by reference.
 *
 * <p>Source images are references, never bytes: an {@code http}/{@code https} URL, or an earlier
 * job's output written {@code job:<job id>#<output index>} (an image picked from the generation
 * history), which {@link #apply(Map)} turns into {@link ImageInput#fromJob}.
 *
 * <p>Parameters hold JSON values only: strings, booleans and finite numbers. Whole numbers are kept
 * as {@link Integer} (or {@link Long} beyond its range) and other numbers as {@link Double}, so a
 * template read back from {@link #toJson()} equals the one written.
 *
 * <p>The JSON form carries {@code "version": 1}; {@link #fromJson} ignores fields it does not know,
 * so templates written by newer releases of the same version still load, and refuses a newer
 * version with a message saying so.
 *
 * <p>Immutable and thread-safe; derive variants with {@link #toBuilder()}.
 *
 * <pre>{@code
 * GenerationTemplate studio = GenerationTemplate.builder()
 *     .name("Studio shot").action(Action.EDIT).model("flux-kontext-pro")
 *     .prompt("Place the {product} on a pure white background with a soft shadow")
 *     .aspectRatio("4:5").parameter("safety_tolerance", 2).favorite(true)
 *     .build();
 * store.save(studio.toJson());
 * GenerationRequest r = GenerationTemplate.fromJson(json).apply(Map.of("product", "sneaker"))
 *     .image(ImageInput.of(Path.of("sneaker.jpg"))).build();
 * }</pre>
 */
public final class GenerationTemplate {
  /** The JSON format version {@link #toJson()} writes and the newest {@link #fromJson} reads. */
  public static final int FORMAT_VERSION = 1;

  private static final Pattern RATIO = Pattern.compile("[1-9][0-9]{0,4}:[1-9][0-9]{0,4}");
  private static final Pattern JOB_OUTPUT = Pattern.compile("job:([^#\\s]+)#(0|[1-9][0-9]{0,8})");

  private final String name;
  private final Action action;
  private final String model;
  private final String provider;
  private final String prompt;
  private final PromptTemplate promptTemplate;
  private final String negativePrompt;
  private final String aspectRatio;
  private final Map<String, Object> parameters;
  private final List<String> images;
  private final boolean favorite;
  private final Instant createdAt;

  private GenerationTemplate(Builder b, PromptTemplate promptTemplate) {
    this.name = b.name;
    this.action = b.action;
    this.model = b.model;
    this.provider = b.provider;
    this.prompt = b.prompt;
    this.promptTemplate = promptTemplate;
    this.negativePrompt = b.negativePrompt;
    this.aspectRatio = b.aspectRatio;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
    this.images = List.copyOf(b.images);
    this.favorite = b.favorite;
    this.createdAt = b.createdAt;
  }

  /** A builder; name, action and model are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this template's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The name users know the template by. */
  public String name() {
    return name;
  }

  /** What the requests made from the template do. */
  public Action action() {
    return action;
  }

  /** The model id in the provider's catalogue. */
  public String model() {
    return model;
  }

  /** The provider to use when the client has several; empty means the client's default. */
  public Optional<String> provider() {
    return Optional.ofNullable(provider);
  }

  /** The prompt as stored: template text with its placeholders and doubled braces. */
  public Optional<String> prompt() {
    return Optional.ofNullable(prompt);
  }

  /** The prompt's placeholder names in order, each once; empty without a prompt or placeholders. */
  public Set<String> placeholders() {
    return promptTemplate == null ? Set.of() : promptTemplate.placeholders();
  }

  /** The negative prompt, used as it is (it is not a template). */
  public Optional<String> negativePrompt() {
    return Optional.ofNullable(negativePrompt);
  }

  /** An aspect ratio such as {@code 4:5}, when the template fixes one. */
  public Optional<String> aspectRatio() {
    return Optional.ofNullable(aspectRatio);
  }

  /** Provider-specific parameters by the provider's names, in the order given. */
  public Map<String, Object> parameters() {
    return parameters;
  }

  /** Source image references in order: URLs and {@code job:<id>#<n>} job outputs. */
  public List<String> images() {
    return images;
  }

  /** Whether the user marked the template as a favourite. */
  public boolean favorite() {
    return favorite;
  }

  /** When the template was made, if recorded. */
  public Optional<Instant> createdAt() {
    return Optional.ofNullable(createdAt);
  }

  /**
   * A request builder filled in from this template, for a prompt without placeholders.
   *
   * @throws InvalidRequestException naming the placeholders when the prompt has any
   */
  public GenerationRequest.Builder apply() {
    return apply(Map.of());
  }

  /**
   * A request builder filled in from this template, with the prompt's placeholders filled from
   * {@code values} (names the prompt does not use are ignored). URL images become
   * {@link ImageInput#ofUrl} inputs and job outputs {@link ImageInput#fromJob} inputs, which the
   * client resolves when the request is submitted. The builder is new on each call; change or add
   * to it (more images, a seed) before building.
   *
   * @throws InvalidRequestException naming the placeholders that have no value
   */
  public GenerationRequest.Builder apply(Map<String, ?> values) {
    Objects.requireNonNull(values, "values == null");
    GenerationRequest.Builder b = GenerationRequest.builder(action, model)
        .provider(provider)
        .negativePrompt(negativePrompt)
        .aspectRatio(aspectRatio);
    if (promptTemplate != null) b.prompt(promptTemplate.render(values));
    parameters.forEach(b::parameter);
    for (String ref : images) {
      Matcher job = JOB_OUTPUT.matcher(ref);
      b.image(job.matches() ? ImageInput.fromJob(job.group(1), Integer.parseInt(job.group(2))) : ImageInput.ofUrl(ref));
    }
    return b;
  }

  /** The template as a JSON object with {@code "version": 1}; optional fields that are empty are left out. */
  public String toJson() {
    return TemplateCodec.write(this);
  }


  /**
   * Reads a template written by {@link #toJson()}. Unknown fields are ignored; a null field counts as absent.
   *
   * @throws InvalidRequestException when the text is not JSON ({@code json}), has no version or a
   *     version this release cannot read ({@code version}), or holds a value the builder refuses
   */
  public static GenerationTemplate fromJson(String json) {
    Objects.requireNonNull(json, "json == null");
    try {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json));
      TemplateCodec.checkVersion(reader.peekJson());
      GenerationTemplate template = TemplateCodec.read(reader);
      TemplateCodec.requireEnd(reader);
      return template;
    } catch (IOException | JsonDataException e) {
      // Moshi's advice to turn on leniency is for programmers, not for whoever wrote the JSON.
      String why = String.valueOf(e.getMessage()).replace("Use JsonReader.setLenient(true) to accept malformed JSON",
          "malformed JSON");
      throw new InvalidRequestException("json", "template is not valid JSON: " + why, null, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof GenerationTemplate)) return false;
    GenerationTemplate t = (GenerationTemplate) o;
    return favorite == t.favorite && name.equals(t.name) && action == t.action && model.equals(t.model)
        && Objects.equals(provider, t.provider) && Objects.equals(prompt, t.prompt)
        && Objects.equals(negativePrompt, t.negativePrompt) && Objects.equals(aspectRatio, t.aspectRatio)
        && parameters.equals(t.parameters) && images.equals(t.images) && Objects.equals(createdAt, t.createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, action, model, provider, prompt, negativePrompt, aspectRatio, parameters, images,
        favorite, createdAt);
  }

  /** The name, action, model, a shortened prompt, parameter names and the image count; never the values. */
  @Override
  public String toString() {
    return "GenerationTemplate{" + abbreviate(name, 40) + " " + action.wireName() + " " + model
        + (prompt == null ? "" : ", prompt=" + abbreviate(prompt, 60))
        + (parameters.isEmpty() ? "" : ", parameters=" + parameters.keySet())
        + (images.isEmpty() ? "" : ", images=" + images.size())
        + (favorite ? ", favorite" : "") + "}";
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? '"' + s + '"' : '"' + s.substring(0, max - 3) + "...\"";
  }

  private static String clean(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Builds a {@link GenerationTemplate}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private Action action;
    private String model;
    private String provider;
    private String prompt;
    private String negativePrompt;
    private String aspectRatio;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final List<String> images = new ArrayList<>();
    private boolean favorite;
    private Instant createdAt;

    private Builder() {}

    private Builder(GenerationTemplate t) {
      name = t.name;
      action = t.action;
      model = t.model;
      provider = t.provider;
      prompt = t.prompt;
      negativePrompt = t.negativePrompt;
      aspectRatio = t.aspectRatio;
      parameters.putAll(t.parameters);
      images.addAll(t.images);
      favorite = t.favorite;
      createdAt = t.createdAt;
    }

    /** The template's name; required, not blank. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** What requests made from the template do; required. */
    public Builder action(Action action) {
      this.action = action;
      return this;
    }

    /** A model id from the provider's catalogue; required. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** A provider id; null or blank for the client's default. */
    public Builder provider(String providerId) {
      this.provider = clean(providerId);
      return this;
    }

    /** The prompt, a {@link PromptTemplate} text (plain text is a template without placeholders); null or blank for none. */
    public Builder prompt(String prompt) {
      this.prompt = clean(prompt);
      return this;
    }

    /** What the image should not show, used as it is; null or blank for none. */
    public Builder negativePrompt(String negativePrompt) {
      this.negativePrompt = clean(negativePrompt);
      return this;
    }

    /**
     * An aspect ratio such as {@code 1:1}, {@code 4:5} or {@code 9:16}; null for none.
     *
     * @throws InvalidRequestException naming {@code aspectRatio} when it is not two positive whole numbers
     */
    public Builder aspectRatio(String ratio) {
      if (ratio != null && !RATIO.matcher(ratio).matches()) {
        throw new InvalidRequestException("aspectRatio", "aspectRatio = " + ratio
            + " is not a ratio: expected two positive whole numbers such as 4:5");
      }
      this.aspectRatio = ratio;
      return this;
    }

    /**
     * A provider-specific parameter by its provider name. Whole numbers are stored as Integer (or
     * Long when larger) and Float as Double.
     *
     * @throws InvalidRequestException naming {@code parameters.<name>} when the value is not a string,
     *     a boolean or a finite Integer, Long, Short, Byte, Float or Double, or the name is blank
     */
    public Builder parameter(String name, Object value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      if (name.isBlank()) throw new InvalidRequestException("parameters", "a parameter name must not be blank");
      parameters.put(name, jsonValue(name, value));
      return this;
    }

    /** Replaces the parameters, each checked as by {@link #parameter}. */
    public Builder parameters(Map<String, ?> parameters) {
      this.parameters.clear();
      parameters.forEach(this::parameter);
      return this;
    }

    /**
     * Appends a source image reference: an {@code http}/{@code https} URL or {@code job:<id>#<n>}.
     *
     * @throws InvalidRequestException naming {@code images[i]} when it is neither
     */
    public Builder image(String reference) {
      Objects.requireNonNull(reference, "reference == null");
      String field = "images[" + images.size() + "]";
      if (!JOB_OUTPUT.matcher(reference).matches()) {
        try {
          ImageInput.ofUrl(reference);
        } catch (InvalidRequestException e) {
          throw new InvalidRequestException(field, "image '" + reference + "' is neither an http or https URL"
              + " with a host nor a job output written job:<job id>#<output index>", null, e);
        }
      }
      images.add(reference);
      return this;
    }

    /** Appends output {@code outputIndex} (from 0) of job {@code jobId}, stored as {@code job:<jobId>#<outputIndex>}. */
    public Builder jobImage(String jobId, int outputIndex) {
      Objects.requireNonNull(jobId, "jobId == null");
      if (outputIndex < 0) {
        throw new InvalidRequestException("images[" + images.size() + "]", "output index " + outputIndex
            + " of job " + jobId + " must be 0 or more");
      }
      return image("job:" + jobId + "#" + outputIndex);
    }

    /** Replaces the source image references, each checked as by {@link #image}. */
    public Builder images(List<String> references) {
      images.clear();
      references.forEach(this::image);
      return this;
    }

    /** Whether the template is a favourite; false by default. */
    public Builder favorite(boolean favorite) {
      this.favorite = favorite;
      return this;
    }

    /** When the template was made; null (the default) for not recorded. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /**
     * Builds the template.
     *
     * @throws InvalidRequestException naming {@code name}, {@code action} or {@code model} when one is
     *     missing, or {@code prompt} when it is not a valid template
     */
    public GenerationTemplate build() {
      if (name == null || name.isBlank()) {
        throw new InvalidRequestException("name", "name is required: a template needs a name to be found by");
      }
      if (action == null) {
        throw new InvalidRequestException("action", "action is required: one of create, edit, upscale, remove-background");
      }
      if (model == null || model.isBlank()) {
        throw new InvalidRequestException("model", "model is required: name a model id from the provider's catalogue");
      }
      PromptTemplate parsed = null;
      if (prompt != null) {
        try {
          parsed = PromptTemplate.of(prompt);
        } catch (InvalidRequestException e) {
          throw new InvalidRequestException("prompt", e.getMessage(), null, e);
        }
      }
      return new GenerationTemplate(this, parsed);
    }

    private static Object jsonValue(String name, Object v) {
      if (v instanceof String || v instanceof Boolean) return v;
      if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).intValue();
      if (v instanceof Long) {
        long l = (Long) v;
        return l == (int) l ? Integer.valueOf((int) l) : v;
      }
      if (v instanceof Double || v instanceof Float) {
        // Float through its decimal text, so 0.1f is kept as 0.1 rather than 0.10000000149011612.
        double d = v instanceof Float ? Double.parseDouble(v.toString()) : (Double) v;
        if (Double.isFinite(d)) return d;
        throw new InvalidRequestException("parameters." + name, "parameter '" + name + "' = " + v
            + " is not a finite number, which JSON cannot hold");
      }
      throw new InvalidRequestException("parameters." + name, "parameter '" + name + "' is a "
          + v.getClass().getName() + "; a template parameter must be a string, a boolean or an Integer, Long,"
          + " Short, Byte, Float or Double");
    }
  }
}
