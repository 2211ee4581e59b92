package dev.pictor.examples;

import dev.pictor.GenerationClient;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.calendar.CalendarFiles;
import dev.pictor.calendar.CalendarGenerator;
import dev.pictor.calendar.CalendarListener;
import dev.pictor.calendar.CalendarProgress;
import dev.pictor.calendar.CalendarProject;
import dev.pictor.calendar.CalendarRequest;
import dev.pictor.calendar.CalendarTheme;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.MonthPick;
import dev.pictor.calendar.ProjectStatus;
import dev.pictor.calendar.RenderOptions;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.spi.JobStore;
import dev.pictor.testkit.TestImages;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.util.List;

/**
 * Seed 001's calendar shop, end to end: a customer's photos and the "family" theme in; a FLUX LoRA
 * trained on the photos; 24 stylised variants, each announced as soon as it is ready; one variant
 * regenerated with a new seed; twelve picked as January to December; a printable PDF with Ukrainian
 * month names out, and the twelve variants not chosen deleted.
 *
 * <p>With {@code REPLICATE_API_TOKEN} (and {@code REPLICATE_OWNER}, the account that owns the trained
 * models) set it talks to Replicate; without, to the testkit's Replicate simulator. With no folder
 * given it makes ten sample photos first.
 *
 * <pre>{@code
 * mvn -q -pl examples exec:java -Dexec.mainClass=dev.pictor.examples.CalendarShop -Dexec.args="photos/ calendar.pdf"
 * }</pre>
 *
 * <p>A program, not a library type: run it once per process.
 */
public final class CalendarShop {
  private CalendarShop() {}

  public static void main(String[] args) throws IOException {
    Path photos = args.length > 0 ? Path.of(args[0]) : samplePhotos();
    Path pdf = Path.of(args.length > 1 ? args[1] : "calendar.pdf").toAbsolutePath();
    String token = System.getenv("REPLICATE_API_TOKEN");
    String owner = System.getenv().getOrDefault("REPLICATE_OWNER", "pictor-demo");
    ReplicateSimulator sim = token == null ? ReplicateSimulator.builder().tokens("r8_calendar_example").build().start() : null;
    try {
      ReplicateProvider.Builder provider = ReplicateProvider.builder().tokens(TokenPool.of(token != null ? token : "r8_calendar_example"));
      if (sim != null) provider.baseUrl(sim.baseUrl());
      ReplicateProvider replicate = provider.build();
      JobStore store = JobStore.inMemory(); // a JdbcJobStore lets a project survive a restart
      try (GenerationClient client = GenerationClient.builder().provider(replicate).jobStore(store)
          .outputs(OutputSink.files(pdf.getParent().resolve("calendar-images"))).build()) {
        CalendarGenerator calendars = CalendarGenerator.builder(client, store)
            .training(replicate, owner)
            .trainingPollInterval(sim != null ? Duration.ofMillis(20) : Duration.ofSeconds(10))
            .listener(new CalendarListener() {
              @Override
              public void onStatusChanged(String projectId, ProjectStatus from, ProjectStatus to) {
                System.out.println("status " + to.wireName());
              }

              @Override
              public void onVariantReady(CalendarVariant v) {
                System.out.println("variant " + v.number() + " ready (" + v.photo() + ", seed " + v.seed() + ")");
              }
            })
            .build();

        CalendarProject project = calendars.start(CalendarRequest.builder(CalendarTheme.named("family"))
            .photos(photos).owner("customer-42").build());
        CalendarProgress ready = project.awaitReady(Duration.ofHours(1));
        if (ready.status() != ProjectStatus.READY_FOR_SELECTION) {
          System.out.println("the calendar failed: " + ready.failure().orElse(ready.step()));
          return;
        }

        // The customer does not like variant 5: a new seed for it alone, the others stay as they are.
        project.regenerate(project.variants().get(4).id());
        project.awaitReady(Duration.ofMinutes(20));

        List<MonthPick> months = project.autoSelect(); // a shop's gallery would let the customer pick
        CalendarFiles files = project.finalizeCalendar(pdf, RenderOptions.builder()
            .year(Year.now().getValue() + 1).locale("uk").title("Календар родини").build());
        System.out.println("months: " + months.size() + ", deleted variants: "
            + project.variants().stream().filter(v -> v.status() == CalendarVariant.Status.DELETED).count());
        System.out.println("calendar: " + files.pdf());
      }
    } finally {
      if (sim != null) sim.close();
    }
  }

  private static Path samplePhotos() throws IOException {
    Path dir = Files.createTempDirectory("pictor-calendar-photos");
    for (int i = 1; i <= 10; i++) Files.write(dir.resolve("photo-" + i + ".png"), TestImages.png(i, 256, 192));
    return dir;
  }
}
