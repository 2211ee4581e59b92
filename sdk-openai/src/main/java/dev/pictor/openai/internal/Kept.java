package dev.pictor.openai.internal;

import dev.pictor.spi.ProviderJob;
import java.lang.ref.SoftReference;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last few answered jobs, so that a poll of one (after the core lost its answer, say) is answered
 * from memory: OpenAI keeps no job to read again. Held softly, since their images are in memory.
 * Thread-safe.
 */
final class Kept {
  private final Map<String, SoftReference<ProviderJob>> jobs;

  Kept(int capacity) {
    this.jobs = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, SoftReference<ProviderJob>> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized void put(ProviderJob job) {
    jobs.put(job.providerJobId(), new SoftReference<>(job));
  }

  synchronized ProviderJob get(String providerJobId) {
    SoftReference<ProviderJob> ref = jobs.get(providerJobId);
    ProviderJob job = ref == null ? null : ref.get();
    if (ref != null && job == null) jobs.remove(providerJobId);
    return job;
  }
}
