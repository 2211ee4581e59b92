package dev.pictor.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.InvalidRequestException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class StylePromptTest {
  private static final String KEEP_PEOPLE = "Keep every person recognisable, with the same facial features,"
      + " expression and identity.";
  private static final String KEEP_LAYOUT = "Keep the original composition: the same framing, poses and placement"
      + " of everything in the picture.";

  @Test
  void aNamedStyleWithDefaults() {
    assertThat(StylePrompt.builder().style(Style.CYBERPUNK).build()).isEqualTo(
        "Restyle the image as a cyberpunk scene with glowing neon lighting and a futuristic night-city mood. "
            + KEEP_PEOPLE + " " + KEEP_LAYOUT);
  }

  @ParameterizedTest
  @CsvSource({
      "CYBERPUNK, neon",
      "WATERCOLOR, watercolour",
      "OIL_PAINTING, oil painting",
      "PENCIL_SKETCH, pencil sketch",
      "ANIME, anime",
      "VINTAGE_FILM, film photograph|grain"})
  void eachNamedStyleNamesItself(Style style, String word) {
    String prompt = StylePrompt.builder().style(style).build();
    assertThat(prompt).startsWith("Restyle the image as ");
    boolean any = Arrays.stream(word.split("\\|")).anyMatch(prompt::contains);
    assertThat(any).as(prompt + " mentions " + word).isTrue();
  }

  @Test
  void namedStylesGiveDistinctPrompts() {
    Set<String> prompts = Arrays.stream(Style.values()).map(s -> StylePrompt.builder().style(s).build())
        .collect(Collectors.toSet());
    assertThat(prompts).hasSize(Style.values().length);
  }

  @Test
  void aFreeTextStyleIsQuoted() {
    assertThat(StylePrompt.builder().style(" a 1950s travel poster. ").build())
        .startsWith("Restyle the image in this style: a 1950s travel poster. Keep every person");
  }

  @Test
  void theLastStyleSetWins() {
    assertThat(StylePrompt.builder().style("ukiyo-e").style(Style.ANIME).build()).doesNotContain("ukiyo-e")
        .contains("anime");
    assertThat(StylePrompt.builder().style(Style.ANIME).style("ukiyo-e").build()).doesNotContain("anime")
        .contains("ukiyo-e");
  }

  @ParameterizedTest
  @CsvSource({
      "SUBTLE, 'Apply the style lightly, so that the original photo still shows through.'",
      "MODERATE, 'Apply the style clearly but keep the picture natural.'",
      "STRONG, 'Apply the style fully and boldly, transforming the whole image.'"})
  void strengthAddsItsSentenceAfterTheStyle(StyleStrength strength, String sentence) {
    String prompt = StylePrompt.builder().style(Style.WATERCOLOR).strength(strength).build();
    assertThat(prompt).contains(". " + sentence + " " + KEEP_PEOPLE);
    for (StyleStrength other : StyleStrength.values()) {
      if (other != strength) assertThat(prompt).doesNotContain(other.sentence());
    }
  }

  @Test
  void withoutStrengthThereIsNoStrengthSentence() {
    assertThat(StylePrompt.builder().style(Style.ANIME).build()).doesNotContain("Apply the style");
    assertThat(StylePrompt.builder().style(Style.ANIME).strength(StyleStrength.STRONG).strength(null).build())
        .doesNotContain("Apply the style");
  }

  @Test
  void preserveFlagsDropTheirSentences() {
    String noIdentity = StylePrompt.builder().style(Style.ANIME).preserveIdentity(false).build();
    assertThat(noIdentity).doesNotContain("recognisable").contains(KEEP_LAYOUT);
    String noLayout = StylePrompt.builder().style(Style.ANIME).preserveComposition(false).build();
    assertThat(noLayout).doesNotContain("composition").contains(KEEP_PEOPLE);
  }

  @Test
  void instructionsComeLast() {
    assertThat(StylePrompt.builder().style(Style.OIL_PAINTING).instructions("Warm palette.").build())
        .endsWith(KEEP_LAYOUT + " Warm palette.");
  }

  @Test
  void aStyleIsRequired() {
    assertThatThrownBy(() -> StylePrompt.builder().build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("style"))
        .hasMessageContaining("style is required");
    assertThatThrownBy(() -> StylePrompt.builder().style("  "))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("style"));
    assertThatThrownBy(() -> StylePrompt.builder().style((Style) null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void styleWireNamesRoundTrip(Style style) {
    assertThat(Style.fromWireName(style.wireName())).isSameAs(style);
    assertThat(Style.fromWireName(style.name())).isSameAs(style);
    assertThat(Style.fromWireName(" " + style.wireName().replace('-', ' ').toUpperCase() + " ")).isSameAs(style);
  }

  @Test
  void styleWireNamesUseDashes() {
    assertThat(Style.OIL_PAINTING.wireName()).isEqualTo("oil-painting");
    assertThat(Style.CYBERPUNK.wireName()).isEqualTo("cyberpunk");
  }

  @Test
  void unknownStyleNamesListTheKnownOnes() {
    assertThatThrownBy(() -> Style.fromWireName("baroque"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("style"))
        .hasMessage("style 'baroque' is not one of cyberpunk, watercolor, oil-painting, pencil-sketch, anime,"
            + " vintage-film");
  }
}
