package dev.pictor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.testkit.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalendarShopTest {
  @TempDir Path dir;

  @Test
  void photosBecomeATrainedLoraTwentyFourVariantsAndAPrintableCalendar() throws Exception {
    Path photos = Files.createDirectories(dir.resolve("photos"));
    for (int i = 1; i <= 10; i++) Files.write(photos.resolve(String.format("anna-%02d.jpg", i)), TestImages.jpeg(i, 160, 120));
    Path pdf = dir.resolve("anna.pdf");
    PrintStream realOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      CalendarShop.main(new String[] {photos.toString(), pdf.toString()});
    } finally {
      System.setOut(realOut);
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();

    assertThat(lines.stream().filter(l -> l.startsWith("status ")).distinct())
        .containsExactly("status pending", "status training", "status generating", "status ready_for_selection",
            "status finalizing", "status completed");
    assertThat(lines).filteredOn(l -> l.startsWith("variant ")).hasSize(25).anyMatch(l -> l.contains("(anna-01.jpg, seed 1)"));
    assertThat(lines).contains("months: 12, deleted variants: 12", "calendar: " + pdf);
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      assertThat(doc.getNumberOfPages()).isEqualTo(13);
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("Календар родини", String.valueOf(Year.now().getValue() + 1), "Січень", "Грудень");
    }
  }
}
