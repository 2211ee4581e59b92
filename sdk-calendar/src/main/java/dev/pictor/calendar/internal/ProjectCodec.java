package dev.pictor.calendar.internal;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.ToJson;
import dev.pictor.calendar.CalendarTheme;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.spi.JobRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A project's {@link JobRecord}: kind {@value #KIND}, the status and owner as indexed fields, one tag
 * {@code uses:<job id>} per stored variant image it holds (so an image another project still uses is
 * never deleted), and the state as a versioned JSON payload written by Moshi. Thread-safe.
 */
public final class ProjectCodec {
  /** The record kind of a calendar project. */
  public static final String KIND = "calendar";
  /** The tag prefix naming a job whose output a project holds. */
  public static final String USES = "uses:";
  static final int PAYLOAD_VERSION = 1;

  private final JsonAdapter<ProjectState> adapter;

  public ProjectCodec() {
    Moshi moshi = new Moshi.Builder().add(new Adapters()).build();
    this.adapter = moshi.adapter(ProjectState.class);
  }

  /** The record of {@code state} at {@code version}, updated at {@code now}. */
  public JobRecord toRecord(ProjectState state, long version, Instant now) {
    Set<String> tags = new LinkedHashSet<>();
    for (ProjectState.VariantState v : state.variants) {
      if (v.status == CalendarVariant.Status.SUCCEEDED && v.jobId != null) tags.add(USES + v.jobId);
    }
    return JobRecord.builder()
        .id(state.id)
        .kind(KIND)
        .status(state.status.wireName())
        .provider(state.provider)
        .model(state.model)
        .owner(state.owner)
        .tags(tags)
        .createdAt(state.createdAt)
        .updatedAt(now)
        .version(version)
        .payload(PAYLOAD_VERSION, adapter.toJson(state))
        .build();
  }

  /** A fresh copy of the state a record holds. */
  public ProjectState fromRecord(JobRecord record) {
    if (record.payloadVersion() > PAYLOAD_VERSION) {
      throw new IllegalStateException("calendar project " + record.id() + " was stored by a newer Pictor (payload version "
          + record.payloadVersion() + "); upgrade to read it");
    }
    try {
      return adapter.fromJson(record.payload());
    } catch (IOException e) {
      throw new UncheckedIOException("calendar project " + record.id() + " has an unreadable payload", e);
    }
  }

  /** Instants as ISO-8601 text; themes in their own JSON form. */
  static final class Adapters {
    @ToJson
    String instantToJson(Instant instant) {
      return instant.toString();
    }

    @FromJson
    Instant instantFromJson(String text) {
      return Instant.parse(text);
    }

    @ToJson
    void themeToJson(JsonWriter writer, CalendarTheme theme) throws IOException {
      ThemeCodec.write(writer, theme);
    }

    @FromJson
    CalendarTheme themeFromJson(JsonReader reader) throws IOException {
      return ThemeCodec.read(reader);
    }
  }
}
