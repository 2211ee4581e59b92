package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import okhttp3.HttpUrl;

/**
 * Replicate's list shape {@code {next, previous, results}}: newest first, {@code next} and
 * {@code previous} full URLs carrying an opaque {@code cursor} (and the request's filters), or null.
 * Stateless; thread-safe.
 */
final class Pager {
  private final int pageSize;

  Pager(int pageSize) {
    this.pageSize = pageSize;
  }

  /**
   * One page of {@code newestFirst} (ordered by {@code seq}, descending).
   *
   * @throws IllegalArgumentException on a cursor this pager did not make
   */
  <T> Map<String, Object> page(List<T> newestFirst, ToLongFunction<T> seq, HttpUrl url, Function<T, Object> render) {
    String cursor = url.queryParameter("cursor");
    int start = 0;
    int end;
    if (cursor == null) {
      end = Math.min(newestFirst.size(), pageSize);
    } else {
      String decoded;
      try {
        decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid cursor");
      }
      if (decoded.length() < 2 || (decoded.charAt(0) != 'n' && decoded.charAt(0) != 'p')) throw new IllegalArgumentException("Invalid cursor");
      long at;
      try {
        at = Long.parseLong(decoded.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid cursor");
      }
      int firstOlder = 0;
      while (firstOlder < newestFirst.size() && seq.applyAsLong(newestFirst.get(firstOlder)) >= at) firstOlder++;
      if (decoded.charAt(0) == 'n') {
        start = firstOlder;
        end = Math.min(newestFirst.size(), start + pageSize);
      } else {
        int firstNotNewer = 0;
        while (firstNotNewer < newestFirst.size() && seq.applyAsLong(newestFirst.get(firstNotNewer)) > at) firstNotNewer++;
        end = firstNotNewer;
        start = Math.max(0, end - pageSize);
      }
    }
    List<Object> results = new ArrayList<>();
    for (T item : newestFirst.subList(start, end)) results.add(render.apply(item));
    String next = end < newestFirst.size() && end > start ? link(url, "n" + seq.applyAsLong(newestFirst.get(end - 1))) : null;
    String previous = start > 0 ? link(url, "p" + seq.applyAsLong(newestFirst.get(start))) : null;
    return Json.object("next", next, "previous", previous, "results", results);
  }

  private static String link(HttpUrl url, String cursor) {
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    return url.newBuilder().setQueryParameter("cursor", token).build().toString();
  }

  /**
   * Parses a {@code created_after} / {@code created_before} value: an ISO-8601 instant, date-time with
   * offset, local date-time (UTC) or date (UTC midnight); null when absent.
   *
   * @throws IllegalArgumentException when it is none of these
   */
  static Instant time(String name, String value) {
    if (value == null) return null;
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 date-time, was '" + value + "'");
    }
  }
}
