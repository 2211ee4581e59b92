package dev.pictor.cli.drill;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Kills a {@code pictor batch} child JVM with SIGKILL at a chosen point, runs {@code pictor jobs
 * resume} in another child JVM over the same JDBC store and the same Replicate simulator, and reports
 * what came of it: items done, charges and duplicate charges in the simulator's ledger, and output
 * files that are incomplete or left under a temporary name. Used by {@code CrashRecoveryTest} (small)
 * and by the bench harness (larger, with its figures printed).
 *
 * <p>Not thread-safe; one drill at a time per instance.
 */
public final class CrashDrill {
  /** Where the child is killed. */
  public enum Point {
    /** As soon as the batch is stored: most items are not sent yet. */
    BEFORE_SUBMITS,
    /** Creates have reached the simulator and been charged, their answers not yet sent back. */
    BETWEEN_SUBMIT_AND_RESPONSE,
    /** Predictions are running and being polled; nothing downloaded yet. */
    WHILE_POLLING,
    /** Some outputs are downloaded, others not yet. */
    WHILE_DOWNLOADING
  }

  /** What one drill found. */
  public record Outcome(Point point, int items, long killedAfterMs, int createsAtKill, int downloadsAtKill,
      int resumeExit, long resumeMs, int succeeded, int jobsInSummary, int charges, List<String> duplicateCharges,
      List<String> badFiles, int partialFilesLeft, String resumeOutput) {
    /** Whether every promise held: every item done once, nothing charged twice, every file whole. */
    public boolean held() {
      return resumeExit == 0 && succeeded == items && jobsInSummary == items && charges == items
          && duplicateCharges.isEmpty() && badFiles.isEmpty();
    }
  }

  private static final String TOKEN = "r8_crash_drill_token_0000000000000000";
  private static final JsonAdapter<Map<String, Object>> JSON = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private final Path dir;
  private final int items;
  private final int concurrency;
  private final Duration latency;

  /**
   * @param dir an empty directory for the store, the outputs and the children's logs
   * @param items how many items the batch has
   * @param concurrency items in flight at once
   * @param latency how long each simulated prediction runs
   */
  public CrashDrill(Path dir, int items, int concurrency, Duration latency) {
    this.dir = dir;
    this.items = items;
    this.concurrency = concurrency;
    this.latency = latency;
  }

  public Outcome run(Point point) throws IOException, InterruptedException {
    Path base = Files.createDirectories(dir.resolve(point.name().toLowerCase()));
    Path out = base.resolve("out");
    String store = "jdbc:h2:file:" + base.resolve("jobs").toAbsolutePath();
    // While polling needs predictions that outlast the first poll: at least 2 s each.
    Duration runFor = point == Point.WHILE_POLLING && latency.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : latency;
    ReplicateSimulator.Builder sb = ReplicateSimulator.builder().latency(runFor);
    if (point == Point.BETWEEN_SUBMIT_AND_RESPONSE) {
      sb.faults(ReplicateSimulator.Faults.builder().slowAnswers(1.0, Duration.ofMillis(1500)).build());
    } else if (point == Point.WHILE_POLLING) {
      sb.maxWait(Duration.ofMillis(100)); // the sync wait runs out: the client polls
    } else if (point == Point.WHILE_DOWNLOADING) {
      sb.downloadRate(600); // a 304-byte output takes about half a second
    }
    try (ReplicateSimulator sim = sb.build().start()) {
      long start = System.nanoTime();
      Process batch = pictor(base.resolve("batch.log"), "batch", "--provider", "replicate", "--base-url", sim.baseUrl(),
          "--token", TOKEN, "--prompt", "a lighthouse at dawn", "--count", Integer.toString(items), "--concurrency", Integer.toString(concurrency),
          "--store", store, "--out", out.toString(), "--json");
      BooleanSupplier ready = condition(point, sim, base);
      waitFor(ready, batch, point, base.resolve("batch.log"));
      batch.destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
      batch.waitFor(30, TimeUnit.SECONDS);
      long killedAfter = (System.nanoTime() - start) / 1_000_000;
      int creates = creates(sim);
      int downloads = sim.ledger().downloads();

      long resumeStart = System.nanoTime();
      Path resumeLog = base.resolve("resume.log");
      Process resume = pictor(resumeLog, "jobs", "resume", "--store", store, "--token", TOKEN, "--json");
      if (!resume.waitFor(5, TimeUnit.MINUTES)) {
        resume.destroyForcibly();
        throw new IllegalStateException("pictor jobs resume did not finish in 5 minutes; see " + resumeLog);
      }
      long resumeMs = (System.nanoTime() - resumeStart) / 1_000_000;
      String json = lastLine(base.resolve("resume.log.out"));
      Map<String, Object> summary = json.startsWith("{") ? JSON.fromJson(json) : Map.of();
      List<String> bad = badFiles(out, summary);
      int parts = partials(out);
      return new Outcome(point, items, killedAfter, creates, downloads, resume.exitValue(), resumeMs,
          number(summary.get("succeeded")), number(summary.get("jobs")), sim.ledger().total(),
          sim.ledger().duplicates(), bad, parts, json);
    }
  }

  private BooleanSupplier condition(Point point, ReplicateSimulator sim, Path base) {
    switch (point) {
      case BEFORE_SUBMITS:
        // The client logs this line once the batch is stored, just before it sends its first item.
        return () -> logSays(base.resolve("batch.log"), ": stored with ");
      case BETWEEN_SUBMIT_AND_RESPONSE:
        return () -> creates(sim) >= Math.min(concurrency, items);
      case WHILE_POLLING:
        return () -> polls(sim) >= Math.min(concurrency, items) && sim.ledger().downloads() == 0;
      case WHILE_DOWNLOADING:
        return () -> sim.ledger().downloads() >= 1;
      default:
        throw new IllegalArgumentException(point.toString());
    }
  }

  private static boolean logSays(Path log, String text) {
    try {
      return Files.exists(log) && Files.readString(log).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  private static int creates(ReplicateSimulator sim) {
    return sim.ledger().byEndpoint().entrySet().stream().filter(e -> e.getKey().startsWith("POST ") && e.getKey().endsWith("/predictions"))
        .mapToInt(Map.Entry::getValue).sum();
  }

  private static int polls(ReplicateSimulator sim) {
    return sim.ledger().byEndpoint().entrySet().stream().filter(e -> e.getKey().startsWith("GET /v1/predictions/"))
        .mapToInt(Map.Entry::getValue).sum();
  }

  private static void waitFor(BooleanSupplier ready, Process child, Point point, Path log)
      throws InterruptedException, IOException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!ready.getAsBoolean()) {
      if (!child.isAlive()) {
        throw new IllegalStateException("the batch ended (exit " + child.exitValue() + ") before " + point + ": "
            + Files.readString(log));
      }
      if (System.nanoTime() > until) throw new IllegalStateException("the batch never reached " + point);
      Thread.sleep(2);
    }
  }

  /** Files the summary reports that are missing, not a whole PNG, or left under a temporary name. */
  @SuppressWarnings("unchecked")
  private static List<String> badFiles(Path out, Map<String, Object> summary) throws IOException {
    List<String> bad = new ArrayList<>();
    List<Map<String, Object>> its = (List<Map<String, Object>>) summary.getOrDefault("items", List.of());
    for (Map<String, Object> item : its) {
      for (Object f : (List<Object>) item.getOrDefault("files", List.of())) {
        Path p = Path.of(f.toString());
        if (!Files.isRegularFile(p) || !wholePng(p)) bad.add(p.toString());
      }
    }
    if (Files.isDirectory(out)) {
      try (Stream<Path> all = Files.walk(out)) {
        all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".part"))
            .filter(p -> !p.getFileName().toString().matches("job_[a-z0-9-]+-\\d+\\.(png|jpg|webp)"))
            .forEach(p -> bad.add("left behind: " + p));
      }
    }
    return bad;
  }

  /** Hidden {@code .part} files a killed download left; never reported as outputs. */
  private static int partials(Path out) throws IOException {
    if (!Files.isDirectory(out)) return 0;
    try (Stream<Path> all = Files.walk(out)) {
      return (int) all.filter(p -> p.getFileName().toString().endsWith(".part")).count();
    }
  }

  /** A PNG that ends with its IEND chunk: a file cut short fails this. */
  private static boolean wholePng(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    if (b.length < 20 || (b[0] & 0xff) != 0x89 || b[1] != 'P') return false;
    String tail = new String(b, b.length - 8, 4, StandardCharsets.ISO_8859_1);
    return tail.equals("IEND");
  }

  private static Process pictor(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.log.dev.pictor.internal.RealGenerationClient=info", "dev.pictor.cli.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectOutput(Path.of(log + ".out").toFile()).redirectError(log.toFile()).start();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String lastLine(Path p) throws IOException {
    if (!Files.exists(p)) return "";
    List<String> lines = Files.readAllLines(p);
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private static int number(Object o) {
    return o instanceof Number ? ((Number) o).intValue() : -1;
  }

}
