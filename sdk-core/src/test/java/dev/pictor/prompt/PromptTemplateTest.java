package dev.pictor.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.InvalidRequestException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromptTemplateTest {
  private final PromptTemplate fox = PromptTemplate.of("A {subject} in {style} style");

  @Test
  void rendersFromAMap() {
    assertThat(fox.render(Map.of("subject", "red fox", "style", "watercolour")))
        .isEqualTo("A red fox in watercolour style");
  }

  @Test
  void rendersFromFluentBindings() {
    assertThat(fox.with("subject", "lighthouse").with("style", "pixel art").render())
        .isEqualTo("A lighthouse in pixel art style");
  }

  @Test
  void valuesAreTurnedIntoTextWithStringValueOf() {
    assertThat(PromptTemplate.of("{n} cats, {ok}").render(Map.of("n", 3, "ok", true))).isEqualTo("3 cats, true");
  }

  @Test
  void placeholdersAreInOrderOfFirstUseEachOnce() {
    PromptTemplate t = PromptTemplate.of("{b} and {a}, then {b} again, {c-1} {d_2} {E3}");
    assertThat(t.placeholders()).containsExactly("b", "a", "c-1", "d_2", "E3");
    assertThat(t.render(Map.of("a", "A", "b", "B", "c-1", "C", "d_2", "D", "E3", "E")))
        .isEqualTo("B and A, then B again, C D E");
  }

  @Test
  void placeholdersAreUnmodifiable() {
    assertThatThrownBy(() -> fox.placeholders().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void plainTextHasNoPlaceholdersAndRendersAsItIs() {
    PromptTemplate t = PromptTemplate.of("Place the product on white");
    assertThat(t.placeholders()).isEmpty();
    assertThat(t.render()).isEqualTo("Place the product on white");
    assertThat(PromptTemplate.of("").render()).isEmpty();
  }

  @Test
  void namesMayUseLettersOfAnyAlphabet() {
    assertThat(PromptTemplate.of("Фото {товар}").with("товар", "чашки").render()).isEqualTo("Фото чашки");
  }

  @Test
  void doubledBracesAreLiteralBraces() {
    PromptTemplate t = PromptTemplate.of("{{literal}} {x} }}{{ {{{x}}}");
    assertThat(t.placeholders()).containsExactly("x");
    assertThat(t.with("x", "v").render()).isEqualTo("{literal} v }{ {v}");
    assertThat(t.text()).isEqualTo("{{literal}} {x} }}{{ {{{x}}}");
  }

  @Test
  void valuesAreInsertedVerbatimAndNeverParsedAgain() {
    assertThat(fox.render(Map.of("subject", "{style}", "style", "}} {{"))).isEqualTo("A {style} in }} {{ style");
  }

  @Test
  void aMissingValueIsNamed() {
    assertThatThrownBy(() -> fox.render(Map.of("subject", "fox")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("style"))
        .hasMessage("prompt template needs a value for placeholder {style}; it has placeholders [subject, style]");
  }

  @Test
  void allMissingValuesAreNamedInOrder() {
    assertThatThrownBy(() -> fox.render())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("subject,style"))
        .hasMessage("prompt template needs a value for placeholders {subject}, {style}; it has placeholders"
            + " [subject, style]");
  }

  @Test
  void aNullValueInTheMapCountsAsMissing() {
    Map<String, Object> values = new HashMap<>();
    values.put("subject", "fox");
    values.put("style", null);
    assertThatThrownBy(() -> fox.render(values)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("{style}");
    assertThat(fox.with("style", "ink").render(values)).isEqualTo("A fox in ink style");
  }

  @Test
  void extraValuesAreIgnored() {
    assertThat(fox.render(Map.of("subject", "fox", "style", "ink", "unused", "x"))).isEqualTo("A fox in ink style");
    assertThat(fox.with("unused", 1).with("subject", "owl").with("style", "ink").render())
        .isEqualTo("A owl in ink style");
  }

  @Test
  void mapValuesOverrideBoundOnes() {
    PromptTemplate bound = fox.with("subject", "fox").with("style", "ink");
    assertThat(bound.render(Map.of("style", "charcoal"))).isEqualTo("A fox in charcoal style");
  }

  @Test
  void withReturnsANewTemplateAndLeavesTheOriginalAlone() {
    PromptTemplate bound = fox.with("subject", "fox");
    PromptTemplate rebound = bound.with("subject", "owl");
    assertThat(bound).isNotSameAs(fox).isNotEqualTo(fox);
    assertThat(bound.render(Map.of("style", "ink"))).isEqualTo("A fox in ink style");
    assertThat(rebound.render(Map.of("style", "ink"))).isEqualTo("A owl in ink style");
    assertThatThrownBy(() -> fox.render(Map.of("style", "ink"))).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void nullsAreProgrammingErrors() {
    assertThatThrownBy(() -> PromptTemplate.of(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> fox.with("subject", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> fox.with(null, "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> fox.render(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "A {subject|an unclosed '{' at index 2; write '{{' for a literal '{'",
      "{|an unclosed '{' at index 0; write '{{' for a literal '{'",
      "a } b|an unmatched '}' at index 2; write '}}' for a literal '}'",
      "{x}}|an unmatched '}' at index 3; write '}}' for a literal '}'",
      "x {}|an invalid placeholder '{}' at index 2",
      "{a b}|an invalid placeholder '{a b}' at index 0",
      "{a{b}|an invalid placeholder '{a{b}' at index 0",
      "ok {a.b}|an invalid placeholder '{a.b}' at index 3",
      "{{x} y|an unmatched '}' at index 3; write '}}' for a literal '}'"})
  void badBracesAreRefusedWithTheirIndex(String text, String problem) {
    assertThatThrownBy(() -> PromptTemplate.of(text))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("template"))
        .hasMessageStartingWith("prompt template has " + problem)
        .hasMessageEndingWith(": \"" + text + "\"");
  }

  @Test
  void equalityIsByTextAndBoundValues() {
    assertThat(PromptTemplate.of("A {x}")).isEqualTo(PromptTemplate.of("A {x}"))
        .hasSameHashCodeAs(PromptTemplate.of("A {x}"));
    assertThat(PromptTemplate.of("A {x}").with("x", 1)).isEqualTo(PromptTemplate.of("A {x}").with("x", 1))
        .isNotEqualTo(PromptTemplate.of("A {x}").with("x", 2));
    assertThat(PromptTemplate.of("A {x}")).isNotEqualTo(PromptTemplate.of("A {y}"));
  }

  @Test
  void toStringShortensLongTextAndShowsOnlyBoundNames() {
    String longText = "word ".repeat(100) + "{x}";
    String s = PromptTemplate.of(longText).with("x", "secret value").toString();
    assertThat(s).hasSizeLessThan(120).contains("...").contains("bound=[x]").doesNotContain("secret");
  }
}
