package dev.pictor.calendar;

import dev.pictor.InvalidRequestException;
import java.util.Locale;
import java.util.Objects;

/**
 * How a theme lays out each printed page: the kind of month grid, the frame around the photo, the
 * decorations, and whether a notes area is printed under the grid. The names follow seed 001's
 * template data ({@code "type": "12-month-grid"}, {@code "photoFrameStyle": "rounded-warm"},
 * {@code "decorativeElements": "roses-hearts"}, {@code "includeNotes": true}).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * CalendarLayout layout = new CalendarLayout(CalendarLayout.Grid.ROMANTIC_GRID,
 *     CalendarLayout.Frame.ELEGANT_DOUBLE, CalendarLayout.Decoration.ROSES_HEARTS, false);
 * }</pre>
 *
 * @param grid the month grid
 * @param frame the frame around the photo
 * @param decorations the ornaments drawn on each page
 * @param notes whether a ruled notes area is printed under the grid
 */
public record CalendarLayout(Grid grid, Frame frame, Decoration decorations, boolean notes) {

  /**
   * Checks the parts.
   *
   * @throws NullPointerException when a part is null
   */
  public CalendarLayout {
    Objects.requireNonNull(grid, "grid == null");
    Objects.requireNonNull(frame, "frame == null");
    Objects.requireNonNull(decorations, "decorations == null");
  }

  /** The month grid of a page; every grid starts its weeks on Monday. */
  public enum Grid {
    /** Boxed day cells, weekends in the accent colour (seed: {@code 12-month-grid}). */
    TWELVE_MONTH_GRID("12-month-grid"),
    /** Compact ruled grid with ISO week numbers, for offices (seed: {@code business-calendar}). */
    BUSINESS_CALENDAR("business-calendar"),
    /** Open grid without cell borders, days in soft circles (seed: {@code romantic-grid}). */
    ROMANTIC_GRID("romantic-grid"),
    /** Numbers only, no lines. */
    MINIMAL_GRID("minimal-grid");

    private final String wire;

    Grid(String wire) {
      this.wire = wire;
    }

    /** The name used in theme JSON. */
    public String wireName() {
      return wire;
    }

    /**
     * Parses {@link #wireName()}, ignoring case.
     *
     * @param name the wire name
     * @return the grid
     * @throws InvalidRequestException naming the allowed values
     */
    public static Grid fromWireName(String name) {
      return parse(values(), name, "layout.type", Grid::wireName);
    }
  }

  /** The frame drawn around the photo. */
  public enum Frame {
    /** No frame: the photo fills its area. */
    NONE("none"),
    /** A thin sharp line. */
    CLEAN_LINE("clean-line"),
    /** Rounded corners with a soft warm border (seed: {@code rounded-warm}). */
    ROUNDED_WARM("rounded-warm"),
    /** Two fine lines in the accent colour. */
    ELEGANT_DOUBLE("elegant-double"),
    /** A thick solid border. */
    BOLD_BLOCK("bold-block"),
    /** Very round corners and a thick dashed outline. */
    PLAYFUL_ROUNDED("playful-rounded"),
    /** A white instant-photo card with a wide bottom edge and a shadow. */
    POLAROID("polaroid"),
    /** A thin border with ornamental corner marks. */
    VINTAGE_CORNERS("vintage-corners");

    private final String wire;

    Frame(String wire) {
      this.wire = wire;
    }

    /** The name used in theme JSON. */
    public String wireName() {
      return wire;
    }

    /**
     * Parses {@link #wireName()}, ignoring case.
     *
     * @param name the wire name
     * @return the frame
     * @throws InvalidRequestException naming the allowed values
     */
    public static Frame fromWireName(String name) {
      return parse(values(), name, "layout.photoFrameStyle", Frame::wireName);
    }
  }

  /** Ornaments drawn on each page, in the theme's colours. */
  public enum Decoration {
    /** None. */
    NONE("none"),
    /** Hearts and rose dots (seed: {@code roses-hearts}). */
    ROSES_HEARTS("roses-hearts"),
    /** Five-pointed stars. */
    STARS("stars"),
    /** Leaves. */
    LEAVES("leaves"),
    /** Balloons on strings. */
    BALLOONS("balloons");

    private final String wire;

    Decoration(String wire) {
      this.wire = wire;
    }

    /** The name used in theme JSON. */
    public String wireName() {
      return wire;
    }

    /**
     * Parses {@link #wireName()}, ignoring case.
     *
     * @param name the wire name
     * @return the decoration
     * @throws InvalidRequestException naming the allowed values
     */
    public static Decoration fromWireName(String name) {
      return parse(values(), name, "layout.decorativeElements", Decoration::wireName);
    }
  }

  private static <E> E parse(E[] values, String name, String field, java.util.function.Function<E, String> wire) {
    if (name != null) {
      String wanted = name.strip().toLowerCase(Locale.ROOT);
      for (E e : values) {
        if (wire.apply(e).equals(wanted)) return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : values) allowed.append(allowed.length() == 0 ? "" : ", ").append(wire.apply(e));
    throw new InvalidRequestException(field, field + " '" + name + "' is not one of " + allowed);
  }
}
