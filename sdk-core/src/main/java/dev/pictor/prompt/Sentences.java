package dev.pictor.prompt;

import dev.pictor.InvalidRequestException;

/**
 * Assembles a prompt as one paragraph of sentences separated by single spaces, so that every
 * builder in this package produces text of the same shape. Not thread-safe; used inside one
 * {@code build()} call.
 */
final class Sentences {
  private final StringBuilder text = new StringBuilder();

  /** Appends a sentence; it must already end with its own punctuation. */
  Sentences add(String sentence) {
    if (text.length() > 0) text.append(' ');
    text.append(sentence);
    return this;
  }

  /** Appends {@code sentence} only when {@code condition} holds. */
  Sentences addIf(boolean condition, String sentence) {
    return condition ? add(sentence) : this;
  }

  /** Appends the caller's own instructions as written (trimmed), or nothing when there are none. */
  Sentences instructions(String custom) {
    return custom == null ? this : add(custom);
  }

  String text() {
    return text.toString();
  }

  /** {@code value} trimmed, or null when it is null or blank: how every builder stores free text. */
  static String clean(String value) {
    if (value == null) return null;
    String trimmed = value.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  /**
   * A required description trimmed and without trailing full stops, so it reads inside a sentence.
   *
   * @throws InvalidRequestException naming {@code field} when the value is null or blank
   */
  static String phrase(String field, String value, String example) {
    String trimmed = clean(value);
    while (trimmed != null && (trimmed.endsWith(".") || trimmed.endsWith("!"))) {
      trimmed = clean(trimmed.substring(0, trimmed.length() - 1));
    }
    if (trimmed == null) {
      throw new InvalidRequestException(field, field + " is required and must not be blank: describe it in words, such as "
          + example);
    }
    return trimmed;
  }
}
