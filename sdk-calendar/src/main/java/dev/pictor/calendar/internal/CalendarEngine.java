package dev.pictor.calendar.internal;

import dev.pictor.GeneratedImage;
import dev.pictor.GenerationClient;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.calendar.CalendarListener;
import dev.pictor.calendar.CalendarModels;
import dev.pictor.calendar.CalendarProgress;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.CalendarRequest;
import dev.pictor.calendar.MonthPick;
import dev.pictor.calendar.ProjectStatus;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calendar workflow: starts projects, trains (or finds a cached LoRA), hands generation to the
 * {@link VariantRunner} and finishing to the {@link Finisher}, writes every change to the job store
 * first and then tells the listener, and picks projects up again after a restart. Thread-safe.
 */
public final class CalendarEngine {
  private static final Logger log = LoggerFactory.getLogger(CalendarEngine.class);
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  /** Everything the generator was built with. */
  public record Config(GenerationClient client, JobStore store, Scheduler clock, CalendarModels models,
      LoraTrainer trainer, int minTrainingPhotos, int variants, int previewVariants, int parallel, Duration expiry,
      List<CalendarListener> listeners) {}

  private final Config config;
  private final ProjectStore projects;
  private final OutputCache cache;
  private final VariantRequests requests;
  private final VariantRunner runner;
  private final Finisher finisher;
  private final TrainingStep training;
  private final Replanning replanning;
  private final Events events;
  /** Projects this engine runs (started or resumed here). */
  private final Set<String> active = ConcurrentHashMap.newKeySet();
  /** Photos given in memory, for projects started in this process. */
  private final Map<String, List<ImageInput>> livePhotos = new ConcurrentHashMap<>();
  private final Map<String, List<CompletableFuture<CalendarProgress>>> waiters = new ConcurrentHashMap<>();

  public CalendarEngine(Config config) {
    this.config = config;
    this.projects = new ProjectStore(config.store(), config.clock());
    this.cache = new OutputCache(config.store(), config.client(), config.clock());
    this.requests = new VariantRequests(config.client());
    this.events = new Events(config.listeners());
    this.runner = new VariantRunner(this, cache, requests);
    this.finisher = new Finisher(this, cache);
    this.training = new TrainingStep(this, cache);
    this.replanning = new Replanning(this);
  }

  Config config() {
    return config;
  }

  public ProjectStore projects() {
    return projects;
  }

  public VariantRunner runner() {
    return runner;
  }

  public Finisher finisher() {
    return finisher;
  }

  // ---- starting -------------------------------------------------------------------------------

  /**
   * Checks the request and its photos (before anything is sent), stores the project and starts it.
   *
   * @throws InvalidRequestException naming the photo or setting that is wrong
   */
  public String start(CalendarRequest r) {
    String method = method(r);
    CalendarModels models = config.models();
    List<ProjectState.Photo> photos = new ArrayList<>();
    for (int i = 0; i < r.photos().size(); i++) {
      ImageInput photo = r.photos().get(i);
      try {
        config.client().validate(requests.probe(models.provider(), models.editModel(), r.theme(), photo));
      } catch (InvalidRequestException e) {
        if (!e.field().map(f -> f.startsWith("images")).orElse(false)) throw e;
        String label = "photo " + (i + 1) + " (" + photo.name() + ")";
        String core = "images[0] (" + photo.name() + ")";
        String why = e.getMessage().startsWith(core) ? label + e.getMessage().substring(core.length())
            : label + ": " + e.getMessage();
        throw new InvalidRequestException("photos[" + i + "]", why);
      }
      ProjectState.Photo p = new ProjectState.Photo();
      p.name = photo.name();
      p.path = photo.path().map(f -> f.toAbsolutePath().toString()).orElse(null);
      p.sha256 = Digests.photo(photo, i);
      photos.add(p);
    }
    ProjectState s = new ProjectState();
    s.id = "cal_" + random(16);
    s.owner = r.owner().orElse(null);
    s.status = ProjectStatus.PENDING;
    s.theme = r.theme();
    s.method = method;
    s.provider = method.equals(ProjectState.LORA) ? config.trainer().provider() : models.provider();
    s.model = r.preview() ? models.previewModel() : models.editModel();
    s.preview = r.preview();
    s.variantCount = r.preview() ? config.previewVariants() : config.variants();
    s.parallel = config.parallel();
    s.seed = r.seed();
    s.triggerWord = r.triggerWord();
    s.photos = photos;
    s.createdAt = config.clock().now();
    livePhotos.put(s.id, r.photos());
    projects.insert(s);
    active.add(s.id);
    events.started(s.id, Views.progress(s));
    advance(s.id);
    return s.id;
  }

  private String method(CalendarRequest r) {
    boolean canTrain = config.trainer() != null;
    boolean enough = r.photos().size() >= config.minTrainingPhotos();
    switch (r.method()) {
      case EDIT:
        return ProjectState.EDIT;
      case LORA:
        if (!canTrain) {
          throw new InvalidRequestException("method", "method LORA needs LoRA training, which this generator cannot do:"
              + " build it with training(replicateProvider, owner), or use method EDIT or AUTO");
        }
        if (!enough) {
          throw new InvalidRequestException("photos", "LoRA training needs at least " + config.minTrainingPhotos()
              + " photos (the trainer's recommendation); got " + r.photos().size() + ": add photos, or use method EDIT or AUTO");
        }
        return ProjectState.LORA;
      default:
        return canTrain && enough ? ProjectState.LORA : ProjectState.EDIT;
    }
  }

  /** Moves a stored project on from where it stands. */
  void advance(String id) {
    ProjectState s = projects.require(id);
    switch (s.status) {
      case PENDING:
        if (s.method.equals(ProjectState.EDIT)) {
          update(id, st -> st.status == ProjectStatus.PENDING && generating(st));
          runner.launch(id);
        } else {
          training.start(s);
        }
        break;
      case TRAINING:
        training.resume(s);
        break;
      case GENERATING:
        runner.resume(id);
        break;
      case FINALIZING:
        finisher.resume(id);
        break;
      default:
        break;
    }
  }

  /** Moves a project on to generation: plans its variants. */
  static boolean generating(ProjectState st) {
    st.status = ProjectStatus.GENERATING;
    st.plan(st.variantCount);
    return true;
  }

  // ---- state, events, waiting -------------------------------------------------------------------

  /**
   * Writes a change and tells the listeners what it changed, in the order this project's changes
   * were written; then completes the waiters when it settled the project. Null when nothing was
   * written.
   */
  ProjectStore.Change update(String id, Predicate<ProjectState> change) {
    ProjectStore.Change ch = events.write(id, () -> projects.update(id, change), this::settled);
    if (ch == null) return null;
    ProjectState after = ch.after();
    if (after.status == ProjectStatus.COMPLETED || after.expired
        || (after.status == ProjectStatus.FAILED && "training".equals(after.failureKind))) {
      livePhotos.remove(id); // nothing will be generated from them any more
      active.remove(id);
    }
    return ch;
  }

  /** Completes the waiters of a project a change settled (after the listeners heard of the change). */
  private void settled(ProjectStore.Change ch) {
    if (ch.after().status != ch.before().status && ch.after().status.isSettled()) {
      List<CompletableFuture<CalendarProgress>> ws = waiters.remove(ch.after().id);
      if (ws != null) ws.forEach(f -> f.complete(Views.progress(ch.after())));
    }
  }

  /** Completes once the project is ready for selection, completed or failed. */
  public CompletableFuture<CalendarProgress> awaitSettled(String id) {
    CompletableFuture<CalendarProgress> f = new CompletableFuture<>();
    waiters.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(f);
    f.whenComplete((v, e) -> { // a waiter that gave up (cancelled) is not kept until the project settles
      List<CompletableFuture<CalendarProgress>> ws = waiters.get(id);
      if (ws != null) ws.remove(f);
    });
    ProjectState s = projects.require(id);
    if (s.status.isSettled()) {
      f.complete(Views.progress(s));
    } else if (!active.contains(id)) {
      f.completeExceptionally(new IllegalStateException("calendar project " + id + " is " + s.status.wireName()
          + " in the store but this generator does not run it: call resume() first"));
    }
    return f;
  }

  /** Marks a project as run by this engine (after a regeneration started here, say). */
  void activate(String id) {
    active.add(id);
  }

  /**
   * The photos of a project: those given in memory when it started here, else its files. A photo
   * given as bytes before a restart is null.
   */
  List<ImageInput> photos(ProjectState s) {
    List<ImageInput> live = livePhotos.get(s.id);
    if (live != null) return live;
    List<ImageInput> out = new ArrayList<>();
    for (ProjectState.Photo p : s.photos) out.add(p.path != null && Files.isRegularFile(Path.of(p.path)) ? ImageInput.of(Path.of(p.path)) : null);
    return out;
  }

  // ---- what a project handle asks ----------------------------------------------------------------

  /** The stored image of a succeeded variant of project {@code id}. */
  public GeneratedImage image(String id, String variantId) {
    ProjectState s = projects.require(id);
    ProjectState.VariantState v = variantOf(s, variantId);
    if (v.status != CalendarVariant.Status.SUCCEEDED || v.jobId == null) {
      throw new InvalidRequestException("variant", "variant " + variantId + " is "
          + v.status.name().toLowerCase(java.util.Locale.ROOT) + "; only a succeeded variant has an image");
    }
    return config.client().await(v.jobId).images().get(0);
  }

  /** Selects the first 12 succeeded variants as January to December. */
  public List<MonthPick> autoSelect(String id) {
    return finisher.select(id, Selection.auto(projects.require(id)));
  }

  /** Regenerates one variant with a new seed. */
  public CalendarVariant regenerate(String id, String variantId) {
    return replanning.regenerate(id, variantOf(projects.require(id), variantId).number);
  }

  /** Turns a finished preview into the full project. */
  public void generateFull(String id) {
    replanning.generateFull(id, config.models().editModel(), config.variants());
  }

  private static ProjectState.VariantState variantOf(ProjectState s, String variantId) {
    ProjectState.VariantState v = Selection.variantOf(s, variantId);
    if (v == null) throw new InvalidRequestException("variant", "variant " + variantId + " is not a variant of project " + s.id);
    return v;
  }

  /** Picks up every project left in flight by a previous process; returns their ids. */
  public List<String> resume() {
    List<ProjectState> inFlight = projects.query(Set.of(ProjectStatus.PENDING, ProjectStatus.TRAINING,
        ProjectStatus.GENERATING, ProjectStatus.FINALIZING));
    for (ProjectState s : inFlight) {
      // Before the client continues their batches: LoRA versions trained before the restart get their spec.
      if (config.trainer() != null && s.training != null && s.training.version != null && !active.contains(s.id)) {
        config.trainer().use(s.training.version);
      }
    }
    config.client().resume();
    List<String> ids = new ArrayList<>();
    for (ProjectState s : inFlight) {
      if (!active.add(s.id)) continue;
      try {
        advance(s.id);
        ids.add(s.id);
        log.info("calendar {}: resumed while {}", s.id, s.status.wireName());
      } catch (RuntimeException e) {
        log.warn("calendar {} could not be resumed and is left as it is: {}", s.id, e.toString());
      }
    }
    return ids;
  }

  private static String random(int n) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] c = new char[n];
    for (int i = 0; i < n; i++) c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
    return new String(c);
  }
}
