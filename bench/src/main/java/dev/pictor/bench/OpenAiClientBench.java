package dev.pictor.bench;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.openai.OpenAiProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Client CPU time and allocation per image for OpenAI image generations: Pictor's OpenAI provider
 * and, when the bench was built with {@code -P openai-java}, the official {@code com.openai:openai-java}
 * client, doing the same calls in the same run. The {@link OpenAiSimulatorProcess} serves them from a
 * process of its own (gpt-image-1, 1024x1024, noisy PNGs of about 3 MB, 4.2 MB as base64), so this
 * process holds only the clients. Each client writes every image to a file.
 *
 * <p>Per client: a warm-up, then {@code rounds} measured rounds of {@code n} generations, each with
 * {@code window} calls in flight from as many bench threads; the clients take turns round by round.
 * Printed per round and as the median: process CPU per image (all threads, JIT and GC included), the
 * CPU of the threads alive during the round, and the bytes they allocated.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar dev.pictor.bench.OpenAiClientBench 200
 * java -cp bench/target/classes:$(cat bench/target/bench.classpath) dev.pictor.bench.OpenAiClientBench 200   # -P openai-java
 * }</pre>
 *
 * <p>A program, not a library type: run it once per process.
 */
public final class OpenAiClientBench {
  static final String KEY = "sk-bench-key-aaaaaaaaaaaaaaaaaaaa";
  static final String OPENAI_JAVA = "dev.pictor.bench.openaijava.OpenAiJavaRun";

  private OpenAiClientBench() {}

  /** One client doing one generation per call, writing the image to a file. Thread-safe. */
  public interface Run extends AutoCloseable {
    /** Generates image {@code i} and writes it. */
    void generate(String prompt) throws Exception;

    @Override
    void close();
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int warmup = Math.max(20, n / 4);
    Process sim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
        "-cp", System.getProperty("java.class.path"), OpenAiSimulatorProcess.class.getName(), KEY, "0")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
    try {
      String ready = out.readLine();
      if (ready == null || !ready.startsWith("READY ")) throw new IllegalStateException("the simulator did not start: " + ready);
      String base = ready.substring(6);
      Map<String, Run> clients = new LinkedHashMap<>();
      clients.put("Pictor", pictor(base, Files.createTempDirectory("pictor-openai-bench")));
      Run official = openAiJava(base, Files.createTempDirectory("openai-java-bench"));
      if (official != null) clients.put("openai-java 4.100.0", official);
      ExecutorService bench = Executors.newFixedThreadPool(window, r -> {
        Thread t = new Thread(r, "bench-caller");
        t.setDaemon(true);
        return t;
      });
      Map<String, List<Meter.Reading>> results = new LinkedHashMap<>();
      for (Map.Entry<String, Run> c : clients.entrySet()) {
        batch(bench, c.getValue(), "warm-" + c.getKey(), warmup);
        results.put(c.getKey(), new ArrayList<>());
      }
      System.out.printf(Locale.ROOT, "%d generations per round, %d rounds, %d in flight, warm-up %d; gpt-image-1 1024x1024 low, noisy PNG%n",
          n, rounds, window, warmup);
      System.out.printf(Locale.ROOT, "%-22s %5s %8s %14s %14s %14s%n", "client", "round", "wall s", "CPU ms/image", "thread CPU ms", "alloc MB/image");
      for (int round = 1; round <= rounds; round++) {
        for (Map.Entry<String, Run> c : clients.entrySet()) {
          System.gc();
          long start = System.nanoTime();
          Meter meter = new Meter();
          batch(bench, c.getValue(), c.getKey() + "-" + round, n);
          Meter.Reading r = meter.stop();
          double wall = (System.nanoTime() - start) / 1e9;
          results.get(c.getKey()).add(r);
          print(c.getKey(), Integer.toString(round), wall, r, n);
        }
      }
      for (Map.Entry<String, List<Meter.Reading>> e : results.entrySet()) print(e.getKey(), "median", Double.NaN, median(e.getValue()), n);
      bench.shutdownNow();
      clients.values().forEach(Run::close);
    } finally {
      sim.getOutputStream().close();
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("LEDGER ")) System.out.println("simulator " + line.substring(7));
      }
      sim.waitFor();
    }
  }

  private static void batch(ExecutorService bench, Run run, String tag, int n) throws Exception {
    List<Future<?>> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String prompt = "bench " + tag + " " + i;
      all.add(bench.submit(() -> {
        run.generate(prompt);
        return null;
      }));
    }
    for (Future<?> f : all) f.get();
  }

  private static void print(String client, String round, double wall, Meter.Reading r, int n) {
    System.out.printf(Locale.ROOT, "%-22s %5s %8s %14.2f %14.2f %14.2f%n", client, round, Double.isNaN(wall) ? "" : String.format(Locale.ROOT, "%.2f", wall),
        r.cpuNanos() / 1e6 / n, r.threadCpuNanos() / 1e6 / n, r.allocatedBytes() / 1e6 / n);
  }

  private static Meter.Reading median(List<Meter.Reading> rs) {
    return new Meter.Reading(med(rs.stream().mapToLong(Meter.Reading::cpuNanos).toArray()),
        med(rs.stream().mapToLong(Meter.Reading::threadCpuNanos).toArray()), med(rs.stream().mapToLong(Meter.Reading::allocatedBytes).toArray()));
  }

  private static long med(long[] v) {
    java.util.Arrays.sort(v);
    return v[v.length / 2];
  }

  /** Pictor: the OpenAI provider in a client with the default settings and a file sink. */
  static Run pictor(String base, Path dir) {
    GenerationClient client = GenerationClient.builder()
        .provider(OpenAiProvider.builder().apiKey(KEY).baseUrl(base).build())
        .outputs(OutputSink.files(dir, "{job}-{n}.{ext}"))
        .build();
    return new Run() {
      @Override
      public void generate(String prompt) {
        var r = client.generate(GenerationRequest.create("gpt-image-1").prompt(prompt).size(1024, 1024).parameter("quality", "low").build());
        if (r.job().status() != JobStatus.SUCCEEDED) throw new IllegalStateException(r.job().toString());
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  /** The official client, when the bench was built with {@code -P openai-java}; null otherwise. */
  static Run openAiJava(String base, Path dir) throws ReflectiveOperationException {
    try {
      Class<?> type = Class.forName(OPENAI_JAVA);
      return (Run) type.getConstructor(String.class, String.class, Path.class).newInstance(KEY, base, dir);
    } catch (ClassNotFoundException | LinkageError notBuilt) { // LinkageError: a class left from a profile build, without its jars
      System.out.println("openai-java: not on the classpath (build the bench with -P openai-java, run it with bench.classpath)");
      return null;
    }
  }
}
