package dev.pictor.cli;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Locale;
import okio.Buffer;

/** Prints a {@link Summary}: the {@code --json} object, or a short text for people. */
final class SummaryWriter {
  private SummaryWriter() {}

  /**
   * The one JSON object of {@code --json}: {@code jobs}, {@code succeeded}, {@code failed},
   * {@code unknown}, {@code canceled}, {@code durationMs}, {@code estimatedUsd} (null when unpriced),
   * {@code spentUsd}, {@code zip} when one was written, and {@code items} ({@code id}, {@code variant}
   * when there is one, {@code status}, {@code files}, {@code costUsd}, {@code estimatedUsd}, and
   * {@code error} when there is one), numbers as numbers, on one line.
   */
  static String json(Summary s) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      w.beginObject();
      w.name("jobs").value(s.jobs());
      w.name("succeeded").value(s.succeeded());
      w.name("failed").value(s.failed());
      w.name("unknown").value(s.unknown());
      w.name("canceled").value(s.canceled());
      w.name("durationMs").value(s.durationMs());
      w.name("estimatedUsd");
      money(w, s.estimatedUsd());
      w.name("spentUsd");
      money(w, s.spentUsd());
      if (s.zip() != null) w.name("zip").value(s.zip().toString());
      w.name("items").beginArray();
      for (Summary.Item item : s.items()) {
        w.beginObject();
        w.name("id").value(item.id());
        if (item.variant() != null) w.name("variant").value(item.variant());
        w.name("status").value(item.status());
        w.name("files").beginArray();
        for (String f : item.files()) w.value(f);
        w.endArray();
        w.name("costUsd");
        money(w, item.costUsd());
        w.name("estimatedUsd");
        money(w, item.estimatedUsd());
        if (item.error() != null) w.name("error").value(item.error());
        w.endObject();
      }
      w.endArray();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  private static void money(JsonWriter w, BigDecimal amount) throws IOException {
    if (amount == null) w.nullValue();
    else w.value(new BigDecimal(amount.toPlainString()));
  }

  /** One line per item, then a total line. */
  static void human(Summary s, PrintStream out) {
    for (Summary.Item item : s.items()) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s %s", item.status(),
          item.id() == null ? "-" : item.id()));
      if (item.variant() != null) line.append("  [").append(item.variant()).append(']');
      for (String f : item.files()) line.append("  ").append(f);
      if (item.costUsd() != null) line.append("  $").append(item.costUsd().toPlainString());
      if (item.error() != null) line.append("  ").append(Errors.oneLine(item.error()));
      out.println(line);
    }
    out.println(total(s));
    if (s.zip() != null) out.println("zip: " + s.zip());
  }

  static String total(Summary s) {
    return String.format(Locale.ROOT, "%d job%s: %d succeeded, %d failed, %d unknown, %d canceled in %.1f s; estimated %s, spent $%s",
        s.jobs(), s.jobs() == 1 ? "" : "s", s.succeeded(), s.failed(), s.unknown(), s.canceled(), s.durationMs() / 1000.0,
        s.estimatedUsd() == null ? "n/a (unpriced)" : "$" + s.estimatedUsd().toPlainString(), s.spentUsd().toPlainString());
  }

  /** The {@code --estimate} text. */
  static String estimate(int jobs, String model, BigDecimal estimatedUsd) {
    return estimatedUsd == null
        ? "estimate: " + jobs + " job" + (jobs == 1 ? "" : "s") + " with " + model + ": unpriced (the catalogue has no price for it)"
        : "estimate: " + jobs + " job" + (jobs == 1 ? "" : "s") + " with " + model + ": $" + estimatedUsd.toPlainString();
  }
}
