package dev.pictor.prompt;

import dev.pictor.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A prompt with named placeholders, such as {@code "A {subject} in {style} style"}, filled in by
 * {@link #render(Map)} or by binding values one at a time with {@link #with} and calling
 * {@link #render()}.
 *
 * <p>Syntax: a placeholder is {@code {name}}, where the name is one or more letters, digits,
 * {@code _} or {@code -}. <code>&#123;&#123;</code> and <code>&#125;&#125;</code> stand for literal braces. The text is checked
 * when the template is made: an unmatched brace or an invalid name is refused there, with its
 * index (counted from 0) in the text.
 *
 * <p>Rendering: each value is turned into text with {@link String#valueOf} and inserted as it is,
 * never parsed again, so braces in a value are kept literally. Every placeholder needs a value; a
 * missing one (or one whose value is null in the map) is reported, with all the others missing,
 * in one {@link InvalidRequestException}. Values for names the template does not use are ignored,
 * so one map of values can serve several templates; check {@link #placeholders()} to catch
 * misspelt names.
 *
 * <p>Immutable and thread-safe: {@link #with} returns a new template.
 *
 * <pre>{@code
 * PromptTemplate t = PromptTemplate.of("A {subject} in {style} style, {{high detail}}");
 * t.placeholders();                                        // [subject, style]
 * t.with("subject", "red fox").with("style", "watercolour").render();
 * // "A red fox in watercolour style, {high detail}"
 * t.render(Map.of("subject", "lighthouse", "style", "pixel art"));
 * }</pre>
 */
public final class PromptTemplate {
  private final String text;
  /** Literal text and placeholders in order; a placeholder is a {@link Placeholder}, literal text a String. */
  private final List<Object> parts;
  private final Set<String> placeholders;
  private final Map<String, Object> bound;

  private PromptTemplate(String text, List<Object> parts, Set<String> placeholders, Map<String, Object> bound) {
    this.text = text;
    this.parts = parts;
    this.placeholders = placeholders;
    this.bound = bound;
  }

  /**
   * Parses {@code text} as a template.
   *
   * @throws InvalidRequestException naming {@code template} when a brace is unmatched or a placeholder
   *     name is empty or has a character other than a letter, digit, '_' or '-'; the message gives the index
   */
  public static PromptTemplate of(String text) {
    Objects.requireNonNull(text, "text == null");
    List<Object> parts = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      boolean doubled = i + 1 < text.length() && text.charAt(i + 1) == c;
      if ((c == '{' || c == '}') && doubled) {
        literal.append(c);
        i += 2;
      } else if (c == '}') {
        throw refused("an unmatched '}' at index " + i + "; write '}}' for a literal '}'", text);
      } else if (c == '{') {
        int close = text.indexOf('}', i + 1);
        if (close < 0) throw refused("an unclosed '{' at index " + i + "; write '{{' for a literal '{'", text);
        String name = text.substring(i + 1, close);
        if (!validName(name)) {
          throw refused("an invalid placeholder '{" + name + "}' at index " + i + ": a name is one or more letters,"
              + " digits, '_' or '-'; write '{{' for a literal '{'", text);
        }
        if (literal.length() > 0) parts.add(literal.toString());
        literal.setLength(0);
        parts.add(new Placeholder(name));
        names.add(name);
        i = close + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) parts.add(literal.toString());
    return new PromptTemplate(text, Collections.unmodifiableList(parts), Collections.unmodifiableSet(names), Map.of());
  }

  private static boolean validName(String name) {
    if (name.isEmpty()) return false;
    for (int k = 0; k < name.length(); k++) {
      char ch = name.charAt(k);
      if (!Character.isLetterOrDigit(ch) && ch != '_' && ch != '-') return false;
    }
    return true;
  }

  private static InvalidRequestException refused(String problem, String text) {
    return new InvalidRequestException("template", "prompt template has " + problem + ": " + abbreviate(text));
  }

  /** The template text as given, with its placeholders and doubled braces. */
  public String text() {
    return text;
  }

  /** The placeholder names in order of first appearance, each once. */
  public Set<String> placeholders() {
    return placeholders;
  }

  /**
   * A copy of this template with {@code value} bound to {@code name}, replacing an earlier binding.
   * Any name is accepted; one the template does not use is ignored when rendering.
   */
  public PromptTemplate with(String name, Object value) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(value, "value == null");
    Map<String, Object> next = new LinkedHashMap<>(bound);
    next.put(name, value);
    return new PromptTemplate(text, parts, placeholders, Collections.unmodifiableMap(next));
  }

  /**
   * The text with the values bound by {@link #with}.
   *
   * @throws InvalidRequestException naming the placeholders that have no value
   */
  public String render() {
    return render(Map.of());
  }

  /**
   * The text with {@code values}, on top of those bound by {@link #with}: a name in both takes the
   * value from the map, unless that value is null.
   *
   * @throws InvalidRequestException naming the placeholders that have no value; its
   *     {@link InvalidRequestException#field() field} is their names joined by commas
   */
  public String render(Map<String, ?> values) {
    Objects.requireNonNull(values, "values == null");
    List<String> missing = new ArrayList<>();
    for (String name : placeholders) {
      if (valueOf(name, values) == null) missing.add(name);
    }
    if (!missing.isEmpty()) {
      throw new InvalidRequestException(String.join(",", missing), "prompt template needs a value for "
          + (missing.size() == 1 ? "placeholder " : "placeholders ") + "{" + String.join("}, {", missing) + "}"
          + "; it has placeholders " + placeholders);
    }
    StringBuilder out = new StringBuilder(text.length() + 32);
    for (Object part : parts) {
      if (part instanceof Placeholder) out.append(valueOf(((Placeholder) part).name, values));
      else out.append((String) part);
    }
    return out.toString();
  }

  private Object valueOf(String name, Map<String, ?> values) {
    Object v = values.get(name);
    return v != null ? v : bound.get(name);
  }

  /** Equal when the text and the bound values are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PromptTemplate && ((PromptTemplate) o).text.equals(text) && ((PromptTemplate) o).bound.equals(bound);
  }

  @Override
  public int hashCode() {
    return text.hashCode() * 31 + bound.hashCode();
  }

  /** The text, shortened when long, and the names of the bound values (not the values). */
  @Override
  public String toString() {
    return "PromptTemplate{" + abbreviate(text) + (bound.isEmpty() ? "" : ", bound=" + bound.keySet()) + "}";
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? '"' + s + '"' : '"' + s.substring(0, 77) + "...\"";
  }

  /** A placeholder among the parts; a separate type so a literal can never be mistaken for one. */
  private static final class Placeholder {
    final String name;

    Placeholder(String name) {
      this.name = name;
    }
  }
}
