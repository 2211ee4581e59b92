package dev.pictor.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.Action;
import dev.pictor.GenerationClient;
import dev.pictor.InvalidRequestException;
import dev.pictor.OutputSink;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.testkit.FakeProvider;
import dev.pictor.testkit.ManualClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void noMoreThanFourRunAtOnceEvenWhenAVariantIsRegeneratedWhileOthersRun() {
    FakeProvider fake = FakeProvider.builder().latency(Duration.ofMillis(20)).build();
    AtomicInteger atProvider = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    GenerationProvider counted = counting(fake, atProvider, most);
    GenerationClient client = GenerationClient.builder().provider(counted).jobStore(store).outputs(OutputSink.files(dir.resolve("out")))
        .polling(Duration.ofMillis(5), Duration.ofMillis(20)).shutdownTimeout(Duration.ofMillis(200)).build();
    clients.add(client);
    CalendarProject project = CalendarGenerator.builder(client, store).provider("sandbox").listener(events).build()
        .start(family(3).build());
    await(() -> events.ready.size() >= 2 && atProvider.get() == 4);

    CalendarVariant again = project.regenerate(events.ready.get(0).id());
    CalendarProgress ready = project.awaitReady(Duration.ofSeconds(20));

    assertThat(most.get()).as("the most jobs at the provider at once").isEqualTo(4);
    assertThat(again.status()).as("it waits for the running batch").isEqualTo(CalendarVariant.Status.PENDING);
    assertThat(ready.ready()).isEqualTo(24);
    assertThat(fake.submitCalls()).isEqualTo(25);
  }

  /** {@code fake}, counting the jobs at the provider: from their submit to the first answer that has them ended. */
  private static GenerationProvider counting(FakeProvider fake, AtomicInteger atProvider, AtomicInteger most) {
    Set<String> ended = ConcurrentHashMap.newKeySet();
    return (GenerationProvider) Proxy.newProxyInstance(GenerationProvider.class.getClassLoader(),
        new Class<?>[] {GenerationProvider.class}, (p, m, args) -> {
          if (m.getName().equals("submit")) most.accumulateAndGet(atProvider.incrementAndGet(), Math::max);
          Object answer;
          try {
            answer = m.invoke(fake, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (m.getName().equals("submit") || m.getName().equals("poll")) {
            return ((CompletableFuture<?>) answer).thenApply(job -> { // counted before the client hears of it
              ProviderJob j = (ProviderJob) job;
              if (j.status().isTerminal() && ended.add(j.providerJobId())) atProvider.decrementAndGet();
              return j;
            });
          }
          return answer;
        });
  }

  @Test
  void aVariantInTheSelectionIsNotRegeneratedUnderTheCustomersFeet() {
    CalendarProject project = sandbox(FakeProvider.create()).start(family(2).build());
    project.awaitReady(Duration.ofSeconds(10));
    List<MonthPick> picks = project.autoSelect();

    assertThatThrownBy(() -> project.regenerate(picks.get(2).variantId())).isInstanceOf(InvalidRequestException.class)
        .hasMessage("variant " + picks.get(2).variantId() + " illustrates month 3 of the selection; select another variant"
            + " for month 3 before regenerating this one");
    assertThat(project.selection()).isEqualTo(picks);
    assertThat(project.variants().get(2).seed()).isEqualTo(3);

    CalendarVariant unselected = project.regenerate(project.id() + "-v20");
    assertThat(unselected.seed()).isEqualTo(25);
  }

  static void await(BooleanSupplier condition) {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("condition not met in 5 s");
      Thread.onSpinWait();
    }
  }
}
