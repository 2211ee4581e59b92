package dev.pictor.calendar;

import dev.pictor.InvalidRequestException;
import dev.pictor.calendar.internal.Fonts;
import dev.pictor.calendar.internal.MonthNames;
import java.nio.file.Path;
import java.time.Year;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a calendar is printed: the year, the locale of its month and weekday names, the paper and its
 * orientation, an optional title on the cover, and whether PNG pages are written besides the PDF.
 * Building checks the year and that the locale's names can be drawn with the packaged font.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * RenderOptions options = RenderOptions.builder()
 *     .year(2027).locale("uk")
 *     .paper(RenderOptions.Paper.A3).orientation(RenderOptions.Orientation.LANDSCAPE)
 *     .pngPages(Path.of("out/pages"), 150)
 *     .build();
 * }</pre>
 */
public final class RenderOptions {
  /** The earliest year a calendar is printed for. */
  public static final int MIN_YEAR = 1900;
  /** The latest year a calendar is printed for. */
  public static final int MAX_YEAR = 2200;

  private final int year;
  private final Locale locale;
  private final Paper paper;
  private final Orientation orientation;
  private final String title;
  private final Path pngDirectory;
  private final int pngDpi;

  private RenderOptions(Builder b) {
    this.year = b.year;
    this.locale = b.locale;
    this.paper = b.paper;
    this.orientation = b.orientation;
    this.title = b.title;
    this.pngDirectory = b.pngDirectory;
    this.pngDpi = b.pngDpi;
  }

  /** A builder: next year, English, A4 portrait, no title, no PNG pages. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults of {@link #builder()}. */
  public static RenderOptions defaults() {
    return builder().build();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.year = year;
    b.locale = locale;
    b.paper = paper;
    b.orientation = orientation;
    b.title = title;
    b.pngDirectory = pngDirectory;
    b.pngDpi = pngDpi;
    return b;
  }

  /** The calendar's year. */
  public int year() {
    return year;
  }

  /** The locale of month and weekday names. */
  public Locale locale() {
    return locale;
  }

  /** The paper size. */
  public Paper paper() {
    return paper;
  }

  /** The page orientation. */
  public Orientation orientation() {
    return orientation;
  }

  /** A title printed on the cover above the year. */
  public Optional<String> title() {
    return Optional.ofNullable(title);
  }

  /** Where PNG pages go, when they are wanted. */
  public Optional<Path> pngDirectory() {
    return Optional.ofNullable(pngDirectory);
  }

  /** The resolution of PNG pages, in dots per inch. */
  public int pngDpi() {
    return pngDpi;
  }

  @Override
  public String toString() {
    return "RenderOptions{" + year + ", " + locale.toLanguageTag() + ", " + paper + " " + orientation
        + (pngDirectory == null ? "" : ", png " + pngDpi + " dpi") + "}";
  }

  /** The paper a calendar is printed on. */
  public enum Paper {
    /** 210 x 297 mm. */
    A4,
    /** 297 x 420 mm. */
    A3
  }

  /** The orientation of every page. */
  public enum Orientation {
    /** Taller than wide: the photo above the month grid. */
    PORTRAIT,
    /** Wider than tall: the photo beside the month grid. */
    LANDSCAPE
  }

  /** Builds {@link RenderOptions}. Not thread-safe. */
  public static final class Builder {
    private int year = Year.now().getValue() + 1;
    private Locale locale = Locale.ENGLISH;
    private Paper paper = Paper.A4;
    private Orientation orientation = Orientation.PORTRAIT;
    private String title;
    private Path pngDirectory;
    private int pngDpi = 150;

    private Builder() {}

    /** The calendar's year, {@value RenderOptions#MIN_YEAR} to {@value RenderOptions#MAX_YEAR}; default next year. */
    public Builder year(int year) {
      this.year = year;
      return this;
    }

    /** The locale of month and weekday names; default English. */
    public Builder locale(Locale locale) {
      this.locale = Objects.requireNonNull(locale, "locale == null");
      return this;
    }

    /**
     * The locale as a language tag, such as {@code uk}, {@code ru}, {@code en} or {@code de-AT}.
     *
     * @param tag a BCP 47 language tag
     * @return this builder
     * @throws InvalidRequestException when the tag is malformed
     */
    public Builder locale(String tag) {
      Objects.requireNonNull(tag, "tag == null");
      try {
        return locale(new Locale.Builder().setLanguageTag(tag.strip().replace('_', '-')).build());
      } catch (IllformedLocaleException e) {
        throw new InvalidRequestException("locale", "locale '" + tag + "' is not a language tag such as uk, ru, en or de");
      }
    }

    /** The paper; default A4. */
    public Builder paper(Paper paper) {
      this.paper = Objects.requireNonNull(paper, "paper == null");
      return this;
    }

    /** The orientation; default portrait. */
    public Builder orientation(Orientation orientation) {
      this.orientation = Objects.requireNonNull(orientation, "orientation == null");
      return this;
    }

    /** A title for the cover, up to 80 characters; none by default. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /**
     * Also writes every page as a PNG into {@code directory} ({@code 00-cover.png}, {@code 01.png} ...
     * {@code 12.png}).
     *
     * @param directory where the pages go; created when missing
     * @param dpi 36 to 600
     * @return this builder
     */
    public Builder pngPages(Path directory, int dpi) {
      this.pngDirectory = Objects.requireNonNull(directory, "directory == null");
      this.pngDpi = dpi;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws InvalidRequestException naming what is wrong: the year, a locale whose names the packaged
     *     font cannot draw, the title or the PNG resolution
     */
    public RenderOptions build() {
      if (year < MIN_YEAR || year > MAX_YEAR) {
        throw new InvalidRequestException("year", "year = " + year + " must be from " + MIN_YEAR + " to " + MAX_YEAR);
      }
      MonthNames.check(locale);
      if (title != null && (title.isBlank() || title.length() > 80)) {
        throw new InvalidRequestException("title", "a cover title has 1 to 80 characters; got " + title.length());
      }
      if (title != null && !Fonts.covers(title)) {
        throw new InvalidRequestException("title", "the cover title has letters the packaged font (DejaVu Sans) cannot"
            + " draw; use Latin, Cyrillic or Greek letters");
      }
      if (pngDirectory != null && (pngDpi < 36 || pngDpi > 600)) {
        throw new InvalidRequestException("pngDpi", "pngDpi = " + pngDpi + " must be from 36 to 600");
      }
      return new RenderOptions(this);
    }
  }
}
