package dev.pictor.openai.internal;

import dev.pictor.Action;
import dev.pictor.CommonParameter;
import dev.pictor.ModelSpec;
import dev.pictor.Money;
import dev.pictor.ParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAI image models (fact sheet 4.2 to 4.6 and 5): each model's rules and its {@link ModelSpec}
 * with typed parameters. Rules that span parameters are checked by {@link Planner}. Immutable.
 */
public final class Catalogue {
  public static final String GPT_IMAGE_1 = "gpt-image-1";
  public static final String GPT_IMAGE_1_MINI = "gpt-image-1-mini";
  public static final String GPT_IMAGE_1_5 = "gpt-image-1.5";
  public static final String GPT_IMAGE_2 = "gpt-image-2";
  public static final String DALL_E_3 = "dall-e-3";
  public static final String DALL_E_2 = "dall-e-2";

  /** Pictor's own parameters, turned into {@code size} (and a crop) or into the {@code mask} part. */
  public static final String ASPECT_RATIO = "aspect_ratio";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String MASK = "mask";

  static final long MB = 1024L * 1024;
  private static final List<Size> GPT_SIZES = List.of(new Size(1024, 1024), new Size(1536, 1024), new Size(1024, 1536));
  private static final List<String> GPT_QUALITIES = List.of("low", "medium", "high", "auto");
  /** A dated snapshot of a catalogue model, such as {@code gpt-image-2-2026-04-21}. */
  private static final Pattern SNAPSHOT = Pattern.compile("(.+)-(\\d{4}-\\d{2}-\\d{2})");

  private static final Map<String, ModelRules> RULES = rules();
  private static final Map<String, ModelSpec> SPECS = specs(RULES);

  private Catalogue() {}

  private static Map<String, ModelRules> rules() {
    Map<String, ModelRules> m = new LinkedHashMap<>();
    // Token rates: gpt-image-1 from the fact sheet; the others' output rate follows from its per-image
    // prices (output tokens x rate); their input rates are not in the fact sheet (see docs/openai.md).
    m.put(GPT_IMAGE_1, gpt(GPT_IMAGE_1, false, true, Prices.perToken("5", "10", "40"), "0.042"));
    m.put(GPT_IMAGE_1_MINI, gpt(GPT_IMAGE_1_MINI, false, false, Prices.perToken("2", "2.5", "8"), "0.008"));
    m.put(GPT_IMAGE_1_5, gpt(GPT_IMAGE_1_5, false, true, Prices.perToken("5", "8", "32"), "0.034"));
    m.put(GPT_IMAGE_2, gpt(GPT_IMAGE_2, true, true, Prices.perToken("5", "8", "32"), "0.034"));
    m.put(DALL_E_3, new ModelRules(DALL_E_3, ModelRules.Family.DALL_E_3,
        List.of(new Size(1024, 1024), new Size(1792, 1024), new Size(1024, 1792)), false, false, false,
        List.of("standard", "hd"), 4000,
        Prices.perImage(Map.of("standard 1024x1024", "0.04", "standard 1792x1024", "0.08", "standard 1024x1792", "0.08",
            "hd 1024x1024", "0.08", "hd 1792x1024", "0.12", "hd 1024x1792", "0.12")), Money.usd("0.04")));
    m.put(DALL_E_2, new ModelRules(DALL_E_2, ModelRules.Family.DALL_E_2,
        List.of(new Size(1024, 1024), new Size(512, 512), new Size(256, 256)), false, true, false,
        List.of("standard"), 1000,
        Prices.perImage(Map.of("standard 1024x1024", "0.020", "standard 512x512", "0.018", "standard 256x256", "0.016")),
        Money.usd("0.020")));
    return m;
  }

  private static ModelRules gpt(String id, boolean anySize, boolean fidelity, Prices prices, String estimate) {
    return new ModelRules(id, ModelRules.Family.GPT_IMAGE, GPT_SIZES, anySize, true, fidelity, GPT_QUALITIES, 32_000,
        prices, Money.usd(estimate));
  }

  /** Every catalogue model, in order. */
  public static List<ModelSpec> specs() {
    return List.copyOf(SPECS.values());
  }

  /** The rules of a catalogue model, or of the model a snapshot spec names. */
  public static ModelRules rules(String id) {
    ModelRules r = RULES.get(id);
    if (r != null) return r;
    Matcher m = SNAPSHOT.matcher(id);
    if (m.matches() && RULES.containsKey(m.group(1))) return RULES.get(m.group(1));
    throw new IllegalArgumentException("not an OpenAI catalogue model: " + id);
  }

  /** A catalogue id, or a dated snapshot of one ({@code gpt-image-2-2026-04-21}), which keeps its model's rules. */
  public static Optional<ModelSpec> resolve(String id) {
    if (id == null) return Optional.empty();
    ModelSpec spec = SPECS.get(id);
    if (spec != null) return Optional.of(spec);
    Matcher m = SNAPSHOT.matcher(id);
    if (!m.matches() || !RULES.containsKey(m.group(1))) return Optional.empty();
    return Optional.of(spec(RULES.get(m.group(1)), id));
  }

  private static Map<String, ModelSpec> specs(Map<String, ModelRules> rules) {
    Map<String, ModelSpec> out = new LinkedHashMap<>();
    rules.forEach((id, r) -> out.put(id, spec(r, id)));
    return out;
  }

  private static ModelSpec spec(ModelRules r, String id) {
    ModelSpec.Builder b = ModelSpec.builder(id, id).description(description(r)).maxPromptLength(r.maxPrompt())
        .price(r.estimate());
    if (r.edits()) b.actions(Action.CREATE, Action.EDIT);
    else b.actions(Action.CREATE);
    if (r.gptImage()) b.inputImages(0, 16).maxInputBytes(50 * MB);
    else if (r.edits()) b.inputImages(0, 1).maxInputBytes(4 * MB);
    else b.inputImages(0, 0);
    b.parameter(ParameterSpec.integer("n", 1, 10).withDefault(1L)
        .withDescription(r.family() == ModelRules.Family.DALL_E_3 ? "dall-e-3 makes 1 image per request" : "images per request"),
        CommonParameter.NUM_OUTPUTS);
    b.parameter(size(r));
    b.parameter(ParameterSpec.string(ASPECT_RATIO).withDescription("Pictor's: becomes size, "
        + (r.anySize() ? "an exact WxH for any ratio" : "and a centre crop for ratios the sizes lack")), CommonParameter.ASPECT_RATIO);
    b.parameter(ParameterSpec.integer(WIDTH, 16, 3840).withDescription("Pictor's: with height, becomes size WxH"), CommonParameter.WIDTH);
    b.parameter(ParameterSpec.integer(HEIGHT, 16, 3840).withDescription("Pictor's: with width, becomes size WxH"), CommonParameter.HEIGHT);
    b.parameter(ParameterSpec.choice("quality", r.qualities().toArray(new String[0])).withDefault(r.qualities().get(r.gptImage() ? 3 : 0)));
    if (r.gptImage()) {
      b.parameter(ParameterSpec.choice("output_format", "png", "jpeg", "webp").withDefault("png"), CommonParameter.OUTPUT_FORMAT);
      b.parameter(ParameterSpec.choice("background", "transparent", "opaque", "auto").withDefault("auto")
          .withDescription("transparent needs output_format png or webp"));
      b.parameter(ParameterSpec.integer("output_compression", 0, 100).withDefault(100L).withDescription("jpeg and webp only"));
      b.parameter(ParameterSpec.choice("moderation", "low", "auto").withDefault("auto").withDescription("generations only"));
      if (r.inputFidelity()) {
        b.parameter(ParameterSpec.choice("input_fidelity", "high", "low").withDefault("low").withDescription("edits only"));
      }
    } else {
      b.parameter(ParameterSpec.choice("response_format", "url", "b64_json").withDefault("url")
          .withDescription("url: downloaded at once (valid 60 minutes)"));
    }
    if (r.family() == ModelRules.Family.DALL_E_3) b.parameter(ParameterSpec.choice("style", "vivid", "natural").withDefault("vivid"));
    if (r.edits()) {
      b.parameter(ParameterSpec.string(MASK).withDescription("edits only: the path of a PNG the size of the first image;"
          + " fully transparent pixels mark what to edit"));
    }
    b.parameter(ParameterSpec.string("user").withDescription("your end user's id, for OpenAI's abuse monitoring"));
    return b.build();
  }

  private static ParameterSpec size(ModelRules r) {
    List<String> values = new ArrayList<>();
    for (Size s : r.sizes()) values.add(s.wire());
    if (r.gptImage()) values.add("auto");
    if (r.anySize()) {
      return ParameterSpec.string("size").withDefault("auto").withDescription("auto, " + String.join(", ", values.subList(0, 3))
          + ", or any WxH with sides multiples of 16, within 3840x2160 and between 1:3 and 3:1");
    }
    return ParameterSpec.choice("size", values.toArray(new String[0])).withDefault(r.gptImage() ? "auto" : values.get(0));
  }

  private static String description(ModelRules r) {
    switch (r.family()) {
      case DALL_E_3:
        return "DALL-E 3: text to image, one image per request, answered as URLs (or base64); priced per image";
      case DALL_E_2:
        return "DALL-E 2: text to image and edits of one square PNG, 256 to 1024 pixels square; priced per image";
      default:
        return r.id() + ": text to image and edits of up to 16 images, answered as base64; priced by usage tokens"
            + (r.anySize() ? "; any WxH" : "");
    }
  }
}
