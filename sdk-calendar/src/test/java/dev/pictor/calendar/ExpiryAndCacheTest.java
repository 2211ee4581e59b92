package dev.pictor.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.spi.JobStore;
import dev.pictor.testkit.FakeProvider;
import dev.pictor.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Expiry on a manual clock, and the output cache shared by projects with the same theme, photo and seed. */
@Timeout(30)
class ExpiryAndCacheTest {
  @TempDir Path dir;
  final JobStore store = JobStore.inMemory();
  final ManualClock clock = new ManualClock();
  final FakeProvider fake = FakeProvider.create();
  final Fixtures.Recorder events = new Fixtures.Recorder();
  GenerationClient client;

  private CalendarGenerator calendars(Duration expiry) {
    client = Fixtures.client(fake, store, dir.resolve("out"), clock);
    return CalendarGenerator.builder(client, store).provider("sandbox").scheduler(clock).expiry(expiry).listener(events).build();
  }

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  private CalendarRequest request(long seed) {
    return CalendarRequest.builder(CalendarTheme.NATURE).photos(Fixtures.inputs(Fixtures.photos(dir.resolve("photos"), 3)))
        .seed(seed).build();
  }

  /** A project started with {@code seed}, once it is ready for selection. */
  private CalendarProject ready(CalendarGenerator calendars, long seed) {
    CalendarProject p = calendars.start(request(seed));
    p.awaitReady(Duration.ofSeconds(10));
    return p;
  }

  private static List<Path> images(CalendarProject p) {
    return p.variants().stream().map(v -> Path.of(v.output().orElseThrow().location())).toList();
  }

  @Test
  void aProjectWithoutASelectionExpiresAfterSevenDaysAndLosesItsVariants() {
    CalendarGenerator calendars = calendars(CalendarGenerator.DEFAULT_EXPIRY);
    CalendarProject idle = ready(calendars, 1);
    CalendarProject chosen = ready(calendars, 100);
    chosen.autoSelect();
    List<Path> idleImages = images(idle);
    assertThat(idleImages).allSatisfy(p -> assertThat(p).exists());

    clock.advance(Duration.ofDays(7).minusSeconds(1));
    assertThat(calendars.deleteExpired()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    List<String> expired = calendars.deleteExpired();

    assertThat(expired).containsExactly(idle.id());
    CalendarProgress p = idle.progress();
    assertThat(p.status()).isEqualTo(ProjectStatus.FAILED);
    assertThat(p.expired()).isTrue();
    assertThat(p.failure()).contains("expired: no selection within 7 days; its variants were deleted");
    assertThat(idle.variants()).allSatisfy(v -> {
      assertThat(v.status()).isEqualTo(CalendarVariant.Status.DELETED);
      assertThat(client.job(v.jobId().orElseThrow())).isEmpty();
    });
    assertThat(idleImages).allSatisfy(f -> assertThat(f).doesNotExist());
    assertThat(events.transitions).contains("ready_for_selection>failed");
    assertThat(chosen.status()).as("a selection keeps a project").isEqualTo(ProjectStatus.READY_FOR_SELECTION);
    assertThat(images(chosen)).allSatisfy(f -> assertThat(f).exists());
    assertThat(calendars.deleteExpired()).as("expired once").isEmpty();
  }

  @Test
  void theExpiryIsConfigurable() {
    CalendarGenerator calendars = calendars(Duration.ofDays(1));
    CalendarProject idle = ready(calendars, 1);

    clock.advance(Duration.ofHours(23));
    assertThat(calendars.deleteExpired()).isEmpty();
    clock.advance(Duration.ofHours(1));

    assertThat(calendars.deleteExpired()).containsExactly(idle.id());
    assertThat(idle.progress().failure()).contains("expired: no selection within 1 day; its variants were deleted");
  }

  @Test
  void theSameThemePhotoAndSeedReuseStoredOutputsInsteadOfPayingAgain() {
    CalendarGenerator calendars = calendars(CalendarGenerator.DEFAULT_EXPIRY);
    CalendarProject first = ready(calendars, 1);
    int paid = fake.submitCalls();
    assertThat(paid).isEqualTo(24);

    CalendarProject second = calendars.start(request(1));
    CalendarProgress ready = second.awaitReady(Duration.ofSeconds(10));

    assertThat(fake.submitCalls()).as("no new provider call").isEqualTo(paid);
    assertThat(fake.calls()).isEqualTo(paid);
    assertThat(ready.ready()).isEqualTo(24);
    assertThat(second.variants()).allSatisfy(v -> assertThat(v.cached()).isTrue());
    assertThat(second.variants()).extracting(v -> v.jobId().orElseThrow())
        .containsExactlyElementsOf(first.variants().stream().map(v -> v.jobId().orElseThrow()).toList());

    // Another seed is another image: paid for.
    CalendarProject third = ready(calendars, 1000);
    assertThat(fake.submitCalls()).isEqualTo(paid + 24);
    assertThat(third.variants()).noneSatisfy(v -> assertThat(v.cached()).isTrue());
    assertThat(fake.duplicateCharges()).isEmpty();
  }

  @Test
  void theMomentAProjectIsReadyEveryImageOfItIsInTheCache() {
    List<CalendarProject> second = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicReference<CalendarGenerator> generator = new java.util.concurrent.atomic.AtomicReference<>();
    CalendarListener startAnother = new CalendarListener() {
      @Override
      public void onStatusChanged(String projectId, ProjectStatus from, ProjectStatus to) {
        if (to == ProjectStatus.READY_FOR_SELECTION && once.compareAndSet(false, true)) second.add(generator.get().start(request(1)));
      }
    };
    client = Fixtures.client(fake, store, dir.resolve("out"), clock);
    generator.set(CalendarGenerator.builder(client, store).provider("sandbox").scheduler(clock).listener(startAnother).build());

    generator.get().start(request(1)).awaitReady(Duration.ofSeconds(10));

    assertThat(second).hasSize(1);
    assertThat(second.get(0).awaitReady(Duration.ofSeconds(10)).ready()).isEqualTo(24);
    assertThat(fake.submitCalls()).as("the second project, started as the first became ready, paid nothing").isEqualTo(24);
    assertThat(second.get(0).variants()).allMatch(CalendarVariant::cached);
  }

  @Test
  void anotherThemeOrModelIsAnotherImageButPageColoursAreNot() {
    CalendarGenerator calendars = calendars(CalendarGenerator.DEFAULT_EXPIRY);
    ready(calendars, 1);
    List<dev.pictor.ImageInput> photos = Fixtures.inputs(Fixtures.photos(dir.resolve("photos"), 3));
    int paid = fake.submitCalls();

    CalendarProject travel = calendars.start(CalendarRequest.builder(CalendarTheme.TRAVEL).photos(photos).seed(1).build());
    travel.awaitReady(Duration.ofSeconds(10));
    assertThat(fake.submitCalls()).as("another theme's prompt: paid").isEqualTo(paid + 24);
    assertThat(travel.variants()).noneMatch(CalendarVariant::cached);

    CalendarTheme recoloured = CalendarTheme.NATURE.toBuilder().name("nature-blue").colors("#1E3A8A", "#DBEAFE").build();
    CalendarProject blue = calendars.start(CalendarRequest.builder(recoloured).photos(photos).seed(1).build());
    blue.awaitReady(Duration.ofSeconds(10));
    assertThat(fake.submitCalls()).as("the same pictures on other paper: reused").isEqualTo(paid + 24);
    assertThat(blue.variants()).allMatch(CalendarVariant::cached);

    CalendarGenerator otherModel = CalendarGenerator.builder(client, store).scheduler(clock)
        .models(new CalendarModels("sandbox", "acme/other-edit", "acme/other-edit")).build();
    CalendarProject other = otherModel.start(CalendarRequest.builder(CalendarTheme.NATURE).photos(photos).seed(1).build());
    other.awaitReady(Duration.ofSeconds(10));
    assertThat(fake.submitCalls()).as("another model: paid").isEqualTo(paid + 48);
    assertThat(other.variants()).noneMatch(CalendarVariant::cached);
  }

  @Test
  void anImageAnotherProjectHoldsIsNotDeletedWhenOneProjectLetsItGo() {
    CalendarGenerator calendars = calendars(CalendarGenerator.DEFAULT_EXPIRY);
    CalendarProject first = ready(calendars, 1);
    CalendarProject second = ready(calendars, 1);
    List<Path> shared = images(first);

    first.autoSelect();                                                     // variants 1 to 12
    first.finalizeCalendar(dir.resolve("first.pdf"), RenderOptions.builder().year(2027).build());

    assertThat(first.variants().subList(12, 24)).allSatisfy(v -> assertThat(v.status()).isEqualTo(CalendarVariant.Status.DELETED));
    assertThat(shared).as("the second project still holds all 24").allSatisfy(f -> assertThat(f).exists());

    clock.advance(Duration.ofDays(8));
    assertThat(calendars.deleteExpired()).containsExactly(second.id());

    // The second project let go of all 24; the first still holds its 12 months.
    assertThat(shared.subList(0, 12)).allSatisfy(f -> assertThat(f).exists());
    assertThat(shared.subList(12, 24)).allSatisfy(f -> assertThat(f).doesNotExist());
    CalendarFiles reprint = first.render(dir.resolve("reprint.pdf"), RenderOptions.builder().year(2028).locale("de").build());
    assertThat(reprint.pdf()).exists();
  }
}
