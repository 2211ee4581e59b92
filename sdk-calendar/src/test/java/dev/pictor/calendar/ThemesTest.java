package dev.pictor.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.InvalidRequestException;
import dev.pictor.calendar.CalendarLayout.Decoration;
import dev.pictor.calendar.CalendarLayout.Frame;
import dev.pictor.calendar.CalendarLayout.Grid;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 001's ten themes as typed values, custom themes, and their JSON. */
class ThemesTest {

  @Test
  void theTenThemesOfTheSeedInItsOrder() {
    assertThat(CalendarTheme.builtIns()).extracting(CalendarTheme::name).containsExactly("family", "corporate", "wedding",
        "sports", "kids", "minimalist", "nature", "travel", "vintage", "professional");
    assertThat(CalendarTheme.builtIns()).extracting(CalendarTheme::styleStrength)
        .containsExactly(0.7, 0.6, 0.8, 0.75, 0.85, 0.5, 0.7, 0.75, 0.8, 0.65);
  }

  @Test
  void familyCorporateAndWeddingCarryTheSeedsTemplateData() {
    CalendarTheme family = CalendarTheme.FAMILY;
    assertThat(family.basePrompt()).isEqualTo("family portrait, warm cozy home atmosphere, soft pastel colors, loving moments,"
        + " gentle lighting");
    assertThat(family.negativePrompt()).isEqualTo("dark, gloomy, professional, corporate, cold, formal, harsh shadows");
    assertThat(family.steps()).isEqualTo(30);
    assertThat(family.colors()).containsExactly("#FFE5E5", "#FFC4C4", "#FFD4D4");
    assertThat(family.layout()).isEqualTo(new CalendarLayout(Grid.TWELVE_MONTH_GRID, Frame.ROUNDED_WARM, Decoration.NONE, false));

    CalendarTheme corporate = CalendarTheme.named(" Corporate ");
    assertThat(corporate.steps()).isEqualTo(25);
    assertThat(corporate.colors()).containsExactly("#1E3A8A", "#374151", "#F3F4F6");
    assertThat(corporate.layout().grid()).isEqualTo(Grid.BUSINESS_CALENDAR);
    assertThat(corporate.layout().notes()).isTrue();

    CalendarTheme wedding = CalendarTheme.WEDDING;
    assertThat(wedding.steps()).isEqualTo(35);
    assertThat(wedding.negativePrompt()).isEqualTo("dark, harsh lighting, casual, everyday, simple");
    assertThat(wedding.colors()).containsExactly("#FFFFFF", "#FFD700", "#FFC0CB");
    assertThat(wedding.layout().grid()).isEqualTo(Grid.ROMANTIC_GRID);
    assertThat(wedding.layout().decorations()).isEqualTo(Decoration.ROSES_HEARTS);
    assertThat(CalendarTheme.VINTAGE.basePrompt()).startsWith("vintage retro photography, film grain, sepia tones");
    assertThat(CalendarTheme.MINIMALIST.negativePrompt()).isEqualTo("cluttered, busy, bright colors, decorative, complex");
  }

  @Test
  void everyThemeSurvivesItsJson() {
    for (CalendarTheme t : CalendarTheme.builtIns()) assertThat(CalendarTheme.fromJson(t.toJson())).isEqualTo(t);
    assertThat(CalendarTheme.FAMILY.toJson()).isEqualTo("{\"version\":1,\"theme\":\"family\",\"fluxPrompt\":{\"basePrompt\":"
        + "\"family portrait, warm cozy home atmosphere, soft pastel colors, loving moments, gentle lighting\",\"negativePrompt\":"
        + "\"dark, gloomy, professional, corporate, cold, formal, harsh shadows\",\"styleStrength\":0.7,\"steps\":30},"
        + "\"layout\":{\"type\":\"12-month-grid\",\"monthsPerPage\":1,\"photoFrameStyle\":\"rounded-warm\","
        + "\"decorativeElements\":\"none\",\"includeNotes\":false},\"colorScheme\":[\"#FFE5E5\",\"#FFC4C4\",\"#FFD4D4\"]}");
  }

  @Test
  void theSeedsOwnTemplateDataLoadsAsItIs() {
    // DbSeeder's corporate TemplateData, verbatim in shape: no version, hints this renderer ignores.
    String seed = "{\"theme\":\"corporate\",\"fluxPrompt\":{\"basePrompt\":\"professional business portrait, clean minimal"
        + " aesthetic, sharp focus, corporate environment\",\"negativePrompt\":\"casual, playful, childish, bright colors,"
        + " cartoonish\",\"styleStrength\":0.6,\"steps\":25},\"layout\":{\"type\":\"business-calendar\",\"photoProcessing\":"
        + "\"professional-portrait\",\"includeNotes\":true},\"colorScheme\":[\"#1E3A8A\",\"#374151\",\"#F3F4F6\"]}";

    CalendarTheme t = CalendarTheme.fromJson(seed);

    assertThat(t.name()).isEqualTo("corporate");
    assertThat(t.styleStrength()).isEqualTo(0.6);
    assertThat(t.layout()).isEqualTo(new CalendarLayout(Grid.BUSINESS_CALENDAR, Frame.CLEAN_LINE, Decoration.NONE, true));
  }

  @Test
  void badThemeJsonNamesTheField() {
    assertThatThrownBy(() -> CalendarTheme.fromJson("{\"version\":2,\"theme\":\"x\"}")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("theme format version 2 is newer than this Pictor reads (up to 1): upgrade Pictor to load it");
    assertThatThrownBy(() -> CalendarTheme.fromJson("{\"theme\":\"x\"}")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("theme JSON has no \"fluxPrompt\" object with its basePrompt");
    assertThatThrownBy(() -> CalendarTheme.fromJson("{\"theme\":\"x\",\"fluxPrompt\":{\"basePrompt\":\"a\"},\"layout\":"
        + "{\"photoFrameStyle\":\"neon\"}}")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("layout.photoFrameStyle 'neon' is not one of none, clean-line, rounded-warm, elegant-double, bold-block,"
            + " playful-rounded, polaroid, vintage-corners");
    assertThatThrownBy(() -> CalendarTheme.fromJson("{\"theme\":\"x\",\"fluxPrompt\":{\"basePrompt\":\"a\"},\"layout\":"
        + "{\"monthsPerPage\":2}}")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("layout.monthsPerPage = 2 is not supported: the calendar prints one month a page");
    assertThatThrownBy(() -> CalendarTheme.fromJson("{\"theme\":")).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("theme JSON is malformed: ");
    assertThatThrownBy(() -> CalendarTheme.fromJson("{\"theme\":\"x\",\"fluxPrompt\":{\"basePrompt\":\"a\"}} []"))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("theme JSON");
  }

  @Test
  void aCustomThemeIsBuiltAndChecked() {
    CalendarTheme gold = CalendarTheme.WEDDING.toBuilder().name("golden-wedding").colors("#ffffff", "#d4af37").styleStrength(0.9)
        .build();
    assertThat(gold.colors()).containsExactly("#FFFFFF", "#D4AF37");
    assertThat(gold.basePrompt()).isEqualTo(CalendarTheme.WEDDING.basePrompt());
    assertThat(CalendarTheme.fromJson(gold.toJson())).isEqualTo(gold);

    CalendarTheme.Builder b = CalendarTheme.builder("mine").basePrompt("watercolour portraits");
    assertThat(b.build().steps()).isEqualTo(30);
    assertThatThrownBy(() -> CalendarTheme.builder("Mine!").basePrompt("x").build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("theme name 'Mine!' is not allowed: use 1 to 40 lowercase letters, digits and dashes, such as golden-wedding");
    assertThatThrownBy(() -> CalendarTheme.builder("mine").build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("theme mine needs a basePrompt describing its style");
    assertThatThrownBy(() -> b.styleStrength(1.5).build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("styleStrength = 1.5 must be from 0 to 1");
    assertThatThrownBy(() -> b.styleStrength(0.5).steps(0).build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("steps = 0 must be from 1 to 50");
    assertThatThrownBy(() -> b.steps(20).colors("pink").build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("colour 'pink' is not a #RRGGBB hex colour such as #FFC4C4");
    assertThatThrownBy(() -> b.colors(List.of()).build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("a theme has 1 to 5 colours; got 0");
    assertThatThrownBy(() -> CalendarTheme.named("gothic")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("theme 'gothic' is not one of family, corporate, wedding, sports, kids, minimalist, nature, travel, vintage,"
            + " professional");
  }
}
