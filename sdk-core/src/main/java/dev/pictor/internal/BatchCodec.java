package dev.pictor.internal;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.pictor.BatchListener;
import dev.pictor.GenerationRequest;
import dev.pictor.Money;
import dev.pictor.PriceList;
import dev.pictor.spi.JobRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * A batch's record: kind {@code batch}, its status ({@code running}, {@code paused},
 * {@code canceling}, {@code canceled}, {@code completed}) and a versioned payload with everything
 * it was built with, each item's request written as a job's is. The listener is not stored.
 */
final class BatchCodec {
  static final int PAYLOAD_VERSION = 1;

  private BatchCodec() {}

  static JobRecord toRecord(String id, BatchSpec spec, String status, Instant createdAt, Instant now, long version,
      String owner) {
    return JobRecord.builder()
        .id(id)
        .kind(JobRecord.KIND_BATCH)
        .status(status)
        .owner(owner)
        .createdAt(createdAt)
        .updatedAt(now)
        .version(version)
        .payload(PAYLOAD_VERSION, payload(spec))
        .build();
  }

  private static String payload(BatchSpec spec) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      if (spec.name() != null) w.name("name").value(spec.name());
      w.name("maxConcurrency").value(spec.maxConcurrency());
      w.name("failFast").value(spec.failFast());
      if (spec.budget() != null) {
        w.name("budget").beginObject().name("amount").value(spec.budget().amount().toPlainString())
            .name("currency").value(spec.budget().currency()).endObject();
      }
      if (spec.prices() != null) {
        w.name("prices").beginObject().name("unit").value(spec.prices().unit()).name("perImage").beginObject();
        for (Map.Entry<String, BigDecimal> e : spec.prices().asMap().entrySet()) w.name(e.getKey()).value(e.getValue().toPlainString());
        w.endObject().endObject();
      }
      w.name("items").beginArray();
      for (BatchSpec.Item item : spec.items()) {
        w.beginObject();
        if (item.variant() != null) w.name("variant").value(item.variant());
        if (item.input() != null) w.name("input").value(item.input());
        w.name("request");
        JobCodec.writeRequest(w, item.request());
        w.endObject();
      }
      w.endArray();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  @SuppressWarnings("unchecked")
  static BatchSpec fromRecord(JobRecord record) {
    if (record.payloadVersion() > PAYLOAD_VERSION) {
      throw new IllegalStateException("batch " + record.id() + " has payload version " + record.payloadVersion()
          + "; this Pictor reads up to " + PAYLOAD_VERSION + ": upgrade Pictor");
    }
    Map<String, Object> p;
    try {
      p = (Map<String, Object>) JsonReader.of(new Buffer().writeUtf8(record.payload())).readJsonValue();
    } catch (IOException e) {
      throw new UncheckedIOException("batch " + record.id() + " has an unreadable payload", e);
    }
    Money budget = null;
    if (p.get("budget") != null) {
      Map<String, Object> b = (Map<String, Object>) p.get("budget");
      budget = new Money(new BigDecimal((String) b.get("amount")), (String) b.get("currency"));
    }
    PriceList prices = null;
    if (p.get("prices") != null) {
      Map<String, Object> m = (Map<String, Object>) p.get("prices");
      PriceList.Builder b = PriceList.builder((String) m.get("unit"));
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m.get("perImage")).entrySet()) b.price(e.getKey(), (String) e.getValue());
      prices = b.build();
    }
    List<BatchSpec.Item> items = new ArrayList<>();
    for (Object o : (List<Object>) p.get("items")) {
      Map<String, Object> m = (Map<String, Object>) o;
      GenerationRequest request = JobCodec.readRequest((Map<String, Object>) m.get("request"));
      items.add(new BatchSpec.Item(items.size(), (String) m.get("variant"), (String) m.get("input"), request));
    }
    return new BatchSpec((String) p.get("name"), items, ((Number) p.get("maxConcurrency")).intValue(), budget, prices,
        Boolean.TRUE.equals(p.get("failFast")), BatchListener.NONE);
  }
}
