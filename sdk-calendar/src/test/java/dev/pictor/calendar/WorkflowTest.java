package dev.pictor.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.Action;
import dev.pictor.GenerationClient;
import dev.pictor.InvalidRequestException;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.testkit.FakeProvider;
import dev.pictor.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The workflow on the in-JVM sandbox provider: direct stylisation, statuses, progress, failures, preview. */
@Timeout(30)
class WorkflowTest {
  @TempDir Path dir;
  final JobStore store = JobStore.inMemory();
  final Fixtures.Recorder events = new Fixtures.Recorder();
  final List<GenerationClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(GenerationClient::close);
  }

  private CalendarGenerator sandbox(FakeProvider fake) {
    GenerationClient client = Fixtures.client(fake, store, dir.resolve("out"));
    clients.add(client);
    return CalendarGenerator.builder(client, store).provider("sandbox").listener(events).build();
  }

  /** A family project on {@code photos} photos whose first {@code failures} jobs fail. */
  private CalendarProject failing(FakeProvider fake, int failures, int photos) {
    fake.failNextJobs(failures);
    return sandbox(fake).start(family(photos).build());
  }

  private CalendarRequest.Builder family(int photos) {
    return CalendarRequest.builder(CalendarTheme.FAMILY).photos(Fixtures.inputs(Fixtures.photos(dir.resolve("photos"), photos)));
  }

  @Test
  void withoutTrainingEachPhotoIsStylisedDirectlyCyclingThroughThePhotosWithDifferentSeeds() {
    FakeProvider fake = FakeProvider.create();
    CalendarProject project = sandbox(fake).start(family(3).build());

    CalendarProgress ready = project.awaitReady(Duration.ofSeconds(10));

    assertThat(events.statuses()).containsExactly("pending", "generating", "ready_for_selection");
    assertThat(ready.ready()).isEqualTo(24);
    assertThat(ready.step()).isEqualTo("Step 3 of 4: choose 12 of the 24 variants and give each a month");
    List<ProviderRequest> sent = fake.submittedRequests();
    assertThat(sent).hasSize(24).allSatisfy(r -> {
      assertThat(r.request().action()).isEqualTo(Action.EDIT);
      assertThat(r.request().model()).isEqualTo("sandbox-image");
      assertThat(r.parameters()).containsEntry("negative_prompt", CalendarTheme.FAMILY.negativePrompt())
          .containsEntry("steps", 30L).containsEntry("output_format", "png");
      assertThat(r.request().prompt().orElseThrow()).startsWith("Restyle the image in this style: family portrait")
          .contains("Apply the style clearly but keep the picture natural.");
    });
    assertThat(sent.stream().map(r -> r.parameters().get("seed")).distinct()).hasSize(24);
    assertThat(sent.stream().map(r -> r.request().images().get(0).name()).distinct())
        .containsExactlyInAnyOrder("photo-01.png", "photo-02.png", "photo-03.png");
    assertThat(project.variants()).extracting(CalendarVariant::photo).startsWith("photo-01.png", "photo-02.png", "photo-03.png",
        "photo-01.png");
    assertThat(project.variants()).extracting(CalendarVariant::seed).startsWith(1L, 2L, 3L);

    project.autoSelect();
    project.finalizeCalendar(dir.resolve("family.pdf"), RenderOptions.builder().year(2026).locale("en").build());
    assertThat(events.statuses()).containsExactly("pending", "generating", "ready_for_selection", "finalizing", "completed");
    assertThat(project.progress().step()).startsWith("Done: the calendar is ").endsWith("family.pdf");
  }

  @Test
  void theEtaComesFromTheMeasuredDurationsOfFinishedVariants() {
    ManualClock clock = new ManualClock();
    FakeProvider fake = FakeProvider.builder().latency(Duration.ofSeconds(2)).build();
    GenerationClient client = Fixtures.client(fake, store, dir.resolve("out"), clock);
    clients.add(client);
    CalendarGenerator calendars = CalendarGenerator.builder(client, store).provider("sandbox").scheduler(clock).build();
    CalendarProject project = calendars.start(family(2).build());

    clock.awaitPending(4, Duration.ofSeconds(5));
    assertThat(project.progress().eta()).as("nothing measured yet").isEmpty();
    assertThat(project.progress().percent()).isEqualTo(5);
    clock.advance(Duration.ofSeconds(2));
    await(() -> project.progress().ready() == 4);

    // 20 left, 4 at a time, 2 s each as measured: 5 rounds of 2 s.
    assertThat(project.progress().eta()).contains(Duration.ofSeconds(10));
    assertThat(project.progress().percent()).isEqualTo(5 + 85 * 4 / 24);
    assertThat(project.progress().step()).isEqualTo("Step 2 of 4: generating 24 variants (4 ready)");
    clock.awaitPending(4, Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(2));
    await(() -> project.progress().ready() == 8);
    assertThat(project.progress().eta()).contains(Duration.ofSeconds(8));
  }

  @Test
  void aFailedVariantCanBeRegeneratedWithANewSeedWithoutTouchingTheOthers() {
    FakeProvider fake = FakeProvider.create();
    CalendarProject project = failing(fake, 2, 4);

    CalendarProgress ready = project.awaitReady(Duration.ofSeconds(10));

    assertThat(ready.status()).isEqualTo(ProjectStatus.READY_FOR_SELECTION);
    assertThat(ready.ready()).isEqualTo(22);
    assertThat(ready.failed()).isEqualTo(2);
    assertThat(events.failed).hasSize(2).allSatisfy(v -> assertThat(v.error()).contains("the fake model failed as scripted"));
    List<CalendarVariant> before = project.variants();
    CalendarVariant broken = before.stream().filter(v -> v.status() == CalendarVariant.Status.FAILED).findFirst().orElseThrow();

    CalendarVariant again = project.regenerate(broken.id());
    project.awaitReady(Duration.ofSeconds(10));

    assertThat(again.seed()).isEqualTo(25);
    assertThat(events.statuses()).containsExactly("pending", "generating", "ready_for_selection", "generating",
        "ready_for_selection");
    List<CalendarVariant> after = project.variants();
    for (int i = 0; i < 24; i++) {
      if (after.get(i).id().equals(broken.id())) {
        assertThat(after.get(i).status()).isEqualTo(CalendarVariant.Status.SUCCEEDED);
        assertThat(after.get(i).seed()).isEqualTo(25);
      } else {
        assertThat(after.get(i).jobId()).isEqualTo(before.get(i).jobId());
        assertThat(after.get(i).status()).isEqualTo(before.get(i).status());
      }
    }
    assertThat(fake.submitCalls()).isEqualTo(25);
  }

  @Test
  void whenEveryVariantFailsTheProjectFailsAndARegenerationRevivesIt() {
    CalendarProject project = failing(FakeProvider.create(), 24, 2);

    CalendarProgress failed = project.awaitReady(Duration.ofSeconds(10));

    assertThat(failed.status()).isEqualTo(ProjectStatus.FAILED);
    assertThat(failed.failure()).hasValueSatisfying(f -> assertThat(f).startsWith("every variant failed (last error: the fake"
        + " model failed as scripted); regenerate a variant to try again"));
    assertThat(failed.step()).startsWith("Failed: every variant failed");
    assertThatThrownBy(project::autoSelect).isInstanceOf(InvalidRequestException.class)
        .hasMessage("project " + project.id() + " is failed; variants can be selected when it is ready_for_selection");

    project.regenerate(project.id() + "-v07");
    CalendarProgress revived = project.awaitReady(Duration.ofSeconds(10));

    assertThat(revived.status()).isEqualTo(ProjectStatus.READY_FOR_SELECTION);
    assertThat(revived.ready()).isEqualTo(1);
    assertThat(events.statuses()).containsExactly("pending", "generating", "failed", "generating", "ready_for_selection");
  }

  @Test
  void aRunningVariantOrAForeignOneCannotBeRegenerated() {
    CalendarGenerator calendars = sandbox(FakeProvider.create());
    CalendarProject project = calendars.start(family(1).build());
    project.awaitReady(Duration.ofSeconds(10));

    assertThatThrownBy(() -> project.regenerate("cal_other-v01")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("variant cal_other-v01 is not a variant of project " + project.id());
    assertThatThrownBy(() -> project.regenerate(project.id() + "-v25")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("variant " + project.id() + "-v25 is not a variant of project " + project.id());
  }

  @Test
  void aPreviewMakesSixFastVariantsThenTheFullSetReplacesThem() {
    FakeProvider fake = FakeProvider.create();
    CalendarProject project = sandbox(fake).start(family(2).preview(true).build());

    CalendarProgress preview = project.awaitReady(Duration.ofSeconds(10));

    assertThat(preview.total()).isEqualTo(6);
    assertThat(preview.preview()).isTrue();
    assertThat(fake.submittedRequests()).hasSize(6).allSatisfy(r -> assertThat(r.parameters()).containsEntry("steps", 4L));
    assertThat(project.variants()).allSatisfy(v -> assertThat(v.preview()).isTrue());
    assertThatThrownBy(project::autoSelect).isInstanceOf(InvalidRequestException.class)
        .hasMessage("project " + project.id() + " is a preview of 6 variants; generate the full set with generateFull()"
            + " before selecting 12");
    Path previewImage = Path.of(project.variants().get(0).output().orElseThrow().location());

    project.generateFull();
    CalendarProgress full = project.awaitReady(Duration.ofSeconds(10));

    assertThat(full.total()).isEqualTo(24);
    assertThat(full.preview()).isFalse();
    assertThat(fake.submittedRequests()).hasSize(30);
    assertThat(fake.submittedRequests().subList(6, 30)).allSatisfy(r -> assertThat(r.parameters()).containsEntry("steps", 30L));
    assertThat(previewImage).doesNotExist();
    assertThatThrownBy(project::generateFull).isInstanceOf(InvalidRequestException.class)
        .hasMessage("project " + project.id() + " is not a preview; it has its full set");
  }

  static void await(BooleanSupplier condition) {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("condition not met in 5 s");
      Thread.onSpinWait();
    }
  }
}
