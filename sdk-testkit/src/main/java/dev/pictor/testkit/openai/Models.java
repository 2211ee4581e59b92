package dev.pictor.testkit.openai;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image models the simulator serves and their rules, as the fact sheet gives them (section 4):
 * sizes, quality values, which fields each family takes, and prices (per million tokens for GPT
 * image models, per image for DALL-E). Immutable.
 */
enum Models {
  GPT_IMAGE_1("gpt-image-1", Family.GPT, true, "5", "10", "40"),
  GPT_IMAGE_1_MINI("gpt-image-1-mini", Family.GPT, false, "2", "2.5", "8"),
  GPT_IMAGE_1_5("gpt-image-1.5", Family.GPT, true, "5", "8", "32"),
  GPT_IMAGE_2("gpt-image-2", Family.GPT, true, "5", "8", "32"),
  DALL_E_3("dall-e-3", Family.DALL_E_3, false, null, null, null),
  DALL_E_2("dall-e-2", Family.DALL_E_2, false, null, null, null);

  enum Family { GPT, DALL_E_3, DALL_E_2 }

  static final List<String> GPT_SIZES = List.of("1024x1024", "1536x1024", "1024x1536");
  static final Map<String, String> DALL_E_3_PRICES = Map.of("standard 1024x1024", "0.04", "standard 1792x1024", "0.08",
      "standard 1024x1792", "0.08", "hd 1024x1024", "0.08", "hd 1792x1024", "0.12", "hd 1024x1792", "0.12");
  static final Map<String, String> DALL_E_2_PRICES = Map.of("1024x1024", "0.020", "512x512", "0.018", "256x256", "0.016");
  /** Fields each endpoint takes at all; which models take them is checked per field. */
  static final Set<String> GENERATION_FIELDS = Set.of("model", "prompt", "n", "size", "quality", "response_format", "style",
      "background", "output_format", "output_compression", "moderation", "stream", "partial_images", "user");
  static final Set<String> EDIT_FIELDS = Set.of("model", "prompt", "n", "size", "quality", "response_format", "background",
      "output_format", "output_compression", "input_fidelity", "stream", "partial_images", "user");

  final String id;
  final Family family;
  final boolean inputFidelity;
  final BigDecimal textIn;
  final BigDecimal imageIn;
  final BigDecimal imageOut;

  Models(String id, Family family, boolean inputFidelity, String textIn, String imageIn, String imageOut) {
    this.id = id;
    this.family = family;
    this.inputFidelity = inputFidelity;
    this.textIn = textIn == null ? null : new BigDecimal(textIn);
    this.imageIn = imageIn == null ? null : new BigDecimal(imageIn);
    this.imageOut = imageOut == null ? null : new BigDecimal(imageOut);
  }

  /** The model a {@code model} field names: an id, or a dated snapshot of one ({@code gpt-image-2-2026-04-21}). */
  static Models of(String name) {
    for (Models m : values()) {
      if (m.id.equals(name) || name.matches(java.util.regex.Pattern.quote(m.id) + "-\\d{4}-\\d{2}-\\d{2}")) return m;
    }
    return null;
  }

  boolean gpt() {
    return family == Family.GPT;
  }

  boolean anySize() {
    return this == GPT_IMAGE_2;
  }

  List<String> sizes() {
    switch (family) {
      case DALL_E_3:
        return List.of("1024x1024", "1792x1024", "1024x1792");
      case DALL_E_2:
        return List.of("256x256", "512x512", "1024x1024");
      default:
        return GPT_SIZES;
    }
  }

  List<String> qualities() {
    switch (family) {
      case DALL_E_3:
        return List.of("standard", "hd");
      case DALL_E_2:
        return List.of("standard");
      default:
        return List.of("low", "medium", "high", "auto");
    }
  }

  int maxPrompt() {
    return family == Family.GPT ? 32_000 : family == Family.DALL_E_3 ? 4000 : 1000;
  }

  static String ids() {
    StringBuilder sb = new StringBuilder();
    for (Models m : values()) sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(m.id).append('\'');
    return sb.toString();
  }
}
