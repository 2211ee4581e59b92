package dev.pictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenerationTemplateTest {
  private static final String OK = "{\"version\":1,\"name\":\"n\",\"action\":\"edit\",\"model\":\"m\"}";
  private static final Instant CREATED = Instant.parse("2026-01-26T10:15:30.123456789Z");

  private static GenerationTemplate.Builder minimal() {
    return GenerationTemplate.builder().name("Studio").action(Action.EDIT).model("flux-kontext-pro");
  }

  private static GenerationTemplate full() {
    return minimal()
        .provider("replicate")
        .prompt("Place the {product} on a {colour} background, {{studio}}")
        .negativePrompt("blurry, watermark")
        .aspectRatio("4:5")
        .parameter("steps", 28)
        .parameter("seed_big", 5_000_000_000L)
        .parameter("guidance", 3.5)
        .parameter("scale", 2.0)
        .parameter("ratio", 0.1f)
        .parameter("raw", true)
        .parameter("safety", "strict")
        .image("https://cdn.example.com/shoe.png")
        .jobImage("job_01HX", 2)
        .favorite(true)
        .createdAt(CREATED)
        .build();
  }

  @Test
  void jsonRoundTripGivesAnEqualTemplate() {
    GenerationTemplate t = full();
    GenerationTemplate back = GenerationTemplate.fromJson(t.toJson());
    assertThat(back).isEqualTo(t).hasSameHashCodeAs(t);
    assertThat(back.toJson()).isEqualTo(t.toJson());
    assertThat(back.parameters()).containsExactly(entry("steps", 28), entry("seed_big", 5_000_000_000L),
        entry("guidance", 3.5), entry("scale", 2.0), entry("ratio", 0.1), entry("raw", true), entry("safety", "strict"));
    assertThat(back.parameters().get("steps")).isInstanceOf(Integer.class);
    assertThat(back.parameters().get("seed_big")).isInstanceOf(Long.class);
    assertThat(back.parameters().get("scale")).isInstanceOf(Double.class);
    assertThat(back.createdAt()).hasValue(CREATED);
    assertThat(back.images()).containsExactly("https://cdn.example.com/shoe.png", "job:job_01HX#2");
  }

  @Test
  void minimalTemplateRoundTripsToo() {
    GenerationTemplate t = minimal().build();
    assertThat(GenerationTemplate.fromJson(t.toJson())).isEqualTo(t);
  }

  @Test
  void jsonHasTheVersionAndLeavesOutEmptyFields() {
    assertThat(minimal().build().toJson()).isEqualTo(
        "{\"version\":1,\"name\":\"Studio\",\"action\":\"edit\",\"model\":\"flux-kontext-pro\",\"favorite\":false}");
    assertThat(minimal().aspectRatio("1:1").parameter("steps", 28L).parameter("g", 3.5).image("https://x.io/a.png")
        .createdAt(Instant.parse("2026-01-26T00:00:00Z")).build().toJson()).isEqualTo(
        "{\"version\":1,\"name\":\"Studio\",\"action\":\"edit\",\"model\":\"flux-kontext-pro\",\"aspectRatio\":\"1:1\","
            + "\"parameters\":{\"steps\":28,\"g\":3.5},\"images\":[\"https://x.io/a.png\"],\"favorite\":false,"
            + "\"createdAt\":\"2026-01-26T00:00:00Z\"}");
  }

  @Test
  void unknownFieldsAreIgnoredWherever() {
    String json = "{\"tags\":[\"a\",{\"b\":1}],\"version\":1,\"name\":\"Studio\",\"owner\":{\"id\":7,\"x\":[1,2]},"
        + "\"action\":\"edit\",\"model\":\"flux-kontext-pro\",\"thumbnail\":null,\"favorite\":true,\"score\":9.5}";
    GenerationTemplate t = GenerationTemplate.fromJson(json);
    assertThat(t).isEqualTo(minimal().favorite(true).build());
  }

  @Test
  void theVersionMayComeAnywhereInTheObject() {
    String json = "{\"name\":\"Studio\",\"action\":\"edit\",\"model\":\"flux-kontext-pro\",\"version\":1}";
    assertThat(GenerationTemplate.fromJson(json)).isEqualTo(minimal().build());
  }

  @Test
  void nullFieldsCountAsAbsent() {
    String json = "{\"version\":1,\"name\":\"Studio\",\"action\":\"edit\",\"model\":\"flux-kontext-pro\",\"provider\":null,"
        + "\"prompt\":null,\"parameters\":null,\"images\":null,\"favorite\":null,\"createdAt\":null}";
    assertThat(GenerationTemplate.fromJson(json)).isEqualTo(minimal().build());
  }

  @Test
  void handWrittenNumbersAreNormalised() {
    String json = "{\"version\":1,\"name\":\"n\",\"action\":\"create\",\"model\":\"m\",\"parameters\":{\"a\":7,\"b\":7.0,"
        + "\"c\":-12,\"d\":1e3,\"e\":9223372036854775807,\"f\":123456789012345678901234}}";
    Map<String, Object> p = GenerationTemplate.fromJson(json).parameters();
    assertThat(p.get("a")).isEqualTo(7);
    assertThat(p.get("b")).isEqualTo(7.0);
    assertThat(p.get("c")).isEqualTo(-12);
    assertThat(p.get("d")).isEqualTo(1000.0);
    assertThat(p.get("e")).isEqualTo(Long.MAX_VALUE);
    assertThat(p.get("f")).isEqualTo(1.2345678901234568E23);
  }

  @Test
  void builderNormalisesNumbersSoMapsCompareEqual() {
    GenerationTemplate t = minimal().parameter("a", 5L).parameter("b", (short) 3).parameter("c", (byte) 1)
        .parameter("d", 0.25f).build();
    assertThat(t.parameters()).isEqualTo(Map.of("a", 5, "b", 3, "c", 1, "d", 0.25));
  }

  @Test
  void parametersMustBeJsonScalars() {
    assertThatThrownBy(() -> minimal().parameter("x", List.of(1)))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("parameters.x"))
        .hasMessage("parameter 'x' is a java.util.ImmutableCollections$List12; a template parameter must be a string,"
            + " a boolean or an Integer, Long, Short, Byte, Float or Double");
    assertThatThrownBy(() -> minimal().parameter("x", new BigDecimal("1.5"))).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> minimal().parameter("x", Double.NaN))
        .isInstanceOf(InvalidRequestException.class).hasMessage("parameter 'x' = NaN is not a finite number, which JSON"
            + " cannot hold");
    assertThatThrownBy(() -> minimal().parameter("x", Float.POSITIVE_INFINITY)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> minimal().parameter(" ", 1)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> minimal().parameter("x", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void parametersInJsonMustBeScalarsToo() {
    for (String value : new String[] {"null", "[1]", "{\"a\":1}"}) {
      String json = "{\"version\":1,\"name\":\"n\",\"action\":\"create\",\"model\":\"m\",\"parameters\":{\"x\":" + value + "}}";
      assertThatThrownBy(() -> GenerationTemplate.fromJson(json))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("parameters.x"))
          .hasMessageContaining("a template parameter must be a string, a number or a boolean");
    }
  }

  @Test
  void aNewerVersionIsRefusedClearly() {
    String json = "{\"version\":2,\"name\":\"n\",\"action\":\"teleport\",\"model\":\"m\",\"prompt\":{\"parts\":[]}}";
    assertThatThrownBy(() -> GenerationTemplate.fromJson(json))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("version"))
        .hasMessage("template format version 2 is newer than this Pictor can read (up to 1): upgrade Pictor to load it");
  }

  @Test
  void aMissingOrBadVersionIsRefused() {
    assertThatThrownBy(() -> GenerationTemplate.fromJson("{\"name\":\"n\",\"action\":\"create\",\"model\":\"m\"}"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("version"))
        .hasMessage("template JSON has no \"version\" field; this Pictor reads template format version 1");
    assertThatThrownBy(() -> GenerationTemplate.fromJson("{\"version\":\"1\",\"name\":\"n\"}"))
        .isInstanceOf(InvalidRequestException.class).hasMessage("template version must be a whole number; got STRING");
    assertThatThrownBy(() -> GenerationTemplate.fromJson("{\"version\":1.5,\"name\":\"n\"}"))
        .isInstanceOf(InvalidRequestException.class).hasMessage("template version 1.5 is not a whole number");
    assertThatThrownBy(() -> GenerationTemplate.fromJson("{\"version\":0,\"name\":\"n\"}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("template format version 0 does not exist: expected 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{", "{\"version\":1,", "not json", "{'version':1}", "{\"version\":1 \"name\":\"n\"}",
      OK + "}", OK + " []", OK + " " + OK})
  void malformedJsonIsRefusedAsJson(String json) {
    assertThatThrownBy(() -> GenerationTemplate.fromJson(json))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("json"));
  }

  @Test
  void trailingContentIsRefused() {
    assertThat(GenerationTemplate.fromJson(" " + OK + "\n")).isEqualTo(GenerationTemplate.fromJson(OK));
    assertThatThrownBy(() -> GenerationTemplate.fromJson(OK + " []")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("template JSON has more content after its object");
  }

  @Test
  void malformedJsonIsReportedWithItsPath() {
    assertThatThrownBy(() -> GenerationTemplate.fromJson("{\"version\":1,\"name\":'n'}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("template is not valid JSON: malformed JSON at path $.name");
  }

  @Test
  void aJsonValueThatIsNotAnObjectIsRefused() {
    assertThatThrownBy(() -> GenerationTemplate.fromJson("[1,2]"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("json"))
        .hasMessage("a template is a JSON object; got BEGIN_ARRAY");
  }

  @Test
  void wrongTypesInKnownFieldsAreRefused() {
    assertThatThrownBy(() -> GenerationTemplate.fromJson(
        "{\"version\":1,\"name\":\"n\",\"action\":\"create\",\"model\":\"m\",\"favorite\":\"yes\"}"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("json"))
        .hasMessageContaining("$.favorite");
    assertThatThrownBy(() -> GenerationTemplate.fromJson(
        "{\"version\":1,\"name\":\"n\",\"action\":\"create\",\"model\":\"m\",\"images\":\"https://x.io/a.png\"}"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("$.images");
  }

  @Test
  void valuesFromJsonAreCheckedLikeBuilderValues() {
    assertThatThrownBy(() -> GenerationTemplate.fromJson("{\"version\":1,\"name\":\"n\",\"action\":\"paint\",\"model\":\"m\"}"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("action"));
    assertThatThrownBy(() -> GenerationTemplate.fromJson("{\"version\":1,\"name\":\"n\",\"action\":\"edit\"}"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("model"));
    assertThatThrownBy(() -> GenerationTemplate.fromJson(
        "{\"version\":1,\"name\":\"n\",\"action\":\"edit\",\"model\":\"m\",\"createdAt\":\"yesterday\"}"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("createdAt"))
        .hasMessage("createdAt 'yesterday' is not an ISO-8601 instant such as 2026-01-26T10:15:30Z");
    assertThatThrownBy(() -> GenerationTemplate.fromJson(
        "{\"version\":1,\"name\":\"n\",\"action\":\"edit\",\"model\":\"m\",\"images\":[\"ftp://x/a.png\"]}"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("images[0]"));
  }

  @Test
  void applyFillsInARequest() {
    GenerationRequest r = full().apply(Map.of("product", "sneaker", "colour", "white", "unused", 1)).build();
    assertThat(r.action()).isEqualTo(Action.EDIT);
    assertThat(r.model()).isEqualTo("flux-kontext-pro");
    assertThat(r.provider()).hasValue("replicate");
    assertThat(r.prompt()).hasValue("Place the sneaker on a white background, {studio}");
    assertThat(r.negativePrompt()).hasValue("blurry, watermark");
    assertThat(r.aspectRatio()).hasValue("4:5");
    assertThat(r.parameters()).containsExactly(entry("steps", 28), entry("seed_big", 5_000_000_000L),
        entry("guidance", 3.5), entry("scale", 2.0), entry("ratio", 0.1), entry("raw", true), entry("safety", "strict"));
    assertThat(r.images()).hasSize(2);
    assertThat(r.images().get(0).url()).hasValueSatisfying(u -> assertThat(u).hasToString("https://cdn.example.com/shoe.png"));
    assertThat(r.images().get(1).sourceJob()).hasValue("job_01HX");
    assertThat(r.images().get(1).sourceIndex()).isEqualTo(2);
  }

  @Test
  void applyWithoutPlaceholdersAndWithoutOptionalFields() {
    GenerationRequest r = minimal().action(Action.CREATE).model("flux-schnell").prompt("A lighthouse at dawn").build()
        .apply().seed(42).build();
    assertThat(r.prompt()).hasValue("A lighthouse at dawn");
    assertThat(r.provider()).isEmpty();
    assertThat(r.negativePrompt()).isEmpty();
    assertThat(r.aspectRatio()).isEmpty();
    assertThat(r.parameters()).isEmpty();
    assertThat(r.images()).isEmpty();
    assertThat(r.seed()).hasValue(42L);
    assertThat(minimal().action(Action.UPSCALE).build().apply().build().prompt()).isEmpty();
  }

  @Test
  void applyNamesMissingPlaceholders() {
    assertThatThrownBy(() -> full().apply(Map.of("product", "mug")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("colour"))
        .hasMessageContaining("{colour}");
    assertThatThrownBy(() -> full().apply()).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("{product}, {colour}");
    assertThat(full().placeholders()).containsExactly("product", "colour");
    assertThat(minimal().build().placeholders()).isEmpty();
  }

  @Test
  void applyGivesAFreshBuilderEachTime() {
    GenerationTemplate t = minimal().prompt("p").build();
    GenerationRequest.Builder first = t.apply().prompt("changed");
    assertThat(first.build().prompt()).hasValue("changed");
    assertThat(t.apply().build().prompt()).hasValue("p");
  }

  @Test
  void requiredFieldsAreNamed() {
    assertThatThrownBy(() -> GenerationTemplate.builder().action(Action.EDIT).model("m").build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("name"));
    assertThatThrownBy(() -> minimal().name("  ").build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("name"));
    assertThatThrownBy(() -> minimal().action(null).build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("action"))
        .hasMessage("action is required: one of create, edit, upscale, remove-background");
    assertThatThrownBy(() -> minimal().model("").build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("model"));
  }

  @Test
  void aBadPromptTemplateIsRefusedAsThePrompt() {
    assertThatThrownBy(() -> minimal().prompt("A {subject").build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("prompt"))
        .hasMessageContaining("unclosed '{' at index 2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"4x5", "0:1", "1:0", "16:9:1", "", "a:b", "123456:1", "match_input_image"})
  void badAspectRatiosAreRefused(String ratio) {
    assertThatThrownBy(() -> minimal().aspectRatio(ratio))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("aspectRatio"))
        .hasMessage("aspectRatio = " + ratio + " is not a ratio: expected two positive whole numbers such as 4:5");
  }

  @ParameterizedTest
  @ValueSource(strings = {"shoe.png", "ftp://host/a.png", "https://", "job:abc", "job:#1", "job:abc#-1", "job:a b#1",
      "job:abc#01", "data:image/png;base64,AAAA"})
  void badImageReferencesAreRefusedWithTheirIndex(String ref) {
    assertThatThrownBy(() -> minimal().image("https://ok.example/a.png").image(ref))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("images[1]"))
        .hasMessage("image '" + ref + "' is neither an http or https URL with a host nor a job output written"
            + " job:<job id>#<output index>");
  }

  @Test
  void jobImagesAreStoredAsReferences() {
    GenerationTemplate t = minimal().jobImage("abc-123", 0).image("job:xyz#10").build();
    assertThat(t.images()).containsExactly("job:abc-123#0", "job:xyz#10");
    assertThatThrownBy(() -> minimal().jobImage("abc", -1))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("images[0]"));
  }

  @Test
  void blankOptionalTextIsNone() {
    GenerationTemplate t = minimal().provider(" ").prompt("").negativePrompt("\t").build();
    assertThat(t.provider()).isEmpty();
    assertThat(t.prompt()).isEmpty();
    assertThat(t.negativePrompt()).isEmpty();
    assertThat(t).isEqualTo(minimal().build());
  }

  @Test
  void listsAndMapsAreUnmodifiableCopies() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("steps", 20);
    GenerationTemplate t = minimal().parameters(params).images(List.of("https://x.io/a.png")).build();
    params.put("steps", 40);
    assertThat(t.parameters()).containsExactly(entry("steps", 20));
    assertThatThrownBy(() -> t.parameters().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> t.images().add("https://x.io/b.png")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilderCopiesEverythingAndDerivesVariants() {
    GenerationTemplate t = full();
    assertThat(t.toBuilder().build()).isEqualTo(t);
    GenerationTemplate unfavoured = t.toBuilder().favorite(false).build();
    assertThat(unfavoured).isNotEqualTo(t);
    assertThat(unfavoured.favorite()).isFalse();
    assertThat(t.favorite()).isTrue();
  }

  @Test
  void equalityCoversEveryField() {
    GenerationTemplate t = full();
    List<GenerationTemplate> variants = List.of(
        t.toBuilder().name("Other").build(),
        t.toBuilder().action(Action.CREATE).build(),
        t.toBuilder().model("m2").build(),
        t.toBuilder().provider(null).build(),
        t.toBuilder().prompt("x").build(),
        t.toBuilder().negativePrompt(null).build(),
        t.toBuilder().aspectRatio("1:1").build(),
        t.toBuilder().parameter("steps", 29).build(),
        t.toBuilder().images(List.of()).build(),
        t.toBuilder().favorite(false).build(),
        t.toBuilder().createdAt(null).build());
    assertThat(variants).allSatisfy(v -> assertThat(v).isNotEqualTo(t));
  }

  @Test
  void toStringIsShortAndHoldsNoParameterValues() {
    GenerationTemplate t = full().toBuilder().prompt("word ".repeat(2000)).parameter("api_hint", "x".repeat(10_000))
        .build();
    String s = t.toString();
    assertThat(s).hasSizeLessThan(300).startsWith("GenerationTemplate{\"Studio\" edit flux-kontext-pro, prompt=\"word")
        .contains("...").contains("api_hint").contains("images=2").contains("favorite").doesNotContain("xxxx")
        .doesNotContain("strict");
  }

  @Test
  void jsonKeepsUnicodeAndEscapes() {
    GenerationTemplate t = minimal().name("Фото \"товару\"\n").prompt("Кава {смак} ☕ \\ /").build();
    assertThat(GenerationTemplate.fromJson(t.toJson())).isEqualTo(t);
  }
}
