package dev.pictor.openai.internal;

import dev.pictor.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * What an OpenAI image model charges: GPT image models per token ({@code usage} in the answer
 * times the rates per million tokens), DALL-E per image by size and quality (its answers carry no
 * {@code usage}). Immutable.
 */
public final class Prices {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private final BigDecimal textIn;
  private final BigDecimal imageIn;
  private final BigDecimal imageOut;
  private final Map<String, BigDecimal> perImage;

  private Prices(BigDecimal textIn, BigDecimal imageIn, BigDecimal imageOut, Map<String, BigDecimal> perImage) {
    this.textIn = textIn;
    this.imageIn = imageIn;
    this.imageOut = imageOut;
    this.perImage = perImage;
  }

  /** Rates in USD per million tokens: text input, image input, image output. */
  static Prices perToken(String textIn, String imageIn, String imageOut) {
    return new Prices(new BigDecimal(textIn), new BigDecimal(imageIn), new BigDecimal(imageOut), null);
  }

  /** USD per image, keyed {@code quality + " " + WxH}. */
  static Prices perImage(Map<String, String> prices) {
    Map<String, BigDecimal> m = new java.util.HashMap<>();
    prices.forEach((k, v) -> m.put(k, new BigDecimal(v)));
    return new Prices(null, null, null, Map.copyOf(m));
  }

  public boolean byToken() {
    return perImage == null;
  }

  /**
   * The cost of an answer's {@code usage}. Input tokens split into text and image by
   * {@code input_tokens_details} (all text when the details are missing); every output token is
   * priced at the image output rate, since the fact sheet gives no text output rate and image answers
   * report none.
   */
  public Money ofUsage(Usage u) {
    BigDecimal usd = BigDecimal.valueOf(u.inputText()).multiply(textIn)
        .add(BigDecimal.valueOf(u.inputImage()).multiply(imageIn))
        .add(BigDecimal.valueOf(u.output()).multiply(imageOut))
        .divide(MILLION, MathContext.DECIMAL64);
    return new Money(usd, "USD");
  }

  /** The price of {@code images} images of {@code size} at {@code quality}, or null when unknown. */
  public Money ofImages(String quality, String size, int images) {
    BigDecimal each = perImage == null ? null : perImage.get(quality + " " + size);
    return each == null ? null : new Money(each.multiply(BigDecimal.valueOf(images)), "USD");
  }

  /** The rates, for the docs: {@code text in / image in / image out per 1M tokens}. */
  @Override
  public String toString() {
    return byToken() ? "$" + textIn + " / $" + imageIn + " / $" + imageOut + " per 1M tokens (text in / image in / image out)"
        : "per image " + perImage;
  }
}
