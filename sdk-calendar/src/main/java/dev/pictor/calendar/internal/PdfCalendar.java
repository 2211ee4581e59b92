package dev.pictor.calendar.internal;

import dev.pictor.calendar.CalendarFiles;
import dev.pictor.calendar.CalendarLayout;
import dev.pictor.calendar.CalendarTheme;
import dev.pictor.calendar.RenderOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Month;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Renders a calendar with PDFBox: a cover (title, year and a collage of the twelve images) and one
 * page per month (the image in the theme's frame, the month's name and the year, the week grid,
 * ornaments and an optional notes area), in the theme's colours, on A4 or A3, portrait or
 * landscape. DejaVu Sans is embedded (subset) from the fonts jar, so Cyrillic prints on any machine.
 * The PDF and PNG pages are written under temporary names and moved into place when complete.
 * Stateless; thread-safe.
 */
public final class PdfCalendar {
  private PdfCalendar() {}

  /**
   * Renders {@code images} (January first, PNG or JPEG bytes) to {@code pdf}.
   *
   * @throws IOException when an image cannot be read or a file cannot be written
   */
  public static CalendarFiles render(CalendarTheme theme, RenderOptions options, List<byte[]> images, Path pdf)
      throws IOException {
    if (images.size() != 12) throw new IllegalArgumentException("a calendar needs 12 images; got " + images.size());
    Palette palette = Palette.of(theme.colors());
    Path dir = pdf.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".calendar-", ".pdf.part");
    List<Path> pngs = new ArrayList<>();
    try (PDDocument doc = new PDDocument()) {
      PDFont regular = PDType0Font.load(doc, new ByteArrayInputStream(Fonts.regular()), true);
      PDFont bold = PDType0Font.load(doc, new ByteArrayInputStream(Fonts.bold()), true);
      PDRectangle size = size(options);
      cover(doc, size, regular, bold, theme, palette, options, images);
      for (Month m : Month.values()) {
        PDImageXObject image = image(doc, images.get(m.ordinal()), m);
        month(doc, size, regular, bold, theme, palette, options, YearMonth.of(options.year(), m), image);
      }
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(options.title().orElse("Calendar") + " " + options.year());
      info.setSubject("theme " + theme.name());
      info.setCreator("Pictor sdk-calendar");
      doc.save(tmp.toFile());
      if (options.pngDirectory().isPresent()) pngs = png(doc, options.pngDirectory().get(), options.pngDpi());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, pdf, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new CalendarFiles(pdf, pngs);
  }

  private static PDRectangle size(RenderOptions o) {
    PDRectangle paper = o.paper() == RenderOptions.Paper.A3 ? PDRectangle.A3 : PDRectangle.A4;
    return o.orientation() == RenderOptions.Orientation.LANDSCAPE
        ? new PDRectangle(paper.getHeight(), paper.getWidth()) : paper;
  }

  private static PDImageXObject image(PDDocument doc, byte[] bytes, Month m) throws IOException {
    try {
      return PDImageXObject.createFromByteArray(doc, bytes, "month-" + (m.ordinal() + 1));
    } catch (IllegalArgumentException unsupported) {
      throw new IOException("the image for month " + (m.ordinal() + 1) + " is not a PNG or JPEG, which is what a"
          + " PDF can embed: " + unsupported.getMessage(), unsupported);
    }
  }

  private static void cover(PDDocument doc, PDRectangle size, PDFont regular, PDFont bold, CalendarTheme theme,
      Palette p, RenderOptions o, List<byte[]> images) throws IOException {
    PDPage page = new PDPage(size);
    doc.addPage(page);
    float w = size.getWidth();
    float h = size.getHeight();
    float m = Math.min(w, h) * 0.06f;
    boolean landscape = w > h;
    BufferedImage collage = Collage.of(images, landscape ? 4 : 3, landscape ? 3 : 4, java.awt.Color.WHITE);
    PDImageXObject picture = JPEGFactory.createFromImage(doc, collage, 0.9f);
    try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
      PageCanvas c = new PageCanvas(cs, regular, bold);
      c.fill(p.paper(), 0, 0, w, h);
      String year = String.valueOf(o.year());
      float yearSize = Math.min(w, h) * 0.16f;
      float baseline = h - m - yearSize * 0.8f;
      c.centred(bold, yearSize, p.ink(), w / 2, baseline, year);
      float below = baseline - yearSize * 0.35f;
      if (o.title().isPresent()) {
        float ts = PageCanvas.fit(regular, Math.min(w, h) * 0.05f, w - 2 * m, o.title().get());
        c.centred(regular, ts, p.accent(), w / 2, below - ts, o.title().get());
        below -= ts * 1.6f;
      }
      Ornaments.draw(c, theme.layout().decorations(), p, m * 1.5f, h - m * 1.5f, m * 1.6f);
      Ornaments.draw(c, theme.layout().decorations(), p, w - m * 1.5f, h - m * 1.5f, m * 1.6f);
      float boxH = below - m * 1.5f - m;
      float boxW = boxH * collage.getWidth() / collage.getHeight();
      if (boxW > w - 2 * m) {
        boxW = w - 2 * m;
        boxH = boxW * collage.getHeight() / collage.getWidth();
      }
      Frames.draw(c, theme.layout().frame(), p, picture, (w - boxW) / 2, m, boxW, boxH);
    }
  }

  private static void month(PDDocument doc, PDRectangle size, PDFont regular, PDFont bold, CalendarTheme theme,
      Palette p, RenderOptions o, YearMonth month, PDImageXObject image) throws IOException {
    PDPage page = new PDPage(size);
    doc.addPage(page);
    float w = size.getWidth();
    float h = size.getHeight();
    float m = Math.min(w, h) * 0.06f;
    CalendarLayout layout = theme.layout();
    String name = MonthNames.month(month.getMonth(), o.locale());
    String year = String.valueOf(month.getYear());
    try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
      PageCanvas c = new PageCanvas(cs, regular, bold);
      c.fill(p.paper(), 0, 0, w, h);
      float colX;
      float colW;
      float colTop;
      if (w > h) { // landscape: the photo on the left, the month on the right
        float pw = (w - 2 * m) * 0.56f;
        Frames.draw(c, layout.frame(), p, image, m, m, pw, h - 2 * m);
        colX = m + pw + m;
        colW = w - colX - m;
        colTop = h - m;
      } else { // portrait: the photo above the month
        float ph = (h - 2 * m) * 0.5f;
        Frames.draw(c, layout.frame(), p, image, m, h - m - ph, w - 2 * m, ph);
        colX = m;
        colW = w - 2 * m;
        colTop = h - m - ph - m * 0.6f;
      }
      float titleSize = PageCanvas.fit(bold, Math.min(w, h) * 0.075f, colW * 0.7f, name);
      float baseline = colTop - titleSize;
      c.text(bold, titleSize, p.ink(), colX, baseline, name);
      c.right(regular, titleSize * 0.6f, p.accent(), colX + colW, baseline, year);
      float ornament = titleSize * 1.1f;
      float afterName = colX + PageCanvas.width(bold, titleSize, name) + ornament * 0.8f;
      if (afterName + ornament < colX + colW - PageCanvas.width(regular, titleSize * 0.6f, year)) {
        Ornaments.draw(c, layout.decorations(), p, afterName, baseline + titleSize * 0.3f, ornament);
      }
      Ornaments.draw(c, layout.decorations(), p, m * 0.55f, m * 0.55f, m * 0.9f);
      float gridTop = baseline - titleSize * 0.5f;
      float notesH = layout.notes() ? (gridTop - m) * 0.22f : 0;
      MonthGrid.draw(c, layout.grid(), p, o.locale(), month, colX, m + notesH, colW, gridTop - m - notesH);
      if (layout.notes()) MonthGrid.notes(c, p, colX, m, colW, notesH * 0.85f);
    }
  }

  private static List<Path> png(PDDocument doc, Path dir, int dpi) throws IOException {
    Files.createDirectories(dir);
    PDFRenderer renderer = new PDFRenderer(doc);
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < doc.getNumberOfPages(); i++) {
      BufferedImage page = renderer.renderImageWithDPI(i, dpi, ImageType.RGB);
      Path file = dir.resolve(i == 0 ? "00-cover.png" : String.format(java.util.Locale.ROOT, "%02d.png", i));
      Path tmp = Files.createTempFile(dir, ".page-", ".png.part");
      try {
        if (!ImageIO.write(page, "png", tmp.toFile())) throw new IOException("no PNG writer in this Java runtime");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      out.add(file);
    }
    return out;
  }
}
