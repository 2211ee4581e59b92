package dev.pictor.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.pictor.GenerationClient;
import dev.pictor.OutputSink;
import dev.pictor.calendar.internal.ProjectState;
import dev.pictor.calendar.internal.ProjectStore;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.Scheduler;
import dev.pictor.testkit.FakeProvider;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts (a new client and generator over the same store) in the middle of training and of
 * generation, a failing training, and the cache across projects, on the Replicate simulator.
 */
@Timeout(60)
class RestartTest {
  @TempDir Path dir;
  final JobStore store = JobStore.inMemory();

  private CalendarRequest request() {
    Fixtures.photos(dir.resolve("photos"), 10);
    return CalendarRequest.builder(CalendarTheme.TRAVEL).photos(dir.resolve("photos")).build();
  }

  /**
   * Starts a project on a first client and closes that client (the "crash") once {@code until}
   * holds and {@code settle} has passed; what is in flight stays stored. Returns the project's id.
   */
  private String startThenCrash(ReplicateSimulator sim, Predicate<CalendarProject> until, ProjectStatus expected,
      Duration settle) throws InterruptedException {
    GenerationClient before = Fixtures.client(Fixtures.replicate(sim), store, dir.resolve("out"));
    try {
      CalendarProject project = Fixtures.trainingCalendars(before, store, Fixtures.replicate(sim)).build().start(request());
      WorkflowTest.await(() -> until.test(project));
      Thread.sleep(settle.toMillis());
      assertThat(project.status()).isEqualTo(expected);
      return project.id();
    } finally {
      before.close();
    }
  }

  @Test
  void aRestartMidGenerationFinishesTheRemainingVariantsWithoutPayingTwice() throws Exception {
    try (ReplicateSimulator sim = Fixtures.simulator(Duration.ofMillis(300))) {
      // Mid-round (100 ms after four variants ended): four predictions run at the simulator, none is being sent.
      String id = startThenCrash(sim, p -> p.progress().ready() >= 4, ProjectStatus.GENERATING, Duration.ofMillis(100));
      assertThat(sim.ledger().total()).isLessThan(24);

      Fixtures.Recorder events = new Fixtures.Recorder();
      ReplicateProvider replicate = Fixtures.replicate(sim);
      try (GenerationClient after = Fixtures.client(replicate, store, dir.resolve("out"))) {
        CalendarGenerator calendars = Fixtures.trainingCalendars(after, store, replicate).listener(events).build();
        String lora = calendars.project(id).orElseThrow().variants().get(0).jobId()
            .flatMap(after::job).orElseThrow().model();
        List<CalendarProject> resumed = calendars.resume();

        assertThat(resumed).extracting(CalendarProject::id).containsExactly(id);
        assertThat(replicate.resolveModel(lora).orElseThrow().parameters()).as("the LoRA's own spec in the new process")
            .containsKeys("lora_scale", "prompt_strength");
        CalendarProgress ready = resumed.get(0).awaitReady(Duration.ofSeconds(30));

        assertThat(ready.status()).isEqualTo(ProjectStatus.READY_FOR_SELECTION);
        assertThat(ready.ready()).isEqualTo(24);
        assertThat(sim.ledger().total()).isEqualTo(24);
        assertThat(sim.ledger().duplicates()).isEmpty();
        assertThat(sim.ledger().trainings()).isEqualTo(1);
        assertThat(events.ready).isNotEmpty();
        assertThat(events.statuses()).endsWith("ready_for_selection");
      }
    }
  }

  @Test
  void aRestartMidTrainingFollowsTheStoredTrainingInsteadOfTrainingAgain() throws Exception {
    try (ReplicateSimulator sim = Fixtures.simulator(Duration.ofMillis(300))) {
      String id = startThenCrash(sim, p -> store.find(p.id()).orElseThrow().payload().contains("\"trainingId\""),
          ProjectStatus.TRAINING, Duration.ZERO);

      ReplicateProvider replicate = Fixtures.replicate(sim);
      try (GenerationClient after = Fixtures.client(replicate, store, dir.resolve("out"))) {
        CalendarGenerator calendars = Fixtures.trainingCalendars(after, store, replicate).maxParallel(8).build();
        CalendarProject project = calendars.project(id).orElseThrow();
        assertThat(calendars.resume()).extracting(CalendarProject::id).containsExactly(id);

        CalendarProgress ready = project.awaitReady(Duration.ofSeconds(30));

        assertThat(ready.ready()).isEqualTo(24);
        assertThat(sim.ledger().trainings()).as("trained once").isEqualTo(1);
        assertThat(sim.ledger().total()).isEqualTo(24);
      }
    }
  }

  @Test
  void aFailedTrainingFailsTheProjectWithTheTrainersReason() {
    Fixtures.Recorder events = new Fixtures.Recorder();
    try (ReplicateSimulator sim = Fixtures.simulator(Duration.ZERO)) {
      ReplicateProvider replicate = Fixtures.replicate(sim);
      try (GenerationClient client = GenerationClient.builder().provider(replicate).jobStore(store)
          .outputs(OutputSink.files(dir.resolve("out"))).addInterceptor(new FailTrainings()).build()) {
        CalendarGenerator calendars = Fixtures.trainingCalendars(client, store, replicate).listener(events).build();
        CalendarProject project = calendars.start(request());

        CalendarProgress failed = project.awaitReady(Duration.ofSeconds(20));

        assertThat(failed.status()).isEqualTo(ProjectStatus.FAILED);
        assertThat(failed.failure()).hasValueSatisfying(f -> assertThat(f).startsWith("training failed: training ")
            .endsWith("failed at Replicate: CUDA out of memory"));
        assertThat(failed.percent()).isEqualTo(10);
        assertThat(events.statuses()).containsExactly("pending", "training", "failed");
        assertThat(sim.ledger().total()).as("nothing generated").isZero();
        assertThat(project.variants()).isEmpty();
      }
    }
  }

  @Test
  void aSecondProjectWithTheSamePhotosAndThemeReusesTheLoraAndEveryVariant() {
    try (ReplicateSimulator sim = Fixtures.simulator(Duration.ZERO)) {
      ReplicateProvider replicate = Fixtures.replicate(sim);
      try (GenerationClient client = Fixtures.client(replicate, store, dir.resolve("out"))) {
        Fixtures.Recorder events = new Fixtures.Recorder();
        CalendarGenerator calendars = Fixtures.trainingCalendars(client, store, replicate).listener(events).build();
        calendars.start(request()).awaitReady(Duration.ofSeconds(20));
        int requests = sim.ledger().requests();
        assertThat(sim.ledger().total()).isEqualTo(24);

        CalendarProject second = calendars.start(request());
        CalendarProgress ready = second.awaitReady(Duration.ofSeconds(20));

        assertThat(ready.ready()).isEqualTo(24);
        assertThat(second.variants()).allSatisfy(v -> assertThat(v.cached()).isTrue());
        assertThat(sim.ledger().trainings()).isEqualTo(1);
        assertThat(sim.ledger().total()).isEqualTo(24);
        assertThat(sim.ledger().requests()).as("no provider call at all").isEqualTo(requests);
      }
    }
  }

  @Test
  void aRestartWhileFinalizingRendersTheCalendarAndCompletesIt() throws Exception {
    FakeProvider fake = FakeProvider.create();
    Path pdf = dir.resolve("interrupted.pdf");
    String id;
    try (GenerationClient before = Fixtures.client(fake, store, dir.resolve("out"))) {
      CalendarProject project = CalendarGenerator.builder(before, store).provider("sandbox").build()
          .start(CalendarRequest.builder(CalendarTheme.VINTAGE).photos(Fixtures.inputs(Fixtures.photos(dir.resolve("p"), 2))).build());
      project.awaitReady(Duration.ofSeconds(10));
      project.autoSelect();
      id = project.id();
    }
    // The process stopped after storing "finalizing" and before the PDF was written.
    new ProjectStore(store, Scheduler.system()).update(id, st -> {
      st.status = ProjectStatus.FINALIZING;
      st.render = new ProjectState.Render();
      st.render.pdf = pdf.toString();
      st.render.year = 2029;
      st.render.locale = "ru";
      st.render.paper = "A4";
      st.render.orientation = "PORTRAIT";
      return true;
    });

    try (GenerationClient after = Fixtures.client(fake, store, dir.resolve("out"))) {
      CalendarGenerator calendars = CalendarGenerator.builder(after, store).provider("sandbox").build();
      assertThat(calendars.resume()).extracting(CalendarProject::id).containsExactly(id);

      CalendarProject project = calendars.project(id).orElseThrow();
      assertThat(project.status()).isEqualTo(ProjectStatus.COMPLETED);
      assertThat(Fixtures.pdf(pdf).text()).contains("Январь", "2029");
      assertThat(project.variants()).filteredOn(v -> v.status() == CalendarVariant.Status.DELETED).hasSize(12);
    }
  }

  @Test
  void aRestartBeforeAPendingProjectStartedStartsIt() {
    FakeProvider fake = FakeProvider.create();
    Fixtures.photos(dir.resolve("photos-p"), 2);
    String id;
    try (GenerationClient before = Fixtures.client(fake, store, dir.resolve("out"))) {
      CalendarProject done = CalendarGenerator.builder(before, store).provider("sandbox").build()
          .start(CalendarRequest.builder(CalendarTheme.KIDS).photos(dir.resolve("photos-p")).build());
      done.awaitReady(Duration.ofSeconds(10));
      // The process stopped right after storing a second project: pending, nothing planned or sent.
      ProjectStore projects = new ProjectStore(store, Scheduler.system());
      ProjectState pending = projects.require(done.id());
      pending.id = "cal_pendingrestart00";
      pending.status = ProjectStatus.PENDING;
      pending.seed = 1000;
      pending.variants = new java.util.ArrayList<>();
      pending.readyAt = null;
      pending.batches = 0;
      projects.insert(pending);
      id = pending.id;
    }
    int paid = fake.submitCalls();

    try (GenerationClient after = Fixtures.client(fake, store, dir.resolve("out"))) {
      CalendarGenerator calendars = CalendarGenerator.builder(after, store).provider("sandbox").build();
      assertThat(calendars.resume()).extracting(CalendarProject::id).containsExactly(id);

      CalendarProgress ready = calendars.project(id).orElseThrow().awaitReady(Duration.ofSeconds(10));

      assertThat(ready.status()).isEqualTo(ProjectStatus.READY_FOR_SELECTION);
      assertThat(ready.ready()).isEqualTo(24);
      assertThat(fake.submitCalls()).isEqualTo(paid + 24);
    }
  }

  @Test
  void aProjectReadyForSelectionIsSelectedAndFinalizedByTheNextProcess() throws Exception {
    FakeProvider fake = FakeProvider.create();
    Fixtures.photos(dir.resolve("photos-r"), 3);
    String id;
    List<CalendarVariant> variants;
    try (GenerationClient before = Fixtures.client(fake, store, dir.resolve("out"))) {
      CalendarProject project = CalendarGenerator.builder(before, store).provider("sandbox").build()
          .start(CalendarRequest.builder(CalendarTheme.MINIMALIST).photos(dir.resolve("photos-r")).build());
      project.awaitReady(Duration.ofSeconds(10));
      id = project.id();
      variants = project.variants();
    }

    try (GenerationClient after = Fixtures.client(fake, store, dir.resolve("out"))) {
      CalendarGenerator calendars = CalendarGenerator.builder(after, store).provider("sandbox").build();
      assertThat(calendars.resume()).as("nothing in flight").isEmpty();
      CalendarProject project = calendars.project(id).orElseThrow();
      assertThat(project.awaitReady(Duration.ofSeconds(1)).status()).isEqualTo(ProjectStatus.READY_FOR_SELECTION);

      List<MonthPick> picks = project.autoSelect();
      Path pdf = dir.resolve("next-process.pdf");
      project.finalizeCalendar(pdf, RenderOptions.builder().year(2030).locale("de").build());

      assertThat(project.status()).isEqualTo(ProjectStatus.COMPLETED);
      assertThat(Fixtures.pdf(pdf).pages()).isEqualTo(13);
      assertThat(Fixtures.pdf(pdf).text()).contains("Januar", "Dezember", "2030");
      for (CalendarVariant v : variants) {
        boolean kept = picks.stream().anyMatch(p -> p.variantId().equals(v.id()));
        assertThat(Path.of(v.output().orElseThrow().location())).as(v.id()).matches(f -> java.nio.file.Files.exists(f) == kept);
      }
    }
  }

  /** Answers every training poll with the training failed, as Replicate does when the trainer crashes. */
  static final class FailTrainings implements Interceptor {
    private final JsonAdapter<Map<String, Object>> json =
        new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

    @Override
    public Response intercept(Chain chain) throws java.io.IOException {
      Response r = chain.proceed(chain.request());
      if (!chain.request().method().equals("GET") || !chain.request().url().encodedPath().matches(".*/trainings/[^/]+")) return r;
      Map<String, Object> training = json.fromJson(r.body().string());
      training.put("status", "failed");
      training.put("error", "CUDA out of memory");
      training.put("output", null);
      return r.newBuilder().body(ResponseBody.create(json.serializeNulls().toJson(training), MediaType.get("application/json")))
          .build();
    }
  }
}
