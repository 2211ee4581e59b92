package dev.pictor.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BackgroundPromptTest {
  @Test
  void defaultsKeepTheSubjectAndMatchTheLighting() {
    assertThat(BackgroundPrompt.builder().background("a wooden table in a bright cafe").build()).isEqualTo(
        "Replace the background behind the main subject with a wooden table in a bright cafe."
            + " Leave the main subject itself unchanged, with the same shape, colours, details, position and size."
            + " Make the light direction, colour temperature, perspective and shadows of the new background match"
            + " the main subject, so that the result looks like a single photograph."
            + " Blend the edges cleanly, without halos or cut-out outlines.");
  }

  @Test
  void theSubjectIsNamedWhereverThePromptRefersToIt() {
    String prompt = BackgroundPrompt.builder().subject(" the perfume bottle ").background("black velvet").build();
    assertThat(prompt).startsWith("Replace the background behind the perfume bottle with black velvet.")
        .contains("Leave the perfume bottle itself unchanged").contains("match the perfume bottle,")
        .doesNotContain("main subject");
  }

  @Test
  void trailingFullStopsOfTheDescriptionAreDropped() {
    assertThat(BackgroundPrompt.builder().background("  a snowy mountain pass...  ").build())
        .startsWith("Replace the background behind the main subject with a snowy mountain pass. Leave");
  }

  @Test
  void keepSubjectOffDropsThatSentence() {
    String prompt = BackgroundPrompt.builder().background("a beach").keepSubject(false).build();
    assertThat(prompt).doesNotContain("unchanged").contains("Make the light direction");
  }

  @Test
  void matchLightingOffDropsThatSentence() {
    String prompt = BackgroundPrompt.builder().background("a beach").matchLighting(false).build();
    assertThat(prompt).doesNotContain("light direction").doesNotContain("colour temperature").contains("unchanged");
  }

  @Test
  void instructionsComeLast() {
    assertThat(BackgroundPrompt.builder().background("a beach").instructions(" Add a few seashells. ").build())
        .endsWith("without halos or cut-out outlines. Add a few seashells.");
  }

  @Test
  void aBackgroundIsRequired() {
    assertThatThrownBy(() -> BackgroundPrompt.builder().subject("the lamp").build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("background"))
        .hasMessage("background is required: describe the new background in words, such as 'a wooden table in a"
            + " bright cafe'");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\n", ".", " . "})
  void aBlankBackgroundIsRefused(String description) {
    assertThatThrownBy(() -> BackgroundPrompt.builder().background(description))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("background"))
        .hasMessageStartingWith("background is required and must not be blank");
  }

  @Test
  void aBlankSubjectIsRefused() {
    assertThatThrownBy(() -> BackgroundPrompt.builder().subject(" "))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("subject"));
  }
}
