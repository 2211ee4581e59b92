package dev.pictor;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices per image by model, in a unit of the caller's choosing: dollars, or the host application's
 * own credits. Given to a batch, they replace the catalogue's prices for estimates and budgets.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * PriceList credits = PriceList.builder("credits").price("flux-2-pro", "3").price("flux-schnell", "1").build();
 * client.newBatch().template(t).seeds(10).prices(credits).budget(new Money(new BigDecimal("30"), "credits")).start();
 * }</pre>
 */
public final class PriceList {
  private final String unit;
  private final Map<String, BigDecimal> perImage;

  private PriceList(String unit, Map<String, BigDecimal> perImage) {
    this.unit = unit;
    this.perImage = Map.copyOf(perImage);
  }

  /** Starts a price list in {@code unit} ({@code USD}, {@code credits}, ...). */
  public static Builder builder(String unit) {
    return new Builder(unit);
  }

  /** The unit every price is in. */
  public String unit() {
    return unit;
  }

  /** The price of one image from {@code model}, when listed. */
  public Optional<Money> perImage(String model) {
    BigDecimal p = perImage.get(model);
    return p == null ? Optional.empty() : Optional.of(new Money(p, unit));
  }

  /** Every listed price per image, by model. */
  public Map<String, BigDecimal> asMap() {
    return perImage;
  }

  @Override
  public String toString() {
    return "PriceList{" + unit + ", " + perImage + "}";
  }

  /** Builds a {@link PriceList}. Not thread-safe. */
  public static final class Builder {
    private final String unit;
    private final Map<String, BigDecimal> prices = new LinkedHashMap<>();

    private Builder(String unit) {
      Objects.requireNonNull(unit, "unit == null");
      if (unit.isBlank()) throw new InvalidRequestException("prices", "a price list needs a unit such as USD or credits");
      this.unit = unit;
    }

    /** The price of one image from {@code model}, such as {@code "3"} or {@code "0.055"}. */
    public Builder price(String model, String amount) {
      BigDecimal v;
      try {
        v = new BigDecimal(Objects.requireNonNull(amount, "amount == null").trim());
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("prices", "price '" + amount + "' for " + model + " is not a number");
      }
      return price(model, v);
    }

    /** The price of one image from {@code model}. */
    public Builder price(String model, BigDecimal amount) {
      Objects.requireNonNull(model, "model == null");
      if (amount.signum() < 0) throw new InvalidRequestException("prices", "price " + amount + " for " + model + " must not be negative");
      prices.put(model, amount);
      return this;
    }

    public PriceList build() {
      return new PriceList(unit, prices);
    }
  }
}
