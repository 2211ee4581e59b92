package dev.pictor.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationListener;
import dev.pictor.Job;
import dev.pictor.JobQuery;
import dev.pictor.JobStatus;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.RecordQuery;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole flow through the real Replicate provider code against the Replicate simulator. */
@Timeout(60)
class ReplicateFlowTest {
  @TempDir Path dir;

  @Test
  void trainsGeneratesTwentyFourSelectsAndFinalizesAPrintableCalendar() throws Exception {
    JobStore store = JobStore.inMemory();
    Fixtures.Recorder events = new Fixtures.Recorder();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    List<Path> photos = Fixtures.photos(dir.resolve("photos"), 10);
    try (ReplicateSimulator sim = Fixtures.simulator(Duration.ofMillis(15))) {
      ReplicateProvider replicate = Fixtures.replicate(sim);
      try (GenerationClient client = GenerationClient.builder().provider(replicate).jobStore(store)
          .outputs(dev.pictor.OutputSink.files(dir.resolve("out"))).polling(Duration.ofMillis(10), Duration.ofMillis(40))
          .listener(new GenerationListener() {
            @Override public void onSubmitted(Job job) { maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max); }
            @Override public void onSucceeded(Job job) { inFlight.decrementAndGet(); }
            @Override public void onFailed(Job job, dev.pictor.GenerationException e) { inFlight.decrementAndGet(); }
          }).build()) {
        CalendarGenerator calendars = Fixtures.trainingCalendars(client, store, replicate).listener(events).build();
        CalendarProject project = calendars.start(CalendarRequest.builder(CalendarTheme.FAMILY)
            .photos(dir.resolve("photos")).owner("customer-42").triggerWord("ANNA").build());

        CalendarProgress ready = project.awaitReady(Duration.ofSeconds(30));

        assertThat(ready.status()).isEqualTo(ProjectStatus.READY_FOR_SELECTION);
        assertThat(ready.ready()).isEqualTo(24);
        assertThat(ready.percent()).isEqualTo(90);
        assertThat(events.statuses()).containsExactly("pending", "training", "generating", "ready_for_selection");
        assertThat(sim.ledger().trainings()).isEqualTo(1);
        assertThat(sim.ledger().total()).isEqualTo(24);
        assertThat(sim.ledger().duplicates()).isEmpty();
        assertThat(maxInFlight.get()).isBetween(1, 4);
        // Each variant was announced on its own, while the project was still generating.
        assertThat(events.ready).hasSize(24);
        assertThat(events.progress).anySatisfy(p -> {
          assertThat(p.status()).isEqualTo(ProjectStatus.GENERATING);
          assertThat(p.ready()).isBetween(1, 23);
          assertThat(p.eta()).isPresent();
        });

        List<CalendarVariant> variants = project.variants();
        assertThat(variants).hasSize(24).allSatisfy(v -> assertThat(v.status()).isEqualTo(CalendarVariant.Status.SUCCEEDED));
        assertThat(variants.stream().map(CalendarVariant::seed).distinct()).hasSize(24);
        assertThat(variants.get(0).photo()).isEqualTo("photo-01.png");
        assertThat(variants.get(9).photo()).isEqualTo("photo-10.png");
        assertThat(variants.get(10).photo()).isEqualTo("photo-01.png");
        Job first = client.job(variants.get(0).jobId().orElseThrow()).orElseThrow();
        assertThat(first.model()).startsWith("acme/calendar-lora-").contains(":");
        assertThat(first.request().prompt().orElseThrow()).startsWith("a photo of ANNA, family portrait")
            .contains("Avoid: dark, gloomy");
        assertThat(first.request().parameters()).containsEntry("prompt_strength", 0.7);
        assertThat(first.request().steps()).contains(30);
        assertThat(first.request().tags()).contains("calendar:" + project.id());

        List<MonthPick> picks = project.autoSelect();
        assertThat(picks).hasSize(12).extracting(MonthPick::month).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        Path pdf = dir.resolve("calendar/anna-2027.pdf");
        CalendarFiles files = project.finalizeCalendar(pdf, RenderOptions.builder().year(2027).locale("uk").build());

        assertThat(files.pdf()).isEqualTo(pdf).exists();
        assertThat(events.statuses()).endsWith("ready_for_selection", "finalizing", "completed");
        assertThat(project.progress().percent()).isEqualTo(100);
        Fixtures.PdfFacts facts = Fixtures.pdf(pdf);
        assertThat(facts.pages()).isEqualTo(13);
        assertThat(facts.images()).isEqualTo(13);
        assertThat(facts.fontsEmbedded()).isTrue();
        assertThat(facts.text()).contains("2027", "Січень", "Лютий", "Березень", "Квітень", "Травень", "Червень", "Липень",
            "Серпень", "Вересень", "Жовтень", "Листопад", "Грудень");
        for (Month m : Month.values()) {
          String name = m.getDisplayName(TextStyle.FULL_STANDALONE, Locale.forLanguageTag("uk"));
          assertThat(facts.pageTexts().get(m.ordinal() + 1)).containsIgnoringCase(name).contains("2027");
        }

        // The 12 unselected variants' images and jobs are gone; the selected ones stay.
        List<CalendarVariant> after = project.variants();
        Set<String> selected = new HashSet<>();
        picks.forEach(p -> selected.add(p.variantId()));
        for (int i = 0; i < 24; i++) {
          CalendarVariant before = variants.get(i);
          Path image = Path.of(before.output().orElseThrow().location());
          if (selected.contains(before.id())) {
            assertThat(after.get(i).status()).isEqualTo(CalendarVariant.Status.SUCCEEDED);
            assertThat(image).exists();
          } else {
            assertThat(after.get(i).status()).isEqualTo(CalendarVariant.Status.DELETED);
            assertThat(image).doesNotExist();
            assertThat(client.job(before.jobId().orElseThrow())).isEmpty();
          }
        }
        assertThat(client.jobs(JobQuery.builder().tag("calendar:" + project.id()).status(JobStatus.SUCCEEDED).build())).hasSize(12);

        // The token is never stored.
        for (String kind : List.of("calendar", "calendar-cache", "job", "batch")) {
          for (JobRecord r : store.query(RecordQuery.of(kind, Set.of(), 1000))) {
            assertThat(r.payload()).doesNotContain(Fixtures.TOKEN);
            assertThat(r.toString()).doesNotContain(Fixtures.TOKEN);
          }
        }
        assertThat(Files.readString(pdf, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(Fixtures.TOKEN);
      }
    }
  }

  @Test
  void aPreviewUsesTheLoraInSchnellModeWithFourStepsThenTheFullSetKeepsTheLora() {
    JobStore store = JobStore.inMemory();
    Fixtures.photos(dir.resolve("photos"), 10);
    try (ReplicateSimulator sim = Fixtures.simulator(Duration.ZERO)) {
      ReplicateProvider replicate = Fixtures.replicate(sim);
      try (GenerationClient client = Fixtures.client(replicate, store, dir.resolve("out"))) {
        CalendarGenerator calendars = Fixtures.trainingCalendars(client, store, replicate).build();
        CalendarProject project = calendars.start(CalendarRequest.builder(CalendarTheme.WEDDING)
            .photos(dir.resolve("photos")).preview(true).build());

        CalendarProgress preview = project.awaitReady(Duration.ofSeconds(20));

        assertThat(preview.preview()).isTrue();
        assertThat(preview.total()).isEqualTo(6);
        assertThat(preview.step()).startsWith("Preview ready");
        assertThat(sim.ledger().total()).isEqualTo(6);
        Job job = client.job(project.variants().get(0).jobId().orElseThrow()).orElseThrow();
        assertThat(job.request().parameters()).containsEntry("model", "schnell");
        assertThat(job.request().steps()).contains(4);

        project.generateFull();
        CalendarProgress full = project.awaitReady(Duration.ofSeconds(20));

        assertThat(full.preview()).isFalse();
        assertThat(full.ready()).isEqualTo(24);
        assertThat(sim.ledger().trainings()).isEqualTo(1);
        assertThat(sim.ledger().total()).isEqualTo(30);
        Job fullJob = client.job(project.variants().get(0).jobId().orElseThrow()).orElseThrow();
        assertThat(fullJob.model()).isEqualTo(job.model());
        assertThat(fullJob.request().parameters()).doesNotContainKey("model");
        assertThat(fullJob.request().steps()).contains(35);
        assertThat(client.job(job.id())).as("the preview's images are deleted").isEmpty();
      }
    }
  }
}
