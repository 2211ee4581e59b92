package dev.pictor.calendar.internal;

import dev.pictor.InvalidRequestException;
import java.time.DayOfWeek;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Month and weekday names as a printed calendar shows them: the stand-alone (nominative) form,
 * capitalised in the locale's own way, so Ukrainian gives "Січень", not "січня". Weeks start on
 * Monday. Thread-safe.
 */
public final class MonthNames {
  private static final Set<String> LANGUAGES = new HashSet<>();

  static {
    for (Locale l : Locale.getAvailableLocales()) {
      if (!l.getLanguage().isEmpty()) LANGUAGES.add(l.getLanguage());
    }
  }

  private MonthNames() {}

  /** The month's name, nominative and capitalised. */
  public static String month(Month month, Locale locale) {
    return capitalise(month.getDisplayName(TextStyle.FULL_STANDALONE, locale), locale);
  }

  /** The twelve month names, January first. */
  public static List<String> months(Locale locale) {
    List<String> names = new ArrayList<>(12);
    for (Month m : Month.values()) names.add(month(m, locale));
    return names;
  }

  /** The short weekday names, Monday first, capitalised, without a trailing full stop. */
  public static List<String> weekdays(Locale locale) {
    List<String> names = new ArrayList<>(7);
    for (DayOfWeek d : DayOfWeek.values()) {
      String n = d.getDisplayName(TextStyle.SHORT_STANDALONE, locale);
      if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
      names.add(capitalise(n, locale));
    }
    return names;
  }

  /**
   * Checks that the JDK knows the locale's language and the packaged font can draw its names.
   *
   * @throws InvalidRequestException naming the locale and what is allowed
   */
  public static void check(Locale locale) {
    if (locale.getLanguage().isEmpty() || !LANGUAGES.contains(locale.getLanguage())) {
      throw new InvalidRequestException("locale", "locale '" + locale.toLanguageTag() + "' has no month names in"
          + " this Java runtime: give a language tag such as uk, ru, en or de");
    }
    String all = String.join(" ", months(locale)) + " " + String.join(" ", weekdays(locale));
    if (!Fonts.covers(all)) {
      throw new InvalidRequestException("locale", "locale '" + locale.toLanguageTag() + "' needs letters the packaged"
          + " font (DejaVu Sans) cannot draw; supported are Latin, Cyrillic and Greek scripts, such as uk, ru, en or de");
    }
  }

  private static String capitalise(String s, Locale locale) {
    if (s.isEmpty()) return s;
    int first = s.codePointAt(0);
    int len = Character.charCount(first);
    return new String(Character.toChars(first)).toUpperCase(locale) + s.substring(len);
  }
}
