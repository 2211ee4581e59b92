package dev.pictor.replicate.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this process sent and adopted, for reconciliation: which token label sent each job's create,
 * and which prediction ids already belong to a job (so that two jobs with identical inputs never adopt
 * the same prediction). Bounded (oldest entries go first); thread-safe.
 */
public final class Ledger {
  static final int MAX_ENTRIES = 10_000;

  private final Map<String, String> senders = lru();
  private final Map<String, Boolean> claimed = lru();

  public synchronized void sentWith(String jobId, String tokenLabel) {
    senders.put(jobId, tokenLabel);
  }

  public synchronized Optional<String> sender(String jobId) {
    return Optional.ofNullable(senders.get(jobId));
  }

  public synchronized void claim(String predictionId) {
    claimed.put(predictionId, Boolean.TRUE);
  }

  public synchronized boolean isClaimed(String predictionId) {
    return claimed.containsKey(predictionId);
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX_ENTRIES;
      }
    };
  }
}
