package dev.pictor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One typed input parameter of a model, as the provider names it ({@code num_inference_steps},
 * {@code output_format}): its type, range or allowed values, and default. Immutable.
 *
 * <pre>{@code
 * ParameterSpec steps = ParameterSpec.integer("num_inference_steps", 1, 50).withDefault(28);
 * ParameterSpec format = ParameterSpec.choice("output_format", "webp", "jpg", "png");
 * }</pre>
 */
public final class ParameterSpec {
  /** The value types a parameter can have. */
  public enum Type { INTEGER, NUMBER, BOOLEAN, STRING, CHOICE }

  private final String name;
  private final Type type;
  private final Double min;
  private final Double max;
  private final List<String> choices;
  private final Object defaultValue;
  private final String description;

  private ParameterSpec(String name, Type type, Double min, Double max, List<String> choices,
      Object defaultValue, String description) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.type = type;
    this.min = min;
    this.max = max;
    this.choices = choices == null ? List.of() : List.copyOf(choices);
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** A whole number in {@code [min, max]}. */
  public static ParameterSpec integer(String name, long min, long max) {
    return new ParameterSpec(name, Type.INTEGER, (double) min, (double) max, null, null, null);
  }

  /** A number in {@code [min, max]}. */
  public static ParameterSpec number(String name, double min, double max) {
    return new ParameterSpec(name, Type.NUMBER, min, max, null, null, null);
  }

  /** {@code true} or {@code false}. */
  public static ParameterSpec bool(String name) {
    return new ParameterSpec(name, Type.BOOLEAN, null, null, null, null, null);
  }

  /** Free text. */
  public static ParameterSpec string(String name) {
    return new ParameterSpec(name, Type.STRING, null, null, null, null, null);
  }

  /** One of the given strings. */
  public static ParameterSpec choice(String name, String... choices) {
    return new ParameterSpec(name, Type.CHOICE, null, null, List.of(choices), null, null);
  }

  /** A copy with a default value. */
  public ParameterSpec withDefault(Object value) {
    return new ParameterSpec(name, type, min, max, choices, value, description);
  }

  /** A copy with a description. */
  public ParameterSpec withDescription(String text) {
    return new ParameterSpec(name, type, min, max, choices, defaultValue, text);
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public Optional<Double> min() {
    return Optional.ofNullable(min);
  }

  public Optional<Double> max() {
    return Optional.ofNullable(max);
  }

  /** The allowed values of a {@link Type#CHOICE} parameter. */
  public List<String> choices() {
    return choices;
  }

  public Optional<Object> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** What is allowed, in words, for error messages: "an integer from 1 to 50", "one of [webp, png]". */
  public String allowed() {
    switch (type) {
      case INTEGER:
        return "an integer from " + fmt(min) + " to " + fmt(max);
      case NUMBER:
        return "a number from " + fmt(min) + " to " + fmt(max);
      case BOOLEAN:
        return "true or false";
      case CHOICE:
        return "one of " + choices;
      default:
        return "text";
    }
  }

  /**
   * Checks and normalises {@code value} (a string from a CLI becomes a number, and so on).
   *
   * @param field how the caller named it, for the message
   * @throws InvalidRequestException naming the field, the value and what is allowed
   */
  public Object validate(String field, Object value, String model) {
    Objects.requireNonNull(value, "value == null");
    try {
      switch (type) {
        case INTEGER: {
          double d = toNumber(value);
          if (d != Math.rint(d) || Double.isInfinite(d)) throw bad(field, value, model);
          if ((min != null && d < min) || (max != null && d > max)) throw bad(field, value, model);
          return (long) d;
        }
        case NUMBER: {
          double d = toNumber(value);
          if (Double.isNaN(d) || (min != null && d < min) || (max != null && d > max)) throw bad(field, value, model);
          return d;
        }
        case BOOLEAN:
          if (value instanceof Boolean) return value;
          if ("true".equalsIgnoreCase(value.toString()) || "false".equalsIgnoreCase(value.toString())) {
            return Boolean.parseBoolean(value.toString());
          }
          throw bad(field, value, model);
        case CHOICE:
          if (!choices.contains(value.toString())) throw bad(field, value, model);
          return value.toString();
        default:
          return value.toString();
      }
    } catch (NumberFormatException e) {
      throw bad(field, value, model);
    }
  }

  private static double toNumber(Object value) {
    if (value instanceof Number) return ((Number) value).doubleValue();
    return Double.parseDouble(value.toString().trim());
  }

  private InvalidRequestException bad(String field, Object value, String model) {
    return new InvalidRequestException(field,
        field + " = " + value + " is not allowed for model " + model + ": expected " + allowed());
  }

  private static String fmt(Double d) {
    if (d == null) return "?";
    return d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
  }

  @Override
  public String toString() {
    return name + ": " + allowed() + (defaultValue == null ? "" : " (default " + defaultValue + ")");
  }
}
