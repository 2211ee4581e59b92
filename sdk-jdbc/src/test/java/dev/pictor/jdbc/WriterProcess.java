package dev.pictor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link CrashWriter} in a child JVM, and the writes it acknowledged on its standard output. */
final class WriterProcess {
  private static final Pattern ACK = Pattern.compile("(inserted|updated) (r\\d+)");

  private final Process process;
  private final BufferedReader out;
  private final Path err;
  private final List<String> inserted = new ArrayList<>();
  private final List<String> updated = new ArrayList<>();

  private WriterProcess(Process process, Path err) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.err = err;
  }

  /** Starts a child JVM on this test's class path writing to {@code url} (a {@code dialect} database). */
  static WriterProcess start(Path dir, String dialect, String url, String prefix) throws IOException {
    Path err = dir.resolve("writer-" + System.nanoTime() + ".err");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
        dialect, url, prefix).redirectError(err.toFile()).start();
    return new WriterProcess(p, err);
  }

  /** Reads acknowledgements until {@code updates} records were updated. */
  void awaitUpdates(int updates) throws IOException {
    while (updated.size() < updates) {
      String line = out.readLine();
      assertThat(line).as("the writer ended early: %s", Files.readString(err)).isNotNull();
      take(line);
    }
  }

  /** Kills the child with SIGKILL, then reads every acknowledgement it printed before it died. */
  void kill() throws IOException, InterruptedException {
    // Through the handle: Process.destroyForcibly() would also close the pipe that holds the last lines.
    process.toHandle().destroyForcibly();
    process.waitFor();
    for (String line = out.readLine(); line != null; line = out.readLine()) take(line);
  }

  /** Waits for the child to end by itself, then reads the rest of its acknowledgements. */
  void awaitEnd() throws IOException, InterruptedException {
    for (String line = out.readLine(); line != null; line = out.readLine()) take(line);
    process.waitFor();
  }

  List<String> inserted() {
    return inserted;
  }

  List<String> updated() {
    return updated;
  }

  private void take(String line) {
    Matcher m = ACK.matcher(line);
    if (!m.matches()) return; // a line the kill cut short acknowledges nothing
    (m.group(1).equals("inserted") ? inserted : updated).add(m.group(2));
  }

  /** Checks that {@code store} holds every acknowledged write. */
  void assertEveryAcknowledgedWriteIn(JdbcJobStore store) {
    assertThat(updated).isNotEmpty();
    List<String> lost = new ArrayList<>();
    for (String id : inserted) if (store.find(id).isEmpty()) lost.add("inserted " + id);
    for (String id : updated) {
      if (!store.find(id).filter(r -> r.status().equals("running") && r.version() == 1).isPresent()) lost.add("updated " + id);
    }
    assertThat(lost).as("acknowledged writes lost, of %s inserts and %s updates", inserted.size(), updated.size())
        .isEmpty();
  }
}
