package dev.pictor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount in a currency or in a caller's own credit unit ({@code "USD"}, {@code "credits"}).
 * Immutable. Amounts keep up to six decimals, enough for per-image prices such as $0.003.
 *
 * <pre>{@code
 * Money price = Money.usd("0.003");
 * Money total = price.times(24);   // USD 0.072
 * }</pre>
 */
public record Money(BigDecimal amount, String currency) implements Comparable<Money> {
  public Money {
    Objects.requireNonNull(amount, "amount == null");
    Objects.requireNonNull(currency, "currency == null");
    if (amount.signum() < 0) throw new IllegalArgumentException("amount < 0: " + amount);
    amount = amount.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    if (amount.scale() < 0) amount = amount.setScale(0);
  }

  /** An amount in US dollars. */
  public static Money usd(String amount) {
    return new Money(new BigDecimal(amount), "USD");
  }

  /** An amount in US dollars. */
  public static Money usd(double amount) {
    return new Money(BigDecimal.valueOf(amount), "USD");
  }

  /** Zero in the given currency. */
  public static Money zero(String currency) {
    return new Money(BigDecimal.ZERO, currency);
  }

  /** This amount times {@code n}. */
  public Money times(long n) {
    return new Money(amount.multiply(BigDecimal.valueOf(n)), currency);
  }

  /** The sum; both must be in the same currency. */
  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.add(other.amount), currency);
  }

  /**
   * The difference; both must be in the same currency.
   *
   * @throws IllegalArgumentException when {@code other} is larger
   */
  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.subtract(other.amount), currency);
  }

  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return amount.compareTo(other.amount);
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("cannot mix " + currency + " and " + other.currency);
    }
  }

  @Override
  public String toString() {
    return currency + " " + amount.toPlainString();
  }
}
