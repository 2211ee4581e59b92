package dev.pictor.bench;

import dev.pictor.testkit.openai.OpenAiSimulator;
import java.io.IOException;
import java.time.Duration;

/**
 * Runs an {@link OpenAiSimulator} (noisy images, as large as real ones) in a process of its own, so
 * that {@link OpenAiClientBench} measures only the clients: prints {@code READY <baseUrl>}, serves
 * until its standard input closes, then prints {@code LEDGER <ledger>} and exits.
 *
 * <p>A program, not a library type: {@link OpenAiClientBench} starts it.
 */
public final class OpenAiSimulatorProcess {
  private OpenAiSimulatorProcess() {}

  public static void main(String[] args) throws IOException {
    String key = args[0];
    long latencyMillis = args.length > 1 ? Long.parseLong(args[1]) : 0;
    try (OpenAiSimulator sim = OpenAiSimulator.builder().apiKeys(key).latency(Duration.ofMillis(latencyMillis))
        .rateLimit(1_000_000).noisyImages(true).build().start()) {
      System.out.println("READY " + sim.baseUrl());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the bench closes our standard input
      }
      System.out.println("LEDGER " + sim.ledger() + " duplicates=" + sim.ledger().duplicates().size());
      System.out.flush();
    }
  }
}
