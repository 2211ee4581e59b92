package dev.pictor.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.calendar.internal.MonthNames;
import dev.pictor.calendar.internal.PdfCalendar;
import dev.pictor.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The printable calendar: pages, text in each locale, embedded images and fonts, paper, PNG pages. */
class RenderTest {
  @TempDir Path dir;

  static List<byte[]> twelve() {
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < 12; i++) images.add(i % 2 == 0 ? TestImages.png(i, 80, 60) : TestImages.jpeg(i, 60, 80));
    return images;
  }

  @Test
  void monthNamesAreNominativeAndCapitalisedAsACalendarPrintsThem() {
    assertThat(MonthNames.months(Locale.forLanguageTag("uk"))).containsExactly("Січень", "Лютий", "Березень", "Квітень",
        "Травень", "Червень", "Липень", "Серпень", "Вересень", "Жовтень", "Листопад", "Грудень");
    assertThat(MonthNames.months(Locale.forLanguageTag("ru"))).startsWith("Январь", "Февраль", "Март").endsWith("Декабрь");
    assertThat(MonthNames.months(Locale.GERMAN)).contains("März").startsWith("Januar");
    assertThat(MonthNames.weekdays(Locale.forLanguageTag("uk"))).containsExactly("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд");
    assertThat(MonthNames.weekdays(Locale.ENGLISH)).containsExactly("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
  }

  @ParameterizedTest
  @CsvSource({"uk, Січень, Грудень, Пн", "ru, Январь, Декабрь, Пн", "en, January, December, Mon", "de, Januar, Dezember, Mo"})
  void everyLocaleGivesThirteenPagesWithItsMonthNamesTheYearAndThirteenImages(String tag, String january, String december,
      String monday) throws IOException {
    Path pdf = dir.resolve(tag + ".pdf");
    RenderOptions options = RenderOptions.builder().year(2031).locale(tag).build();

    PdfCalendar.render(CalendarTheme.WEDDING, options, twelve(), pdf);

    Fixtures.PdfFacts facts = Fixtures.pdf(pdf);
    assertThat(facts.pages()).isEqualTo(13);
    assertThat(facts.images()).isEqualTo(13);
    assertThat(facts.fontsEmbedded()).isTrue();
    assertThat(facts.pageTexts().get(0)).contains("2031");
    assertThat(facts.pageTexts().get(1)).contains(january, "2031", monday, "31");
    assertThat(facts.pageTexts().get(12)).contains(december, "2031");
    for (String name : MonthNames.months(Locale.forLanguageTag(tag))) assertThat(facts.text()).contains(name);
    assertThat(facts.pageTexts().get(2)).as("February 2031 has 28 days").contains("28").doesNotContain("29");
  }

  @Test
  void a3LandscapePagesWithATitleAndPngPages() throws IOException {
    RenderOptions options = RenderOptions.builder().year(2028).locale("ru").title("Семья Ивановых")
        .paper(RenderOptions.Paper.A3).orientation(RenderOptions.Orientation.LANDSCAPE).pngPages(dir.resolve("pages"), 40).build();

    CalendarFiles files = PdfCalendar.render(CalendarTheme.CORPORATE, options, twelve(), dir.resolve("a3.pdf"));

    try (PDDocument doc = Loader.loadPDF(files.pdf().toFile())) {
      PDRectangle box = doc.getPage(5).getMediaBox();
      assertThat(box.getWidth()).isEqualTo(PDRectangle.A3.getHeight());
      assertThat(box.getHeight()).isEqualTo(PDRectangle.A3.getWidth());
      assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("Семья Ивановых 2028");
    }
    assertThat(Fixtures.pdf(files.pdf()).pageTexts().get(0)).contains("Семья Ивановых", "2028");
    assertThat(files.pngPages()).hasSize(13);
    assertThat(files.pngPages().get(0).getFileName().toString()).isEqualTo("00-cover.png");
    assertThat(files.pngPages().get(12).getFileName().toString()).isEqualTo("12.png");
    BufferedImage page = ImageIO.read(files.pngPages().get(3).toFile());
    assertThat(page.getWidth()).isGreaterThan(page.getHeight());
    assertThat(page.getWidth()).isEqualTo(Math.round(PDRectangle.A3.getHeight() / 72 * 40));
  }

  @ParameterizedTest
  @CsvSource({"A4, PORTRAIT, 595.2756, 841.8898", "A4, LANDSCAPE, 841.8898, 595.2756", "A3, PORTRAIT, 841.8898, 1190.5511",
      "A3, LANDSCAPE, 1190.5511, 841.8898"})
  void everyPageHasThePaperAndOrientationAskedFor(RenderOptions.Paper paper, RenderOptions.Orientation orientation,
      float width, float height) throws IOException {
    Path pdf = dir.resolve(paper + "-" + orientation + ".pdf");
    PdfCalendar.render(CalendarTheme.TRAVEL, RenderOptions.builder().year(2027).paper(paper).orientation(orientation).build(),
        twelve(), pdf);

    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      assertThat(doc.getNumberOfPages()).isEqualTo(13);
      for (int i = 0; i < 13; i++) {
        PDRectangle box = doc.getPage(i).getMediaBox();
        assertThat(box.getWidth()).as("page " + i + " width in points").isCloseTo(width, org.assertj.core.data.Offset.offset(0.01f));
        assertThat(box.getHeight()).as("page " + i + " height in points").isCloseTo(height, org.assertj.core.data.Offset.offset(0.01f));
      }
    }
  }

  @Test
  void everyThemeRenders() throws IOException {
    List<CalendarTheme> themes = CalendarTheme.builtIns();
    for (int i = 0; i < themes.size(); i++) {
      RenderOptions.Orientation o = RenderOptions.Orientation.values()[i % 2];
      Path pdf = dir.resolve(themes.get(i).name() + "-" + o + ".pdf");
      PdfCalendar.render(themes.get(i), RenderOptions.builder().year(2027).orientation(o).build(), twelve(), pdf);
      assertThat(Fixtures.pdf(pdf).pages()).as(pdf.toString()).isEqualTo(13);
    }
  }

  @Test
  void anImageAPdfCannotEmbedIsRefusedAndNoFileIsLeft() {
    List<byte[]> images = twelve();
    images.set(4, "RIFF....WEBPVP8 not really".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> PdfCalendar.render(CalendarTheme.FAMILY, RenderOptions.defaults(), images, dir.resolve("x.pdf")))
        .isInstanceOf(IOException.class).hasMessageContaining("month 5");
    assertThat(dir.resolve("x.pdf")).doesNotExist();
    assertThat(dir.toFile().list()).isEmpty();
  }
}
