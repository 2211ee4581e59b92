package dev.pictor.calendar.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.calendar.CalendarTheme;
import dev.pictor.calendar.RenderOptions;
import dev.pictor.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The week grid: Monday first, leap Februaries, months that start on a Sunday, on the page and in the model. */
class MonthGridTest {
  @TempDir Path dir;

  private static List<String> rows(YearMonth month) {
    List<String> out = new ArrayList<>();
    for (int[] week : MonthGrid.weeks(month)) out.add(java.util.Arrays.toString(week));
    return out;
  }

  @Test
  void february2028IsALeapMonthStartingOnTuesday() {
    assertThat(rows(YearMonth.of(2028, 2))).containsExactly(
        "[0, 1, 2, 3, 4, 5, 6]",
        "[7, 8, 9, 10, 11, 12, 13]",
        "[14, 15, 16, 17, 18, 19, 20]",
        "[21, 22, 23, 24, 25, 26, 27]",
        "[28, 29, 0, 0, 0, 0, 0]");
  }

  @Test
  void aMonthStartingOnSundayPutsTheFirstInTheLastColumnAndTakesSixWeeks() {
    assertThat(rows(YearMonth.of(2027, 8))).containsExactly(
        "[0, 0, 0, 0, 0, 0, 1]",
        "[2, 3, 4, 5, 6, 7, 8]",
        "[9, 10, 11, 12, 13, 14, 15]",
        "[16, 17, 18, 19, 20, 21, 22]",
        "[23, 24, 25, 26, 27, 28, 29]",
        "[30, 31, 0, 0, 0, 0, 0]");
    assertThat(rows(YearMonth.of(2026, 2))).as("28 days from a Sunday").hasSize(5).first().isEqualTo("[0, 0, 0, 0, 0, 0, 1]");
    assertThat(rows(YearMonth.of(2021, 2))).as("28 days from a Monday").hasSize(4).first().isEqualTo("[1, 2, 3, 4, 5, 6, 7]");
  }

  @Test
  void onThePageTheFirstOfASundayMonthStandsUnderSundayAndFebruary2028HasItsTwentyNinth() throws IOException {
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < 12; i++) images.add(TestImages.png(i, 40, 30));
    Path leap = dir.resolve("2028.pdf");
    Path sunday = dir.resolve("2027.pdf");
    PdfCalendar.render(CalendarTheme.FAMILY, RenderOptions.builder().year(2028).locale("uk").build(), images, leap);
    PdfCalendar.render(CalendarTheme.FAMILY, RenderOptions.builder().year(2027).locale("uk").build(), images, sunday);

    assertThat(words(leap, 3)).containsKeys("Лютий", "2028", "28", "29").doesNotContainKey("30");
    assertThat(words(sunday, 3)).containsKey("28").doesNotContainKey("29");
    Map<String, Float> august = words(sunday, 9);
    assertThat(august).containsKeys("Серпень", "Пн", "Нд", "31");
    assertThat(august.get("1")).as("the 1st under Sunday").isEqualTo(august.get("8")).isEqualTo(august.get("15"))
        .isGreaterThan(august.get("7"));
    assertThat(august.get("2")).as("the 2nd under Monday").isEqualTo(august.get("9")).isEqualTo(august.get("30"))
        .isLessThan(august.get("3"));
  }

  /** Each word of page {@code page} (1 is the cover) with the x of its first letter (the last seen for repeats). */
  private static Map<String, Float> words(Path pdf, int page) throws IOException {
    Map<String, Float> out = new HashMap<>();
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      PDFTextStripper stripper = new PDFTextStripper() {
        @Override
        protected void writeString(String text, List<TextPosition> positions) throws IOException {
          int start = 0;
          for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
              if (i > start) out.put(text.substring(start, i), Math.round(positions.get(start).getXDirAdj() * 10) / 10f);
              start = i + 1;
            }
          }
          super.writeString(text, positions);
        }
      };
      stripper.setSortByPosition(true);
      stripper.setStartPage(page);
      stripper.setEndPage(page);
      stripper.getText(doc);
    }
    return out;
  }
}
