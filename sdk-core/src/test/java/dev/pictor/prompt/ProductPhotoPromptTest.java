package dev.pictor.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.InvalidRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProductPhotoPromptTest {
  private static final String DEFAULT_PROMPT = "Replace the background with a clean, seamless pure white studio backdrop."
      + " Add a soft, diffused shadow falling naturally beneath the product to give it gentle depth."
      + " Keep the product in the same position, at the same scale and in the same orientation as in the original photo."
      + " Preserve every detail of the product itself: its shape, materials, textures and colours, and any text or"
      + " labels printed on it."
      + " Remove any watermarks, stamped logos, captions and other overlays that are not part of the product or its"
      + " packaging."
      + " Light the scene evenly, the way a professional studio product photograph is lit."
      + " The result should be a sharp, high-resolution e-commerce image with nothing distracting around the product.";

  @Test
  void defaultsAreWhiteSoftShadowKeptComposedDetailedAndWatermarkFree() {
    assertThat(ProductPhotoPrompt.builder().build()).isEqualTo(DEFAULT_PROMPT);
  }

  @Test
  void explicitDefaultsGiveTheSameText() {
    assertThat(ProductPhotoPrompt.builder().shadow(Shadow.SOFT).background("white").keepComposition(true)
        .preserveDetails(true).removeWatermarks().instructions(null).build()).isEqualTo(DEFAULT_PROMPT);
  }

  @ParameterizedTest
  @CsvSource({
      "MINIMAL, 'Add a faint contact shadow directly under the product, barely visible.'",
      "SOFT, 'Add a soft, diffused shadow falling naturally beneath the product to give it gentle depth.'",
      "DRAMATIC, 'Add a bold, high-contrast shadow with crisp edges that gives the product strong visual impact.'"})
  void eachShadowPresetHasItsSentence(Shadow shadow, String sentence) {
    assertThat(ProductPhotoPrompt.builder().shadow(shadow).build()).contains(sentence);
  }

  @Test
  void shadowWordsAppearOnlyInTheirOwnPreset() {
    Map<Shadow, String[]> words = Map.of(
        Shadow.MINIMAL, new String[] {"faint", "barely visible"},
        Shadow.SOFT, new String[] {"soft", "diffused", "gentle"},
        Shadow.DRAMATIC, new String[] {"bold", "high-contrast", "crisp edges", "strong"});
    for (Shadow preset : Shadow.values()) {
      String prompt = ProductPhotoPrompt.builder().shadow(preset).build();
      for (Map.Entry<Shadow, String[]> e : words.entrySet()) {
        for (String word : e.getValue()) {
          if (e.getKey() == preset) assertThat(prompt).as(preset + " has '" + word + "'").contains(word);
          else assertThat(prompt).as(preset + " lacks '" + word + "'").doesNotContain(word);
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
      "white, pure white",
      "WHITE, pure white",
      "'  White ', pure white",
      "light gray, light grey",
      "Light Grey, light grey",
      "light-gray, light grey",
      "LIGHT_GREY, light grey",
      "warm white, warm white with a hint of cream",
      "Warm White, warm white with a hint of cream",
      "cool white, cool white with a hint of blue",
      "COOL  WHITE, cool white with a hint of blue"})
  void namedColoursAreDescribedInWords(String name, String words) {
    assertThat(ProductPhotoPrompt.builder().background(name).build())
        .startsWith("Replace the background with a clean, seamless " + words + " studio backdrop.")
        .doesNotContain("hex");
  }

  @ParameterizedTest
  @CsvSource({
      "#FFFFFF, pure white",
      "#fff, pure white",
      "#f3f4f6, light grey",
      "#FFF8F0, warm white with a hint of cream",
      "#f0f9ff, cool white with a hint of blue"})
  void hexValuesOfNamedColoursReadAsTheirNames(String hex, String words) {
    assertThat(ProductPhotoPrompt.builder().background(hex).build())
        .startsWith("Replace the background with a clean, seamless " + words + " studio backdrop.");
  }

  @ParameterizedTest
  @CsvSource({
      "#1E3A8A, dark blue (hex #1E3A8A)",
      "#1e3a8a, dark blue (hex #1E3A8A)",
      "#abc, light blue (hex #AABBCC)",
      "#000, black (hex #000000)",
      "#808080, grey (hex #808080)",
      "#333333, dark grey (hex #333333)",
      "#C0C0C0, light grey (hex #C0C0C0)",
      "#FAFAFA, white (hex #FAFAFA)",
      "#FF0000, red (hex #FF0000)",
      "#FFA500, orange (hex #FFA500)",
      "#FFD700, yellow (hex #FFD700)",
      "#00FF00, green (hex #00FF00)",
      "#00FFFF, cyan (hex #00FFFF)",
      "#800080, dark magenta (hex #800080)",
      "#6A0DAD, purple (hex #6A0DAD)",
      "#FFC0CB, very light red (hex #FFC0CB)",
      "#0A0A40, very dark blue (hex #0A0A40)"})
  void otherHexColoursGetTheHexAndARoughName(String hex, String words) {
    assertThat(ProductPhotoPrompt.builder().background(hex).build())
        .startsWith("Replace the background with a clean, seamless " + words + " studio backdrop.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"#12345", "#1234567", "#GGGGGG", "123456", "#", "blue", "off white", "#12 345", "rgb(1,2,3)"})
  @NullAndEmptySource
  void badColoursAreRefusedNamingTheValueAndWhatIsAllowed(String colour) {
    assertThatThrownBy(() -> ProductPhotoPrompt.builder().background(colour))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("background"))
        .hasMessage("background '" + colour + "' is not a named colour (white, light gray or light grey, warm white,"
            + " cool white) or a hex colour #RRGGBB or #RGB");
  }

  @Test
  void keepCompositionOffDropsThePositionSentence() {
    String prompt = ProductPhotoPrompt.builder().keepComposition(false).build();
    assertThat(prompt).doesNotContain("position").doesNotContain("orientation").doesNotContain("scale")
        .isEqualTo(DEFAULT_PROMPT.replace(" Keep the product in the same position, at the same scale and in the same"
            + " orientation as in the original photo.", ""));
  }

  @Test
  void preserveDetailsOffDropsTheDetailSentence() {
    String prompt = ProductPhotoPrompt.builder().preserveDetails(false).build();
    assertThat(prompt).doesNotContain("Preserve").doesNotContain("labels");
    assertThat(DEFAULT_PROMPT).contains("labels");
  }

  @Test
  void watermarkRemovalIsOnByDefaultAndCanBeTurnedOffAndOnAgain() {
    assertThat(DEFAULT_PROMPT).contains("watermarks").contains("overlays");
    String off = ProductPhotoPrompt.builder().removeWatermarks(false).build();
    assertThat(off).doesNotContainIgnoringCase("watermark").doesNotContain("overlays");
    assertThat(ProductPhotoPrompt.builder().removeWatermarks(false).removeWatermarks().build()).isEqualTo(DEFAULT_PROMPT);
  }

  @Test
  void instructionsAreAppendedTrimmedAtTheEnd() {
    String prompt = ProductPhotoPrompt.builder().instructions("  Keep the gold foil reflective.\n").build();
    assertThat(prompt).isEqualTo(DEFAULT_PROMPT + " Keep the gold foil reflective.");
    assertThat(ProductPhotoPrompt.builder().instructions(" \t ").build()).isEqualTo(DEFAULT_PROMPT);
    assertThat(ProductPhotoPrompt.builder().instructions("x").instructions(null).build()).isEqualTo(DEFAULT_PROMPT);
  }

  @Test
  void abTestIsMinimalSoftDramaticInOrder() {
    Map<String, String> variants = ProductPhotoPrompt.abTest();
    assertThat(variants).containsOnlyKeys("minimal", "soft", "dramatic");
    assertThat(variants.keySet()).containsExactly("minimal", "soft", "dramatic");
    assertThat(variants.get("minimal")).isEqualTo(ProductPhotoPrompt.builder().shadow(Shadow.MINIMAL).build());
    assertThat(variants.get("soft")).isEqualTo(DEFAULT_PROMPT);
    assertThat(variants.get("dramatic")).isEqualTo(ProductPhotoPrompt.builder().shadow(Shadow.DRAMATIC).build());
    assertThat(variants.values()).doesNotHaveDuplicates();
  }

  @Test
  void abTestOnABackgroundUsesItInEveryVariant() {
    Map<String, String> variants = ProductPhotoPrompt.abTest("Light Gray");
    assertThat(variants.keySet()).containsExactly("minimal", "soft", "dramatic");
    assertThat(variants.values()).allSatisfy(p -> assertThat(p).contains("seamless light grey studio backdrop"));
    assertThatThrownBy(() -> ProductPhotoPrompt.abTest("#12")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'#12'");
  }

  @Test
  void abTestFromABuilderKeepsItsOtherSettingsAndIgnoresItsShadow() {
    Map<String, String> variants = ProductPhotoPrompt.builder().shadow(Shadow.DRAMATIC).removeWatermarks(false)
        .instructions("Square crop.").buildAbTest();
    assertThat(variants.keySet()).containsExactly("minimal", "soft", "dramatic");
    assertThat(variants.get("minimal")).contains("faint").endsWith(" Square crop.").doesNotContain("watermark");
    assertThat(variants.get("soft")).contains("diffused").endsWith(" Square crop.");
  }

  @Test
  void abTestMapsAreUnmodifiable() {
    assertThatThrownBy(() -> ProductPhotoPrompt.abTest().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aBuilderCanBuildAgainAfterChanges() {
    ProductPhotoPrompt.Builder b = ProductPhotoPrompt.builder();
    String first = b.build();
    String second = b.shadow(Shadow.MINIMAL).build();
    assertThat(first).isEqualTo(DEFAULT_PROMPT);
    assertThat(second).contains("faint").doesNotContain("diffused");
  }

  @Test
  void aNullShadowIsAProgrammingError() {
    assertThatThrownBy(() -> ProductPhotoPrompt.builder().shadow(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @EnumSource(Shadow.class)
  void shadowWireNamesRoundTrip(Shadow shadow) {
    assertThat(Shadow.fromWireName(shadow.wireName())).isSameAs(shadow);
    assertThat(Shadow.fromWireName(" " + shadow.name() + " ")).isSameAs(shadow);
  }

  @Test
  void shadowWireNamesAreLowercase() {
    assertThat(Shadow.MINIMAL.wireName()).isEqualTo("minimal");
    assertThat(Shadow.SOFT.wireName()).isEqualTo("soft");
    assertThat(Shadow.DRAMATIC.wireName()).isEqualTo("dramatic");
  }

  @Test
  void unknownShadowNamesAreRefused() {
    assertThatThrownBy(() -> Shadow.fromWireName("harsh"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("shadow"))
        .hasMessage("shadow 'harsh' is not one of minimal, soft, dramatic");
    assertThatThrownBy(() -> Shadow.fromWireName(null)).isInstanceOf(InvalidRequestException.class);
  }
}
