package dev.pictor.calendar;

import dev.pictor.GenerationClient;
import dev.pictor.ImageInput;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.RateLimits;
import dev.pictor.spi.Scheduler;
import dev.pictor.testkit.TestImages;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;

/** Shared set-up: photo files, clients over the simulator or the fake provider, a recording listener, PDF facts. */
final class Fixtures {
  static final String TOKEN = "r8_calendar_secret_token_zzzzzzzzzzzzzzz";

  private Fixtures() {}

  /** {@code n} distinct PNG photos, {@code photo-01.png} ..., in {@code dir}. */
  static List<Path> photos(Path dir, int n) {
    List<Path> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (int i = 1; i <= n; i++) {
        out.add(Files.write(dir.resolve(String.format("photo-%02d.png", i)), TestImages.png(100 + i, 64, 48)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<ImageInput> inputs(List<Path> files) {
    return files.stream().map(ImageInput::of).toList();
  }

  static ReplicateSimulator simulator(Duration latency) {
    return ReplicateSimulator.builder().tokens(TOKEN).latency(latency).build().start();
  }

  static ReplicateProvider replicate(ReplicateSimulator sim) {
    // Unlimited on the client side: the documented 600 creates a minute would space tests' creates 100 ms apart.
    return ReplicateProvider.builder().tokens(TokenPool.of(TOKEN)).baseUrl(sim.baseUrl()).waitSeconds(1)
        .rateLimits(RateLimits.unlimited()).build();
  }

  static GenerationClient client(GenerationProvider provider, JobStore store, Path outputs) {
    return GenerationClient.builder().provider(provider).jobStore(store).outputs(OutputSink.files(outputs))
        .polling(Duration.ofMillis(10), Duration.ofMillis(40)).shutdownTimeout(Duration.ofMillis(200)).build();
  }

  static GenerationClient client(GenerationProvider provider, JobStore store, Path outputs, Scheduler clock) {
    return GenerationClient.builder().provider(provider).jobStore(store).outputs(OutputSink.files(outputs))
        .scheduler(clock).shutdownTimeout(Duration.ofMillis(50)).build();
  }

  /** A generator that trains on the simulator, polling trainings every 5 ms. */
  static CalendarGenerator.Builder trainingCalendars(GenerationClient client, JobStore store, ReplicateProvider provider) {
    return CalendarGenerator.builder(client, store).training(provider, "acme").trainingPollInterval(Duration.ofMillis(5));
  }

  /** Records every event, and the project's stored status when each variant was announced. */
  static final class Recorder implements CalendarListener {
    final List<String> transitions = new CopyOnWriteArrayList<>();
    final List<CalendarVariant> ready = new CopyOnWriteArrayList<>();
    final List<CalendarVariant> failed = new CopyOnWriteArrayList<>();
    final List<CalendarProgress> progress = new CopyOnWriteArrayList<>();

    @Override
    public void onStatusChanged(String projectId, ProjectStatus from, ProjectStatus to) {
      transitions.add((from == null ? "-" : from.wireName()) + ">" + to.wireName());
    }

    @Override
    public void onVariantReady(CalendarVariant variant) {
      ready.add(variant);
    }

    @Override
    public void onVariantFailed(CalendarVariant variant) {
      failed.add(variant);
    }

    @Override
    public void onProgress(CalendarProgress p) {
      progress.add(p);
    }

    /** The statuses in the order they were reached. */
    List<String> statuses() {
      List<String> out = new ArrayList<>();
      for (String t : transitions) out.add(t.substring(t.indexOf('>') + 1));
      return out;
    }
  }

  /** What a rendered PDF holds. */
  record PdfFacts(int pages, String text, int images, List<String> pageTexts, boolean fontsEmbedded) {}

  static PdfFacts pdf(Path file) throws IOException {
    try (PDDocument doc = Loader.loadPDF(file.toFile())) {
      PDFTextStripper stripper = new PDFTextStripper();
      List<String> pages = new ArrayList<>();
      for (int i = 1; i <= doc.getNumberOfPages(); i++) {
        stripper.setStartPage(i);
        stripper.setEndPage(i);
        pages.add(stripper.getText(doc));
      }
      Set<Object> images = new HashSet<>();
      boolean embedded = true;
      for (PDPage page : doc.getPages()) {
        PDResources res = page.getResources();
        for (COSName name : res.getXObjectNames()) {
          PDXObject x = res.getXObject(name);
          if (x instanceof PDImageXObject) images.add(x.getCOSObject());
        }
        for (COSName name : res.getFontNames()) {
          embedded &= res.getFont(name).isEmbedded() && res.getFont(name).getName().contains("DejaVuSans");
        }
      }
      return new PdfFacts(doc.getNumberOfPages(), String.join("\n", pages), images.size(), pages, embedded);
    }
  }
}
