package dev.pictor.openai.internal;

import dev.pictor.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/**
 * What a call should cost before it is made. DALL-E: its price per image by quality and size. GPT
 * image models, billed by tokens: the catalogue's price of one medium image at 1024x1024, scaled by
 * quality (low about a quarter, high about four times, as the fact sheet's per-image prices run for
 * every GPT image model) and by the pixels of the size made, times {@code n}. Input images of an edit
 * add input tokens that this does not count, so an edit's estimate runs a little low. Stateless.
 */
public final class Estimate {
  private static final BigDecimal LOW = new BigDecimal("0.26");
  private static final BigDecimal HIGH = new BigDecimal("3.95");
  private static final BigDecimal SQUARE = BigDecimal.valueOf(1024L * 1024L);

  private Estimate() {}

  public static Optional<Money> of(Plan plan) {
    ModelRules rules = plan.rules();
    Size size = plan.shape().generate() != null ? plan.shape().generate() : rules.defaultSize();
    String quality = plan.quality();
    if (!rules.prices().byToken()) {
      String q = quality != null ? quality : rules.qualities().get(0);
      return Optional.ofNullable(rules.prices().ofImages(q, size.wire(), plan.n()));
    }
    BigDecimal factor = "low".equals(quality) ? LOW : "high".equals(quality) ? HIGH : BigDecimal.ONE;
    BigDecimal usd = rules.estimate().amount().multiply(factor)
        .multiply(BigDecimal.valueOf(size.pixels())).divide(SQUARE, MathContext.DECIMAL64)
        .multiply(BigDecimal.valueOf(plan.n()));
    return Optional.of(new Money(usd, "USD"));
  }
}
