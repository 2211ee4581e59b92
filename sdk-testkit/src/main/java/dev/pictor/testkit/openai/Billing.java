package dev.pictor.testkit.openai;

import dev.pictor.testkit.internal.Json;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * What an order uses and costs. GPT image models report {@code usage}: output image tokens per image
 * from the fact sheet's table (1024x1024 low 272, medium 1056, high 4160; 1024x1536 408 / 1584 /
 * 6240; 1536x1024 400 / 1568 / 6208; other sizes in proportion to their pixels), text tokens of
 * about four characters each, and, for edits, a simulated 388 image tokens per input image (4,160
 * with {@code input_fidelity=high}; these two numbers are the simulator's own). The cost is the
 * tokens times the model's rates; DALL-E costs its price per image. Stateless.
 */
final class Billing {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  private static final Map<String, long[]> OUTPUT = Map.of("1024x1024", new long[] {272, 1056, 4160},
      "1024x1536", new long[] {408, 1584, 6240}, "1536x1024", new long[] {400, 1568, 6208});
  static final long INPUT_IMAGE_TOKENS = 388;
  static final long HIGH_FIDELITY_TOKENS = 4160;

  private Billing() {}

  /** Token counts of an order. */
  record Tokens(long text, long image, long output) {
    Map<String, Object> usage() {
      return Json.object("input_tokens", text + image,
          "input_tokens_details", Json.object("image_tokens", image, "text_tokens", text),
          "output_tokens", output,
          "output_tokens_details", Json.object("image_tokens", output, "text_tokens", 0),
          "total_tokens", text + image + output);
    }
  }

  static Tokens tokens(Rules.Order o) {
    int level = o.quality().equals("low") ? 0 : o.quality().equals("high") ? 2 : 1;
    long[] known = OUTPUT.get(o.size());
    long perImage = known != null ? known[level]
        : Math.round(OUTPUT.get("1024x1024")[level] * ((double) o.width() * o.height() / (1024.0 * 1024.0)));
    long text = Math.max(1, (o.promptChars() + 3) / 4);
    long image = o.inputImages() * (o.highFidelity() ? HIGH_FIDELITY_TOKENS : INPUT_IMAGE_TOKENS);
    return new Tokens(text, image, perImage * o.n());
  }

  /** The order's cost in USD. */
  static BigDecimal cost(Rules.Order o) {
    Models m = o.model();
    if (m.gpt()) {
      Tokens t = tokens(o);
      return BigDecimal.valueOf(t.text()).multiply(m.textIn).add(BigDecimal.valueOf(t.image()).multiply(m.imageIn))
          .add(BigDecimal.valueOf(t.output()).multiply(m.imageOut)).divide(MILLION, MathContext.DECIMAL64);
    }
    String price = m == Models.DALL_E_3 ? Models.DALL_E_3_PRICES.get(o.quality() + " " + o.size()) : Models.DALL_E_2_PRICES.get(o.size());
    return new BigDecimal(price).multiply(BigDecimal.valueOf(o.n()));
  }
}
