package dev.pictor.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures what the JVM spends over a stretch of work: process CPU time (every thread, JIT and GC
 * included) and the bytes every thread allocated. The JDK 17 has no total of allocated bytes, so a
 * sampler reads every live thread's count every 10 ms and keeps the last value seen per thread; a
 * thread that dies loses at most its last 10 ms. The sampler's own thread is left out. Not
 * thread-safe: one meter per measurement.
 */
final class Meter implements AutoCloseable {
  /** What one stretch cost. */
  record Reading(long cpuNanos, long threadCpuNanos, long allocatedBytes) {}

  private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final Map<Long, long[]> first = new HashMap<>();
  private final Map<Long, long[]> last = new HashMap<>();
  private final Thread sampler;
  private final long cpuAtStart;
  private volatile boolean running = true;

  Meter() {
    threads.setThreadAllocatedMemoryEnabled(true);
    threads.setThreadCpuTimeEnabled(true);
    sampler = new Thread(this::loop, "bench-meter");
    sampler.setDaemon(true);
    sample(first);
    last.putAll(first);
    cpuAtStart = os.getProcessCpuTime();
    sampler.start();
  }

  private void loop() {
    while (running) {
      synchronized (this) {
        sample(last);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample(Map<Long, long[]> into) {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    long[] cpu = threads.getThreadCpuTime(ids);
    long self = sampler == null ? -1 : sampler.getId();
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == self || bytes[i] < 0) continue;
      into.put(ids[i], new long[] {bytes[i], Math.max(0, cpu[i])});
    }
  }

  /** Stops and reads; call once, when the work has finished. */
  Reading stop() throws InterruptedException {
    long cpu = os.getProcessCpuTime() - cpuAtStart;
    running = false;
    sampler.interrupt();
    sampler.join();
    sample(last);
    long bytes = 0;
    long threadCpu = 0;
    for (Map.Entry<Long, long[]> e : last.entrySet()) {
      long[] before = first.getOrDefault(e.getKey(), new long[2]);
      bytes += Math.max(0, e.getValue()[0] - before[0]);
      threadCpu += Math.max(0, e.getValue()[1] - before[1]);
    }
    return new Reading(cpu, threadCpu, bytes);
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
