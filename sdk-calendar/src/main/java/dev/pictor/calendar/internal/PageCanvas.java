package dev.pictor.calendar.internal;

import java.awt.Color;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * The drawing primitives pages are made of, over one page's content stream: text placed by its
 * left, centre or right edge, rectangles and rounded rectangles, circles, hearts, stars and leaves,
 * and images cropped to fill a box. Coordinates are PDF points from the bottom left. Not
 * thread-safe: one per page.
 */
final class PageCanvas {
  private static final double KAPPA = 0.5523;

  final PDPageContentStream cs;
  final PDFont regular;
  final PDFont bold;

  PageCanvas(PDPageContentStream cs, PDFont regular, PDFont bold) {
    this.cs = cs;
    this.regular = regular;
    this.bold = bold;
  }

  static float width(PDFont font, float size, String text) throws IOException {
    return font.getStringWidth(text) / 1000f * size;
  }

  /** Text with its left edge at {@code x} and its baseline at {@code y}. */
  void text(PDFont font, float size, Color color, float x, float y, String text) throws IOException {
    cs.beginText();
    cs.setFont(font, size);
    cs.setNonStrokingColor(color);
    cs.newLineAtOffset(x, y);
    cs.showText(text);
    cs.endText();
  }

  /** Text centred on {@code x}. */
  void centred(PDFont font, float size, Color color, float x, float y, String text) throws IOException {
    text(font, size, color, x - width(font, size, text) / 2, y, text);
  }

  /** Text with its right edge at {@code x}. */
  void right(PDFont font, float size, Color color, float x, float y, String text) throws IOException {
    text(font, size, color, x - width(font, size, text), y, text);
  }

  /** The largest size up to {@code max} at which {@code text} fits in {@code width}. */
  static float fit(PDFont font, float max, float width, String text) throws IOException {
    float w = width(font, max, text);
    return w <= width ? max : max * width / w;
  }

  void fill(Color color, float x, float y, float w, float h) throws IOException {
    cs.setNonStrokingColor(color);
    cs.addRect(x, y, w, h);
    cs.fill();
  }

  void stroke(Color color, float lineWidth, float x, float y, float w, float h) throws IOException {
    cs.setStrokingColor(color);
    cs.setLineWidth(lineWidth);
    cs.addRect(x, y, w, h);
    cs.stroke();
  }

  void line(Color color, float lineWidth, float x1, float y1, float x2, float y2) throws IOException {
    cs.setStrokingColor(color);
    cs.setLineWidth(lineWidth);
    cs.moveTo(x1, y1);
    cs.lineTo(x2, y2);
    cs.stroke();
  }

  /** Adds a rounded rectangle to the current path. */
  void roundedPath(float x, float y, float w, float h, float r) throws IOException {
    r = Math.min(r, Math.min(w, h) / 2);
    float k = (float) (r * KAPPA);
    cs.moveTo(x + r, y);
    cs.lineTo(x + w - r, y);
    cs.curveTo(x + w - r + k, y, x + w, y + r - k, x + w, y + r);
    cs.lineTo(x + w, y + h - r);
    cs.curveTo(x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
    cs.lineTo(x + r, y + h);
    cs.curveTo(x + r - k, y + h, x, y + h - r + k, x, y + h - r);
    cs.lineTo(x, y + r);
    cs.curveTo(x, y + r - k, x + r - k, y, x + r, y);
    cs.closePath();
  }

  /** Adds a circle to the current path. */
  void circlePath(float cx, float cy, float r) throws IOException {
    float k = (float) (r * KAPPA);
    cs.moveTo(cx + r, cy);
    cs.curveTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    cs.curveTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    cs.curveTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    cs.curveTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    cs.closePath();
  }

  void circle(Color color, float cx, float cy, float r) throws IOException {
    cs.setNonStrokingColor(color);
    circlePath(cx, cy, r);
    cs.fill();
  }

  /** A heart {@code s} wide, centred on ({@code cx}, {@code cy}). */
  void heart(Color color, float cx, float cy, float s) throws IOException {
    float h = s / 2;
    cs.setNonStrokingColor(color);
    cs.moveTo(cx, cy - h * 0.9f);
    cs.curveTo(cx - h * 1.4f, cy + h * 0.1f, cx - h * 0.6f, cy + h * 1.2f, cx, cy + h * 0.45f);
    cs.curveTo(cx + h * 0.6f, cy + h * 1.2f, cx + h * 1.4f, cy + h * 0.1f, cx, cy - h * 0.9f);
    cs.closePath();
    cs.fill();
  }

  /** A five-pointed star of outer radius {@code r}. */
  void star(Color color, float cx, float cy, float r) throws IOException {
    cs.setNonStrokingColor(color);
    for (int i = 0; i < 10; i++) {
      double a = Math.PI / 2 + i * Math.PI / 5;
      float rr = i % 2 == 0 ? r : r * 0.42f;
      float x = cx + (float) (rr * Math.cos(a));
      float y = cy + (float) (rr * Math.sin(a));
      if (i == 0) cs.moveTo(x, y);
      else cs.lineTo(x, y);
    }
    cs.closePath();
    cs.fill();
  }

  /** A leaf {@code s} long, pointing up and to the right, with its midrib in {@code vein}. */
  void leaf(Color color, Color vein, float cx, float cy, float s) throws IOException {
    float h = s / 2;
    cs.setNonStrokingColor(color);
    cs.moveTo(cx - h * 0.7f, cy - h * 0.7f);
    cs.curveTo(cx - h * 0.9f, cy + h * 0.4f, cx - h * 0.1f, cy + h * 0.8f, cx + h * 0.7f, cy + h * 0.7f);
    cs.curveTo(cx + h * 0.6f, cy - h * 0.2f, cx + h * 0.1f, cy - h * 0.8f, cx - h * 0.7f, cy - h * 0.7f);
    cs.closePath();
    cs.fill();
    line(vein, Math.max(0.4f, s / 40), cx - h * 0.7f, cy - h * 0.7f, cx + h * 0.6f, cy + h * 0.6f);
  }

  /**
   * Draws {@code image} to fill the box, cropped at its centre to the box's proportions, inside a
   * clip of the box ({@code radius} 0) or its rounded rectangle.
   */
  void cover(PDImageXObject image, float x, float y, float w, float h, float radius) throws IOException {
    cs.saveGraphicsState();
    if (radius > 0) roundedPath(x, y, w, h, radius);
    else cs.addRect(x, y, w, h);
    cs.clip();
    float scale = Math.max(w / image.getWidth(), h / image.getHeight());
    float dw = image.getWidth() * scale;
    float dh = image.getHeight() * scale;
    cs.drawImage(image, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh);
    cs.restoreGraphicsState();
  }
}
