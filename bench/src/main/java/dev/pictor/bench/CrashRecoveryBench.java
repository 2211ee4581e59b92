package dev.pictor.bench;

import dev.pictor.cli.drill.CrashDrill;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Kills {@code pictor batch} (H2 store, Replicate simulator) with SIGKILL at each of four points, runs
 * {@code pictor jobs resume}, and prints what came of each: when the kill landed, what the simulator
 * had seen by then, how long the resume took, and whether every promise held (every item done once,
 * no duplicate charge, every file whole).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.pictor.bench.CrashRecoveryBench [ITEMS] [CONCURRENCY] [LATENCY_MS] [ROUNDS]
 * </pre>
 */
public final class CrashRecoveryBench {
  private CrashRecoveryBench() {}

  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    long latencyMs = args.length > 2 ? Long.parseLong(args[2]) : 500;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    System.out.printf(Locale.ROOT, "crash recovery: %d items, %d in flight, %d ms a prediction, %d round(s)%n", items, concurrency,
        latencyMs, rounds);
    System.out.printf(Locale.ROOT, "%-28s %9s %8s %10s %9s %7s %8s %6s %6s %5s %5s%n", "kill point", "killed at", "creates",
        "downloads", "resume ms", "done", "charges", "dupes", "bad", "parts", "held");
    int failures = 0;
    for (int round = 0; round < rounds; round++) {
      Path dir = Files.createTempDirectory("pictor-crash");
      for (CrashDrill.Point point : CrashDrill.Point.values()) {
        CrashDrill.Outcome o = new CrashDrill(dir, items, concurrency, Duration.ofMillis(latencyMs)).run(point);
        System.out.printf(Locale.ROOT, "%-28s %7d ms %8d %10d %9d %3d/%-3d %8d %6d %6d %5d %5s%n", point, o.killedAfterMs(),
            o.createsAtKill(), o.downloadsAtKill(), o.resumeMs(), o.succeeded(), o.items(), o.charges(),
            o.duplicateCharges().size(), o.badFiles().size(), o.partialFilesLeft(), o.held() ? "yes" : "NO");
        if (!o.held()) failures++;
      }
    }
    System.out.println(failures == 0 ? "every drill held" : failures + " drill(s) did not hold");
    if (failures > 0) System.exit(1);
  }
}
