package dev.pictor.calendar;

import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a customer asked for: a theme, their photos, whether to train a LoRA on them or stylise each
 * photo directly, and whether this is a quick preview. Building checks what needs no provider (a
 * theme, at least one photo held locally, the trigger word); {@link CalendarGenerator#start} checks
 * every photo as the core checks images (format by magic bytes, size, dimensions) before anything is
 * sent. Immutable and thread-safe.
 *
 * <pre>{@code
 * CalendarRequest request = CalendarRequest.builder(CalendarTheme.named("family"))
 *     .photos(Path.of("uploads/anna"))      // every JPEG, PNG and WEBP file in the folder, by name
 *     .owner("customer-42")
 *     .build();
 * }</pre>
 */
public final class CalendarRequest {
  /** The most photos a project takes. */
  public static final int MAX_PHOTOS = 100;
  private static final Pattern TRIGGER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{1,31}");

  private final CalendarTheme theme;
  private final List<ImageInput> photos;
  private final Method method;
  private final boolean preview;
  private final String owner;
  private final String triggerWord;
  private final long seed;

  private CalendarRequest(Builder b) {
    this.theme = b.theme;
    this.photos = List.copyOf(b.photos);
    this.method = b.method;
    this.preview = b.preview;
    this.owner = b.owner;
    this.triggerWord = b.triggerWord;
    this.seed = b.seed;
  }

  /**
   * A request for a calendar in {@code theme}.
   *
   * @param theme a built-in or custom theme
   * @return a builder
   */
  public static Builder builder(CalendarTheme theme) {
    return new Builder(theme);
  }

  /** The theme. */
  public CalendarTheme theme() {
    return theme;
  }

  /** The customer's photos, in order; variants cycle through them. */
  public List<ImageInput> photos() {
    return photos;
  }

  /** How the photos are stylised. */
  public Method method() {
    return method;
  }

  /** Whether this is a preview: fewer variants on a faster, cheaper model. */
  public boolean preview() {
    return preview;
  }

  /** Who the project belongs to, for queries and per-owner output folders. */
  public Optional<String> owner() {
    return Optional.ofNullable(owner);
  }

  /** The word standing for the customer in LoRA prompts. */
  public String triggerWord() {
    return triggerWord;
  }

  /** The first variant's seed; variant {@code n} uses {@code seed + n - 1}. */
  public long seed() {
    return seed;
  }

  @Override
  public String toString() {
    return "CalendarRequest{" + theme.name() + ", photos=" + photos.size() + ", " + method + (preview ? ", preview" : "") + "}";
  }

  /** How a project stylises the customer's photos. */
  public enum Method {
    /**
     * A LoRA when the generator can train and there are enough photos for training
     * ({@link CalendarGenerator#MIN_TRAINING_PHOTOS}); otherwise a direct edit of each photo.
     */
    AUTO,
    /** Train a FLUX LoRA on the photos, then generate with it; refused when training is impossible. */
    LORA,
    /** Stylise each photo directly with an edit model (for example flux-kontext-pro). */
    EDIT
  }

  /** Builds a {@link CalendarRequest}. Not thread-safe. */
  public static final class Builder {
    private final CalendarTheme theme;
    private final List<ImageInput> photos = new ArrayList<>();
    private Method method = Method.AUTO;
    private boolean preview;
    private String owner;
    private String triggerWord = "TOK";
    private long seed = 1;

    private Builder(CalendarTheme theme) {
      this.theme = theme;
    }

    /** Appends a photo: a file or bytes (a URL cannot be trained on or hashed for the cache). */
    public Builder photo(ImageInput photo) {
      photos.add(Objects.requireNonNull(photo, "photo == null"));
      return this;
    }

    /** Appends the photos. */
    public Builder photos(List<ImageInput> photos) {
      photos.forEach(this::photo);
      return this;
    }

    /**
     * Appends every {@code .jpg}, {@code .jpeg}, {@code .png} and {@code .webp} file directly in
     * {@code folder}, sorted by name.
     *
     * @param folder the folder of photos
     * @return this builder
     * @throws InvalidRequestException when it is not a folder or holds no such file
     */
    public Builder photos(Path folder) {
      Objects.requireNonNull(folder, "folder == null");
      if (!Files.isDirectory(folder)) {
        throw new InvalidRequestException("photos", "photos folder " + folder + " does not exist or is not a folder");
      }
      List<Path> files;
      try (Stream<Path> list = Files.list(folder)) {
        files = list.filter(Files::isRegularFile).filter(Builder::isPhotoName).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException("listing " + folder, e);
      }
      if (files.isEmpty()) {
        throw new InvalidRequestException("photos", "photos folder " + folder + " has no .jpg, .jpeg, .png or .webp file");
      }
      files.forEach(f -> photo(ImageInput.of(f)));
      return this;
    }

    private static boolean isPhotoName(Path p) {
      String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
      return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".webp");
    }

    /** How the photos are stylised; default {@link Method#AUTO}. */
    public Builder method(Method method) {
      this.method = Objects.requireNonNull(method, "method == null");
      return this;
    }

    /** A quick look first: fewer variants on a faster, cheaper model; default false. */
    public Builder preview(boolean preview) {
      this.preview = preview;
      return this;
    }

    /** Who the project belongs to. */
    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    /** The LoRA trigger word, 2 to 32 letters, digits or underscores; default {@code TOK}. */
    public Builder triggerWord(String word) {
      this.triggerWord = word;
      return this;
    }

    /**
     * The first variant's seed (0 or more); default 1. The same theme, photo and seed reuse a stored
     * output instead of paying again.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws InvalidRequestException naming what is missing or wrong
     */
    public CalendarRequest build() {
      if (theme == null) {
        throw new InvalidRequestException("theme", "a calendar needs a theme: CalendarTheme.named(\"family\") or a custom one");
      }
      if (photos.isEmpty()) {
        throw new InvalidRequestException("photos", "a calendar needs at least 1 photo; got none");
      }
      if (photos.size() > MAX_PHOTOS) {
        throw new InvalidRequestException("photos", "a calendar takes at most " + MAX_PHOTOS + " photos; got " + photos.size());
      }
      for (int i = 0; i < photos.size(); i++) {
        if (!photos.get(i).isLocal()) {
          throw new InvalidRequestException("photos[" + i + "]", "photo " + (i + 1) + " (" + photos.get(i).name()
              + ") is not held locally: give a file or bytes, not a URL or another job's output");
        }
      }
      if (triggerWord == null || !TRIGGER.matcher(triggerWord).matches()) {
        throw new InvalidRequestException("triggerWord", "triggerWord '" + triggerWord
            + "' is not allowed: use 2 to 32 letters, digits or underscores, starting with a letter");
      }
      if (seed < 0 || seed > 4_000_000_000L) {
        throw new InvalidRequestException("seed", "seed = " + seed + " must be from 0 to 4000000000");
      }
      if (owner != null && (owner.isBlank() || owner.length() > 200)) {
        throw new InvalidRequestException("owner", "owner must be 1 to 200 characters when given");
      }
      return new CalendarRequest(this);
    }
  }
}
