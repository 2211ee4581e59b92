package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import dev.pictor.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BatchCommandTest {
  @TempDir
  Path tmp;

  @Test
  void countEightWithJsonWritesEightPngsAndOneObject() throws IOException {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("batch", "--provider", "sandbox", "--count", "8", "--out", out.toString(), "--json");

    assertThat(r.code()).as(r.err()).isZero();
    Map<String, Object> json = onlyObject(r.out());
    assertThat(json).containsEntry("jobs", 8.0).containsEntry("succeeded", 8.0).containsEntry("failed", 0.0)
        .containsEntry("unknown", 0.0).containsEntry("canceled", 0.0)
        .containsEntry("estimatedUsd", 0.008).containsEntry("spentUsd", 0.008)
        .containsKeys("durationMs", "items");
    assertThat(json.get("durationMs")).isInstanceOf(Double.class);
    List<Map<String, Object>> items = items(json);
    assertThat(items).hasSize(8);
    for (Map<String, Object> item : items) {
      assertThat(item).containsEntry("status", "succeeded").containsEntry("costUsd", 0.001);
      assertThat((String) item.get("id")).isNotBlank();
      @SuppressWarnings("unchecked")
      List<String> files = (List<String>) item.get("files");
      assertThat(files).hasSize(1);
      Path file = Path.of(files.get(0));
      assertThat(file).exists().hasParent(out.toAbsolutePath()).hasFileName(item.get("id") + "-1.png");
      assertThat(Files.readAllBytes(file)).startsWith(0x89, 'P', 'N', 'G');
    }
    assertThat(items.stream().map(i -> i.get("id")).distinct()).hasSize(8);
    try (var listing = Files.list(out)) {
      assertThat(listing.map(p -> p.getFileName().toString())).hasSize(8).allMatch(n -> n.endsWith(".png"));
    }
  }

  @Test
  void jsonStandardOutputIsNothingButTheObject() throws IOException {
    CliRun r = CliRun.of("batch", "--provider", "sandbox", "--count", "3", "--out", tmp.resolve("o").toString(), "--json",
        "--base-url", "http://localhost:1");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("{").endsWith("}" + System.lineSeparator());
    assertThat(r.out().lines()).hasSize(1);
    onlyObject(r.out());
    assertThat(r.err()).contains("--base-url is ignored");
  }

  @Test
  void withoutJsonPrintsOneLinePerItemAndATotal() {
    CliRun r = CliRun.of("batch", "--provider", "sandbox", "--count", "4", "--concurrency", "2", "--out", tmp.toString());

    assertThat(r.code()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.subList(0, 4)).allMatch(l -> l.startsWith("succeeded ") && l.contains(".png"));
    assertThat(lines.get(4)).startsWith("4 jobs: 4 succeeded, 0 failed, 0 unknown, 0 canceled").contains("spent $0.004");
  }

  @Test
  void imagesDirectoryMakesOneEditPerImage() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.write(in.resolve("b.png"), TestImages.png(2, 32, 32));
    Files.write(in.resolve("a.jpg"), TestImages.jpeg(1, 32, 32));
    Files.write(in.resolve("c.PNG"), TestImages.png(3, 32, 32));
    Files.writeString(in.resolve("notes.txt"), "not an image");

    CliRun r = CliRun.of("batch", "--provider", "sandbox", "--images", in.toString(), "--prompt", "white background",
        "--out", tmp.resolve("out").toString(), "--json");

    assertThat(r.code()).as(r.err()).isZero();
    Map<String, Object> json = onlyObject(r.out());
    assertThat(json).containsEntry("jobs", 3.0).containsEntry("succeeded", 3.0);
  }

  @Test
  void paramsAndSeedReachTheModel() {
    CliRun r = CliRun.of("batch", "--provider", "sandbox", "--count", "2", "--seed", "7", "--param", "style=studio",
        "--param", "steps=4", "--aspect-ratio", "16:9", "--store", "memory", "--resend-unknown", "--out", tmp.toString());

    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void estimatePrintsTheCostAndRunsNothing() {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("batch", "--provider", "sandbox", "--count", "8", "--out", out.toString(), "--estimate");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("estimate: 8 jobs with sandbox-image: $0.008" + System.lineSeparator());
    assertThat(out).doesNotExist();
  }

  @Test
  void estimateWithJsonIsOneObjectWithNoItems() throws IOException {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("batch", "--provider", "sandbox", "--count", "8", "--out", out.toString(), "--estimate", "--json");

    assertThat(r.code()).isZero();
    Map<String, Object> json = onlyObject(r.out());
    assertThat(json).containsEntry("jobs", 8.0).containsEntry("estimatedUsd", 0.008).containsEntry("spentUsd", 0.0);
    assertThat(items(json)).isEmpty();
    assertThat(out).doesNotExist();
  }

  @Test
  void unpricedModelEstimatesToNull() throws IOException {
    CliRun r = CliRun.of("batch", "--provider", "sandbox", "--model", "sandbox-fast", "--count", "2",
        "--out", tmp.toString(), "--estimate", "--json");

    assertThat(r.code()).isZero();
    assertThat(onlyObject(r.out())).containsEntry("estimatedUsd", null);
  }

  @Test
  void budgetWithinTheEstimateRuns() {
    CliRun r = CliRun.of("batch", "--provider", "sandbox", "--count", "8", "--budget", "0.008", "--out", tmp.toString());

    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void aBudgetBelowTheEstimateRunsWhatItCoversAndCancelsTheRest() throws IOException {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("batch", "--provider", "sandbox", "--count", "8", "--budget", "0.003", "--concurrency", "2",
        "--out", out.toString(), "--json");

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    Map<String, Object> json = onlyObject(r.out());
    assertThat(json).containsEntry("succeeded", 3.0).containsEntry("canceled", 5.0).containsEntry("spentUsd", 0.003)
        .containsEntry("estimatedUsd", 0.008);
    List<Map<String, Object>> canceled = items(json).stream().filter(i -> i.get("status").equals("canceled")).toList();
    assertThat(canceled).hasSize(5).allSatisfy(i -> {
      assertThat((String) i.get("error")).contains("budget USD 0.003");
      assertThat(i.get("costUsd")).isNull();
      assertThat(i.get("estimatedUsd")).isEqualTo(0.001);
    });
    try (var files = Files.list(out)) {
      assertThat(files).hasSize(3);
    }
  }

  @Test
  void zipPacksEveryOutputAndAManifest() throws IOException {
    Path zip = tmp.resolve("batch.zip");
    CliRun r = CliRun.of("batch", "--provider", "sandbox", "--count", "3", "--out", tmp.resolve("out").toString(),
        "--zip", zip.toString(), "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(onlyObject(r.out())).containsEntry("zip", zip.toString());
    List<String> names = new java.util.ArrayList<>();
    try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
      for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) names.add(e.getName());
    }
    assertThat(names).containsExactly("0001.png", "0002.png", "0003.png", "manifest.json");
  }

  /** Parses standard output, failing unless it is exactly one JSON object. */
  static Map<String, Object> onlyObject(String stdout) throws IOException {
    JsonReader reader = JsonReader.of(new Buffer().writeUtf8(stdout));
    assertThat(reader.peek()).isEqualTo(JsonReader.Token.BEGIN_OBJECT);
    @SuppressWarnings("unchecked")
    Map<String, Object> value = (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(reader);
    assertThat(reader.peek()).as("anything after the object").isEqualTo(JsonReader.Token.END_DOCUMENT);
    return value;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> items(Map<String, Object> json) {
    return (List<Map<String, Object>>) json.get("items");
  }
}
