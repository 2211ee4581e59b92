package dev.pictor.replicate;

import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A FLUX LoRA training with {@code ostris/flux-dev-lora-trainer}: the destination model
 * ({@code owner/name}, created when missing), the user's photos (zipped and uploaded by the SDK), and
 * the trainer's inputs. Unset inputs take the trainer's defaults. Immutable and thread-safe; derive
 * variants with {@link #toBuilder()}.
 *
 * <pre>{@code
 * TrainingRequest request = TrainingRequest.builder("acme/anna-lora")
 *     .photos(List.of(ImageInput.of(Path.of("anna1.jpg")), ImageInput.of(Path.of("anna2.jpg"))))
 *     .triggerWord("ANNA")
 *     .steps(1000)
 *     .build();
 * }</pre>
 */
public final class TrainingRequest {
  /**
   * The fewest photos the trainer recommends: {@code ostris/flux-dev-lora-trainer} asks for 10 or
   * more images in {@code input_images} for a LoRA that holds the subject. Fewer are accepted (and
   * trained on), but the likeness suffers.
   */
  public static final int RECOMMENDED_MIN_PHOTOS = 10;

  private static final Pattern OWNER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");

  private final String destination;
  private final List<ImageInput> photos;
  private final String photosZipUrl;
  private final String triggerWord;
  private final Map<String, Object> inputs;
  private final String trainerVersion;
  private final String visibility;
  private final String hardware;

  private TrainingRequest(Builder b) {
    this.destination = b.destination;
    this.photos = List.copyOf(b.photos);
    this.photosZipUrl = b.photosZipUrl;
    this.triggerWord = b.triggerWord;
    this.inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
    this.trainerVersion = b.trainerVersion;
    this.visibility = b.visibility;
    this.hardware = b.hardware;
  }

  /** A training whose new version goes to {@code destination}, {@code owner/name}. */
  public static Builder builder(String destination) {
    return new Builder(destination);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The destination model, {@code owner/name}. */
  public String destination() { return destination; }
  /** The photos to train on; empty when {@link #photosZipUrl()} is given. */
  public List<ImageInput> photos() { return photos; }
  /** A ready zip of photos at a URL, instead of {@link #photos()}. */
  public Optional<String> photosZipUrl() { return Optional.ofNullable(photosZipUrl); }
  public String triggerWord() { return triggerWord; }
  /** The trainer's inputs other than {@code input_images} and {@code trigger_word}, by the trainer's names. */
  public Map<String, Object> inputs() { return inputs; }
  /** A pinned trainer version; empty for its latest. */
  public Optional<String> trainerVersion() { return Optional.ofNullable(trainerVersion); }
  /** The visibility of a destination model that has to be created: {@code private} or {@code public}. */
  public String visibility() { return visibility; }
  /** The hardware of a destination model that has to be created. */
  public String hardware() { return hardware; }

  @Override
  public String toString() {
    return "TrainingRequest{" + destination + ", photos=" + (photosZipUrl != null ? "zip" : photos.size())
        + ", trigger=" + triggerWord + "}";
  }

  /** Builds a {@link TrainingRequest}. Not thread-safe. */
  public static final class Builder {
    private final String destination;
    private final List<ImageInput> photos = new ArrayList<>();
    private String photosZipUrl;
    private String triggerWord = "TOK";
    private final Map<String, Object> inputs = new LinkedHashMap<>();
    private String trainerVersion;
    private String visibility = "private";
    private String hardware = "gpu-t4";

    private Builder(String destination) {
      this.destination = destination;
    }

    private Builder(TrainingRequest r) {
      this.destination = r.destination;
      this.photos.addAll(r.photos);
      this.photosZipUrl = r.photosZipUrl;
      this.triggerWord = r.triggerWord;
      this.inputs.putAll(r.inputs);
      this.trainerVersion = r.trainerVersion;
      this.visibility = r.visibility;
      this.hardware = r.hardware;
    }

    /** Appends a photo (a file or bytes; {@value TrainingRequest#RECOMMENDED_MIN_PHOTOS} or more recommended). */
    public Builder photo(ImageInput photo) {
      photos.add(Objects.requireNonNull(photo, "photo == null"));
      return this;
    }

    /** Replaces the photos. */
    public Builder photos(List<ImageInput> photos) {
      this.photos.clear();
      photos.forEach(this::photo);
      return this;
    }

    /** Trains on a zip already online, instead of photos the SDK zips and uploads. */
    public Builder photosZipUrl(String url) {
      this.photosZipUrl = url;
      return this;
    }

    /** The word that stands for the subject in prompts; default {@code TOK}. */
    public Builder triggerWord(String word) {
      this.triggerWord = word;
      return this;
    }

    /** Training steps, 3 to 6000 (500 to 4000 recommended); default 1000. */
    public Builder steps(int steps) {
      return input("steps", (long) steps);
    }

    /** LoRA rank, 1 to 128; default 16. */
    public Builder loraRank(int rank) {
      return input("lora_rank", (long) rank);
    }

    /** Default 0.0004. */
    public Builder learningRate(double rate) {
      return input("learning_rate", rate);
    }

    /** Default 1. */
    public Builder batchSize(int size) {
      return input("batch_size", (long) size);
    }

    /** Comma-separated training resolutions; default {@code 512,768,1024}. */
    public Builder resolution(String resolutions) {
      return input("resolution", resolutions);
    }

    /** Whether LLaVA captions the photos; default true. */
    public Builder autocaption(boolean autocaption) {
      return input("autocaption", autocaption);
    }

    /** Any other trainer input by its name, such as {@code caption_dropout_rate} or {@code optimizer}. */
    public Builder input(String name, Object value) {
      inputs.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** Pins the trainer's version; default its latest. */
    public Builder trainerVersion(String version) {
      this.trainerVersion = version;
      return this;
    }

    /** For a destination that has to be created: {@code private} (default) or {@code public}. */
    public Builder visibility(String visibility) {
      this.visibility = visibility;
      return this;
    }

    /** For a destination that has to be created: its hardware SKU; default {@code gpu-t4}. */
    public Builder hardware(String sku) {
      this.hardware = sku;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws InvalidRequestException naming the field when a value can never be valid
     */
    public TrainingRequest build() {
      if (destination == null || !OWNER_NAME.matcher(destination).matches()) {
        throw new InvalidRequestException("destination", "destination = " + destination + " must be owner/name");
      }
      if (photos.isEmpty() && photosZipUrl == null) {
        throw new InvalidRequestException("photos", "a training needs photos (" + RECOMMENDED_MIN_PHOTOS
            + " or more recommended) or a photosZipUrl");
      }
      if (!photos.isEmpty() && photosZipUrl != null) {
        throw new InvalidRequestException("photos", "give photos or a photosZipUrl, not both");
      }
      if (triggerWord == null || triggerWord.isBlank()) throw new InvalidRequestException("triggerWord", "triggerWord must not be empty");
      range("steps", 3, 6000);
      range("lora_rank", 1, 128);
      range("batch_size", 1, Integer.MAX_VALUE);
      if (inputs.get("learning_rate") instanceof Number && ((Number) inputs.get("learning_rate")).doubleValue() <= 0) {
        throw new InvalidRequestException("learning_rate", "learning_rate = " + inputs.get("learning_rate") + " must be positive");
      }
      if (inputs.containsKey("input_images") || inputs.containsKey("trigger_word")) {
        throw new InvalidRequestException("inputs", "set input_images and trigger_word with photos(...) and triggerWord(...)");
      }
      if (!"private".equals(visibility) && !"public".equals(visibility)) {
        throw new InvalidRequestException("visibility", "visibility = " + visibility + " must be private or public");
      }
      return new TrainingRequest(this);
    }

    private void range(String name, long min, long max) {
      Object v = inputs.get(name);
      if (v instanceof Number && (((Number) v).longValue() < min || ((Number) v).longValue() > max)) {
        throw new InvalidRequestException(name, name + " = " + v + " is not allowed: expected an integer from " + min
            + (max == Integer.MAX_VALUE ? " up" : " to " + max));
      }
    }
  }
}
