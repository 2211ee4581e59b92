package dev.pictor.calendar;

import dev.pictor.GenerationClient;
import dev.pictor.InvalidRequestException;
import dev.pictor.calendar.internal.CalendarEngine;
import dev.pictor.calendar.internal.ReplicateLoraTrainer;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.replicate.TrainingRequest;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The calendar shop of seed 001: a customer's photos and a theme in, a printable calendar out. A
 * project trains a FLUX LoRA on the photos (Replicate trainings) or, when it cannot, stylises each
 * photo with an edit model; generates 24 variants, at most 4 at a time, each available as soon as
 * it is ready; lets the customer pick 12 and give each a month; renders the PDF and deletes the
 * variants not chosen. Every step is stored in the client's job store before it is taken, so a
 * project survives a restart ({@link #resume()}); outputs of the same theme, photo and seed are
 * reused instead of paid for again; projects left without a selection expire
 * ({@link #deleteExpired()}).
 *
 * <p>Thread-safe: build one per client and share it. It owns no threads; the client runs the work.
 *
 * <pre>{@code
 * CalendarGenerator calendars = CalendarGenerator.builder(client, store)
 *     .training(replicate, "acme")                 // LoRA trainings; or .provider("sandbox")
 *     .listener(progressPrinter)
 *     .build();
 * CalendarProject project = calendars.start(CalendarRequest.builder(CalendarTheme.named("family"))
 *     .photos(Path.of("uploads/anna")).build());
 * project.awaitReady(Duration.ofMinutes(30));
 * project.autoSelect();
 * project.finalizeCalendar(Path.of("anna-2027.pdf"), RenderOptions.builder().year(2027).locale("uk").build());
 * }</pre>
 */
public final class CalendarGenerator {
  /** Photos a LoRA training needs: the trainer's recommended minimum, {@link TrainingRequest#RECOMMENDED_MIN_PHOTOS}. */
  public static final int MIN_TRAINING_PHOTOS = TrainingRequest.RECOMMENDED_MIN_PHOTOS;
  /** Variants of a full project, twice the months, as seed 001 generates them. */
  public static final int DEFAULT_VARIANTS = 24;
  /** Variants of a preview. */
  public static final int DEFAULT_PREVIEW_VARIANTS = 6;
  /** Variants generated at once. */
  public static final int DEFAULT_PARALLELISM = 4;
  /** How long a project may wait for its selection before its variants are deleted. */
  public static final Duration DEFAULT_EXPIRY = Duration.ofDays(7);

  private final CalendarEngine engine;

  private CalendarGenerator(CalendarEngine engine) {
    this.engine = engine;
  }

  /**
   * A builder for a generator over {@code client}, keeping projects in {@code store}: give the store
   * the client was built with, so a project and its jobs live (and survive restarts) together.
   *
   * @param client the client that runs the generations
   * @param store the client's job store
   * @return a builder
   */
  public static Builder builder(GenerationClient client, JobStore store) {
    return new Builder(client, store);
  }

  /**
   * Checks the request and every photo (format, size and dimensions, as the core checks images),
   * stores the project and starts it: training, or generation at once. Returns without waiting.
   *
   * @param request the theme, photos and options
   * @return the project
   * @throws InvalidRequestException before anything is sent, naming what is wrong
   */
  public CalendarProject start(CalendarRequest request) {
    Objects.requireNonNull(request, "request == null");
    return new CalendarProject(this, engine.start(request));
  }

  /**
   * A stored project by id.
   *
   * @param id the project's id
   * @return the project, or empty
   */
  public Optional<CalendarProject> project(String id) {
    return engine.projects().find(id).map(s -> new CalendarProject(this, id));
  }

  /**
   * Picks up every project a previous process left in flight: it resumes the client's jobs
   * ({@link GenerationClient#resume()}, which continues the variant batches), follows trainings by
   * their stored id, collects variants that ended meanwhile, and finishes interrupted renders.
   *
   * @return the projects taken up
   */
  public List<CalendarProject> resume() {
    List<CalendarProject> out = new ArrayList<>();
    for (String id : engine.resume()) out.add(new CalendarProject(this, id));
    return out;
  }

  /**
   * Expires projects that waited longer than the expiry without a selection (counted from when they
   * became ready, or were created when they never did): their variant images are deleted and they
   * end {@link ProjectStatus#FAILED} with {@link CalendarProgress#expired()} set. Call it from the
   * host's scheduler, say daily.
   *
   * @return the ids of the projects expired now
   */
  public List<String> deleteExpired() {
    return engine.finisher().expire();
  }

  CalendarEngine engine() {
    return engine;
  }

  /** Configures a {@link CalendarGenerator}. Not thread-safe; build once. */
  public static final class Builder {
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final GenerationClient client;
    private final JobStore store;
    private CalendarModels models;
    private ReplicateProvider replicate;
    private String trainingOwner;
    private Duration trainingPollInterval = Duration.ofSeconds(10);
    private int variants = DEFAULT_VARIANTS;
    private int previewVariants = DEFAULT_PREVIEW_VARIANTS;
    private int parallel = DEFAULT_PARALLELISM;
    private Duration expiry = DEFAULT_EXPIRY;
    private Scheduler scheduler = Scheduler.system();
    private final List<CalendarListener> listeners = new ArrayList<>();

    private Builder(GenerationClient client, JobStore store) {
      this.client = Objects.requireNonNull(client, "client == null");
      this.store = Objects.requireNonNull(store, "store == null");
    }

    /** The provider and edit models for direct stylisation; see {@link CalendarModels}. */
    public Builder models(CalendarModels models) {
      this.models = Objects.requireNonNull(models, "models == null");
      return this;
    }

    /** Shorthand for {@code models(CalendarModels.forProvider(provider))}: {@code replicate} or {@code sandbox}. */
    public Builder provider(String provider) {
      return models(CalendarModels.forProvider(provider));
    }

    /**
     * Enables LoRA training on Replicate: trained models are created as
     * {@code owner/calendar-lora-<photo set>} (the token's account must own {@code owner}). Models
     * default to {@link CalendarModels#replicate()}.
     *
     * @param provider the Replicate provider the client was built with
     * @param owner the Replicate user or organisation that owns the trained models
     * @return this builder
     */
    public Builder training(ReplicateProvider provider, String owner) {
      this.replicate = Objects.requireNonNull(provider, "provider == null");
      if (owner == null || !OWNER.matcher(owner).matches()) {
        throw new InvalidRequestException("trainingOwner", "training owner '" + owner
            + "' is not a Replicate user or organisation name");
      }
      this.trainingOwner = owner;
      return this;
    }

    /** How often a training is polled; default 10 s. */
    public Builder trainingPollInterval(Duration interval) {
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new InvalidRequestException("trainingPollInterval", "trainingPollInterval must be positive; got " + interval);
      }
      this.trainingPollInterval = interval;
      return this;
    }

    /** Variants of a full project, 12 to 96; default 24. */
    public Builder variants(int count) {
      this.variants = range("variants", count, 12, 96);
      return this;
    }

    /** Variants of a preview, 1 to 24; default 6. */
    public Builder previewVariants(int count) {
      this.previewVariants = range("previewVariants", count, 1, 24);
      return this;
    }

    /** Variants generated at once, 1 to 16; default 4. */
    public Builder maxParallel(int count) {
      this.parallel = range("maxParallel", count, 1, 16);
      return this;
    }

    /** How long a project may wait for a selection; default 7 days. */
    public Builder expiry(Duration expiry) {
      if (expiry == null || expiry.isNegative() || expiry.isZero()) {
        throw new InvalidRequestException("expiry", "expiry must be positive; got " + expiry);
      }
      this.expiry = expiry;
      return this;
    }

    /** The clock for timestamps and expiry: the client's scheduler (tests pass a {@code ManualClock}). */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
      return this;
    }

    /** Adds a listener for project events. */
    public Builder listener(CalendarListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener == null"));
      return this;
    }

    /**
     * Builds the generator.
     *
     * @return the generator
     * @throws InvalidRequestException when neither models nor training were given, or the client lacks
     *     their provider
     */
    public CalendarGenerator build() {
      CalendarModels m = models != null ? models : replicate != null ? CalendarModels.replicate() : null;
      if (m == null) {
        throw new InvalidRequestException("provider", "name the provider: provider(\"replicate\"), provider(\"sandbox\"),"
            + " models(...), or training(replicateProvider, owner)");
      }
      requireProvider(m.provider());
      if (replicate != null) requireProvider(replicate.id());
      CalendarEngine engine = new CalendarEngine(new CalendarEngine.Config(client, store, scheduler, m,
          replicate == null ? null : new ReplicateLoraTrainer(client, replicate, trainingOwner, trainingPollInterval),
          MIN_TRAINING_PHOTOS, variants, previewVariants, parallel, expiry, List.copyOf(listeners)));
      return new CalendarGenerator(engine);
    }

    private void requireProvider(String provider) {
      try {
        client.catalog(provider);
      } catch (RuntimeException e) {
        throw new InvalidRequestException("provider", "provider '" + provider + "' is not configured in the client: "
            + e.getMessage());
      }
    }

    private static int range(String field, int value, int min, int max) {
      if (value < min || value > max) {
        throw new InvalidRequestException(field, field + " = " + value + " must be from " + min + " to " + max);
      }
      return value;
    }
  }
}
