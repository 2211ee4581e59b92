package dev.pictor.calendar;

import dev.pictor.InvalidRequestException;
import dev.pictor.calendar.internal.ThemeCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A calendar theme: the prompt that stylises the customer's photos, what to keep out of them, how
 * strongly to apply the style, how many inference steps to spend, the colour scheme, and the page
 * layout. The ten themes of seed 001 are constants ({@link #FAMILY} ... {@link #PROFESSIONAL}); a
 * custom theme is built with {@link #builder(String)}. Themes serialise to the seed's template-data
 * JSON ({@link #toJson()}, {@link #fromJson(String)}), so a shop can keep them in its database.
 *
 * <p>Immutable and thread-safe; derive variants with {@link #toBuilder()}.
 *
 * <pre>{@code
 * CalendarTheme wedding = CalendarTheme.named("wedding");
 * CalendarTheme gold = wedding.toBuilder().name("golden-wedding")
 *     .colors("#FFFFFF", "#D4AF37", "#F5E6CC").build();
 * String json = gold.toJson();              // {"version":1,"theme":"golden-wedding","fluxPrompt":{...},...}
 * }</pre>
 */
public final class CalendarTheme {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern HEX = Pattern.compile("#[0-9A-F]{6}");
  /** The most characters a base or negative prompt may have. */
  public static final int MAX_PROMPT_LENGTH = 1000;

  private static final List<CalendarTheme> BUILT_IN = ThemeCodec.builtIns();

  /** Warm, cosy family portraits in soft pastels. */
  public static final CalendarTheme FAMILY = find("family");
  /** Clean business portraits, with a notes area for the office. */
  public static final CalendarTheme CORPORATE = find("corporate");
  /** Romantic wedding photography, white and gold, with roses and hearts. */
  public static final CalendarTheme WEDDING = find("wedding");
  /** Dynamic, energetic sports photography in bold colours. */
  public static final CalendarTheme SPORTS = find("sports");
  /** Playful, bright children's photography with balloons. */
  public static final CalendarTheme KIDS = find("kids");
  /** Minimalist monochrome compositions on a bare grid. */
  public static final CalendarTheme MINIMALIST = find("minimalist");
  /** Outdoor portraits in earthy tones, with leaves. */
  public static final CalendarTheme NATURE = find("nature");
  /** Travel adventure photography on instant-photo cards. */
  public static final CalendarTheme TRAVEL = find("travel");
  /** Vintage sepia film photography with ornamental corners. */
  public static final CalendarTheme VINTAGE = find("vintage");
  /** Premium executive portraits on a business grid. */
  public static final CalendarTheme PROFESSIONAL = find("professional");

  private final String name;
  private final String basePrompt;
  private final String negativePrompt;
  private final double styleStrength;
  private final int steps;
  private final List<String> colors;
  private final CalendarLayout layout;

  private CalendarTheme(Builder b) {
    this.name = b.name;
    this.basePrompt = b.basePrompt.strip();
    this.negativePrompt = b.negativePrompt == null ? "" : b.negativePrompt.strip();
    this.styleStrength = b.styleStrength;
    this.steps = b.steps;
    this.colors = List.copyOf(b.colors);
    this.layout = b.layout;
  }

  /**
   * A builder for a custom theme named {@code name} (lowercase letters, digits and dashes).
   *
   * @param name the theme's name
   * @return a builder with steps 30, style strength 0.7, and a plain grid layout
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder starting from this theme. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The ten themes of seed 001, in the seed's order. */
  public static List<CalendarTheme> builtIns() {
    return BUILT_IN;
  }

  /**
   * A built-in theme by name, ignoring case and surrounding spaces.
   *
   * @param name such as {@code family} or {@code wedding}
   * @return the theme
   * @throws InvalidRequestException naming the ten allowed names
   */
  public static CalendarTheme named(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (CalendarTheme t : BUILT_IN) {
      if (t.name.equals(wanted)) return t;
    }
    List<String> names = new ArrayList<>();
    for (CalendarTheme t : BUILT_IN) names.add(t.name);
    throw new InvalidRequestException("theme", "theme '" + name + "' is not one of " + String.join(", ", names));
  }

  private static CalendarTheme find(String name) {
    return named(name);
  }

  /**
   * Reads a theme from the JSON {@link #toJson()} writes, which is seed 001's template data
   * ({@code theme}, {@code fluxPrompt}, {@code layout}, {@code colorScheme}); a missing
   * {@code version} reads as 1, so the seed's own data loads as it is.
   *
   * @param json the theme JSON
   * @return the theme
   * @throws InvalidRequestException naming the field that is missing or wrong
   */
  public static CalendarTheme fromJson(String json) {
    return ThemeCodec.read(json);
  }

  /** The theme as JSON in seed 001's template-data shape, with a format {@code version}. */
  public String toJson() {
    return ThemeCodec.write(this);
  }

  /** The name, such as {@code family}. */
  public String name() {
    return name;
  }

  /** The prompt that gives the photos the theme's style. */
  public String basePrompt() {
    return basePrompt;
  }

  /** What the pictures must not look like; empty for nothing. */
  public String negativePrompt() {
    return negativePrompt;
  }

  /** How strongly the style is applied, from 0 (barely) to 1 (completely). */
  public double styleStrength() {
    return styleStrength;
  }

  /** Inference steps for models that take a step count. */
  public int steps() {
    return steps;
  }

  /** The colour scheme as {@code #RRGGBB}, most characteristic first. */
  public List<String> colors() {
    return colors;
  }

  /** The page layout. */
  public CalendarLayout layout() {
    return layout;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CalendarTheme)) return false;
    CalendarTheme t = (CalendarTheme) o;
    return name.equals(t.name) && basePrompt.equals(t.basePrompt) && negativePrompt.equals(t.negativePrompt)
        && Double.compare(styleStrength, t.styleStrength) == 0 && steps == t.steps && colors.equals(t.colors)
        && layout.equals(t.layout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, basePrompt, negativePrompt, styleStrength, steps, colors, layout);
  }

  @Override
  public String toString() {
    return "CalendarTheme{" + name + ", strength=" + styleStrength + ", steps=" + steps + ", " + colors + ", "
        + layout.grid().wireName() + "/" + layout.frame().wireName() + "}";
  }

  /** Builds a {@link CalendarTheme}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private String basePrompt;
    private String negativePrompt = "";
    private double styleStrength = 0.7;
    private int steps = 30;
    private List<String> colors = List.of("#1F2937", "#6B7280", "#F3F4F6");
    private CalendarLayout layout = new CalendarLayout(CalendarLayout.Grid.TWELVE_MONTH_GRID,
        CalendarLayout.Frame.CLEAN_LINE, CalendarLayout.Decoration.NONE, false);

    private Builder(String name) {
      this.name = name;
    }

    private Builder(CalendarTheme t) {
      this.name = t.name;
      this.basePrompt = t.basePrompt;
      this.negativePrompt = t.negativePrompt;
      this.styleStrength = t.styleStrength;
      this.steps = t.steps;
      this.colors = t.colors;
      this.layout = t.layout;
    }

    /** The theme's name: lowercase letters, digits and dashes, up to 40. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The style prompt; required. */
    public Builder basePrompt(String prompt) {
      this.basePrompt = prompt;
      return this;
    }

    /** What to keep out of the pictures; empty for nothing. */
    public Builder negativePrompt(String prompt) {
      this.negativePrompt = prompt;
      return this;
    }

    /** From 0 to 1; default 0.7. */
    public Builder styleStrength(double strength) {
      this.styleStrength = strength;
      return this;
    }

    /** From 1 to 50; default 30. */
    public Builder steps(int steps) {
      this.steps = steps;
      return this;
    }

    /** One to five colours as {@code #RRGGBB}, most characteristic first. */
    public Builder colors(String... colors) {
      return colors(List.of(colors));
    }

    /** As {@link #colors(String...)}. */
    public Builder colors(List<String> colors) {
      this.colors = new ArrayList<>(Objects.requireNonNull(colors, "colors == null"));
      return this;
    }

    /** The page layout. */
    public Builder layout(CalendarLayout layout) {
      this.layout = Objects.requireNonNull(layout, "layout == null");
      return this;
    }

    /**
     * Builds the theme.
     *
     * @return the theme
     * @throws InvalidRequestException naming the field that is wrong and what is allowed
     */
    public CalendarTheme build() {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new InvalidRequestException("theme", "theme name '" + name
            + "' is not allowed: use 1 to 40 lowercase letters, digits and dashes, such as golden-wedding");
      }
      if (basePrompt == null || basePrompt.isBlank()) {
        throw new InvalidRequestException("basePrompt", "theme " + name + " needs a basePrompt describing its style");
      }
      checkLength("basePrompt", basePrompt);
      if (negativePrompt != null) checkLength("negativePrompt", negativePrompt);
      if (!(styleStrength >= 0 && styleStrength <= 1)) {
        throw new InvalidRequestException("styleStrength", "styleStrength = " + styleStrength + " must be from 0 to 1");
      }
      if (steps < 1 || steps > 50) {
        throw new InvalidRequestException("steps", "steps = " + steps + " must be from 1 to 50");
      }
      if (colors.isEmpty() || colors.size() > 5) {
        throw new InvalidRequestException("colorScheme", "a theme has 1 to 5 colours; got " + colors.size());
      }
      List<String> normalised = new ArrayList<>();
      for (int i = 0; i < colors.size(); i++) {
        String c = colors.get(i) == null ? "null" : colors.get(i).strip().toUpperCase(Locale.ROOT);
        if (!HEX.matcher(c).matches()) {
          throw new InvalidRequestException("colorScheme[" + i + "]", "colour '" + colors.get(i)
              + "' is not a #RRGGBB hex colour such as #FFC4C4");
        }
        normalised.add(c);
      }
      colors = normalised;
      return new CalendarTheme(this);
    }

    private static void checkLength(String field, String text) {
      if (text.length() > MAX_PROMPT_LENGTH) {
        throw new InvalidRequestException(field, field + " is " + text.length() + " characters; at most "
            + MAX_PROMPT_LENGTH + " are allowed");
      }
    }
  }
}
