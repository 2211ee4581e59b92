package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pictor calendar} on the sandbox and on the Replicate simulator, to a 13-page PDF. */
class CalendarCommandTest {
  @TempDir Path tmp;

  private Path photos(int n) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("photos"));
    for (int i = 0; i < n; i++) Files.write(dir.resolve("p" + i + ".png"), TestImages.png(i, 96, 96));
    return dir;
  }

  @Test
  void autoSelectRendersAThirteenPageCalendarInTheLocale() throws Exception {
    Path pdf = tmp.resolve("family.pdf");
    CliRun r = CliRun.of("calendar", "--provider", "sandbox", "--theme", "family", "--photos", photos(3).toString(),
        "--year", "2027", "--locale", "uk", "--auto-select", "--store", "memory", "--out", pdf.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains(pdf.toString());
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      assertThat(doc.getNumberOfPages()).isEqualTo(13);
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("Січень", "Лютий", "Грудень", "2027");
    }
  }

  @Test
  void withoutASelectionTheVariantsArePrintedAndAStoredProjectIsFinishedLater() throws Exception {
    String store = "jdbc:h2:file:" + tmp.resolve("db/jobs").toAbsolutePath();
    Path pdf = tmp.resolve("later.pdf");
    CliRun first = CliRun.of("calendar", "--provider", "sandbox", "--theme", "nature", "--photos", photos(2).toString(),
        "--store", store, "--out", pdf.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(Files.exists(pdf)).isFalse();
    Matcher m = Pattern.compile("--project (\\S+)").matcher(first.out());
    assertThat(m.find()).as(first.out()).isTrue();

    String picks = IntStream.rangeClosed(1, 12).mapToObj(i -> i + "=" + (25 - i)).collect(Collectors.joining(","));
    CliRun second = CliRun.of("calendar", "--provider", "sandbox", "--project", m.group(1), "--select", picks,
        "--locale", "de", "--year", "2028", "--store", store, "--out", pdf.toString());
    assertThat(second.code()).as(second.err()).isZero();
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      assertThat(doc.getNumberOfPages()).isEqualTo(13);
      assertThat(new PDFTextStripper().getText(doc)).contains("Januar", "Dezember", "2028");
    }
  }

  @Test
  void aPreviewOnTheReplicateSimulatorIsFollowedByTheFullSetAndACalendar() throws Exception {
    String store = "jdbc:h2:file:" + tmp.resolve("db/jobs").toAbsolutePath();
    Path pdf = tmp.resolve("sim.pdf");
    CliRun look = CliRun.of("calendar", "--provider", "sandbox", "--theme", "travel", "--photos",
        photos(2).toString(), "--preview", "--store", store, "--out", pdf.toString());
    assertThat(look.code()).as(look.err()).isZero();
    assertThat(look.out().lines().filter(l -> l.matches("\\s*\\d+ succeeded .*"))).hasSize(6);
    Matcher m = Pattern.compile("--project (\\S+)").matcher(look.out());
    assertThat(m.find()).isTrue();

    CliRun full = CliRun.of("calendar", "--provider", "sandbox", "--project", m.group(1), "--auto-select",
        "--store", store, "--out", pdf.toString());
    assertThat(full.code()).as(full.err()).isZero();
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      assertThat(doc.getNumberOfPages()).isEqualTo(13);
    }
    assertThat(CliRun.of("calendar", "--provider", "sandbox", "--theme", "travel", "--photos", tmp.toString(), "--preview",
        "--auto-select", "--out", pdf.toString()).err()).contains("--preview makes 6 variants");
  }

  @Test
  void theReplicateSimulatorTrainsALoraAndRenders() throws Exception {
    Path pdf = tmp.resolve("lora.pdf");
    CliRun r = CliRun.of("calendar", "--provider", "replicate", "--simulate", "--theme", "wedding", "--photos",
        photos(10).toString(), "--auto-select", "--locale", "ru", "--year", "2027", "--paper", "A3", "--landscape",
        "--png", tmp.resolve("pages").toString(), "--store", "memory", "--out", pdf.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("page "))).hasSize(13);
    assertThat(r.err()).contains("%");
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      assertThat(doc.getNumberOfPages()).isEqualTo(13);
      assertThat(new PDFTextStripper().getText(doc)).contains("Январь", "Декабрь", "2027");
      // A3 landscape: 420 x 297 mm, in points
      assertThat(doc.getPage(1).getMediaBox().getWidth()).isCloseTo(1190.55f, org.assertj.core.data.Offset.offset(1f));
      assertThat(doc.getPage(1).getMediaBox().getHeight()).isCloseTo(841.89f, org.assertj.core.data.Offset.offset(1f));
    }
  }

  @Test
  void badCalendarOptionsAreUsageErrors() throws Exception {
    assertThat(CliRun.of("calendar", "--provider", "sandbox", "--photos", tmp.toString(), "--out", "x.pdf").err())
        .contains("a new calendar needs --theme T and --photos DIR");
    CliRun theme = CliRun.of("calendar", "--provider", "sandbox", "--theme", "gothic", "--photos", photos(1).toString(),
        "--store", "memory", "--out", tmp.resolve("x.pdf").toString());
    assertThat(theme.code()).isEqualTo(2);
    assertThat(theme.err()).contains("gothic").contains("family");
    assertThat(CliRun.of("calendar", "--provider", "openai", "--theme", "family", "--photos", tmp.toString(), "--out", "x.pdf").err())
        .contains("replicate or sandbox");
    assertThat(CliRun.of("calendar", "--provider", "sandbox", "--theme", "family", "--photos", tmp.toString(), "--out", "x.png").err())
        .contains("--out must name a .pdf file");
  }
}
