package dev.pictor.cli.drill;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pictor.Batch;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.jdbc.JdbcJobStore;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.RecordQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * One instance of a host service, in its own JVM, for the several-instances drill: it starts its own
 * batch over a shared PostgreSQL store, and then works until the store holds no unfinished batch or
 * job, taking over what instances that died left (leases of a few seconds, checked every second).
 *
 * <p>Arguments: {@code JDBC_URL SIMULATOR_BASE_URL TOKEN NAME ITEMS OUT_DIR [CONCURRENCY]}. Prints {@code started}
 * once its batch is stored and {@code done} when the store has nothing left.
 */
public final class Instance {
  private Instance() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String baseUrl = args[1];
    String token = args[2];
    String name = args[3];
    int items = Integer.parseInt(args[4]);
    Path out = Path.of(args[5]);
    int concurrency = args.length > 6 ? Integer.parseInt(args[6]) : 16;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setMaximumPoolSize(8);
    try (HikariDataSource ds = new HikariDataSource(hc)) {
      JobStore store = JdbcJobStore.create(ds);
      try (GenerationClient client = GenerationClient.builder()
          .provider(ReplicateProvider.builder().tokens(TokenPool.of(token)).baseUrl(baseUrl)
              .rateLimits(dev.pictor.spi.RateLimits.unlimited()).build()) // the drill is about leases, not pacing
          .jobStore(store)
          .outputs(OutputSink.files(out, "{job}-{n}.{ext}"))
          .leaseDuration(Duration.ofSeconds(3))
          .takeOverEvery(Duration.ofSeconds(1))
          .shutdownTimeout(Duration.ZERO)
          .build()) {
        GenerationRequest template = GenerationRequest.create("flux-schnell").prompt("instance " + name).build();
        List<GenerationRequest> requests = LongStream.range(0, items)
            .mapToObj(i -> template.toBuilder().seed(i + name.hashCode() * 100_000L).build()).toList();
        Batch batch = client.newBatch().id(name).requests(requests).maxConcurrency(concurrency).start();
        System.out.println("started " + batch.id() + " as " + client.instanceId());
        System.out.flush();
        batch.await();
        System.out.println("own batch done");
        System.out.flush();
        while (unfinished(store) > 0) Thread.sleep(200);
        System.out.println("done");
      }
    }
  }

  /** Batches and jobs in the store that have not ended. */
  static int unfinished(JobStore store) {
    int batches = store.query(new RecordQuery(Set.of(JobRecord.KIND_BATCH), Set.of("running", "paused", "canceling"), null,
        null, null, null, null, null, null, null, null, 0, 10)).size();
    int jobs = store.query(new RecordQuery(Set.of(JobRecord.KIND_JOB), Set.of("pending", "submitted", "running"), null,
        null, null, null, null, null, null, null, null, 0, 10)).size();
    return batches + jobs;
  }
}
