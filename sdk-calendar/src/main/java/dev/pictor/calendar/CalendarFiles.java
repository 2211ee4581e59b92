package dev.pictor.calendar;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What rendering wrote: the printable PDF (a cover and twelve month pages) and, when asked for, one
 * PNG per page in page order. Immutable and thread-safe.
 *
 * @param pdf the PDF file
 * @param pngPages the PNG pages, cover first; empty when none were asked for
 */
public record CalendarFiles(Path pdf, List<Path> pngPages) {
  /**
   * Copies the page list.
   *
   * @throws NullPointerException when {@code pdf} is null
   */
  public CalendarFiles {
    Objects.requireNonNull(pdf, "pdf == null");
    pngPages = List.copyOf(pngPages);
  }
}
