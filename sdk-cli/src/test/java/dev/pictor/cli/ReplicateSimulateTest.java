package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --provider replicate --simulate}: the real provider code against the in-process simulator. */
class ReplicateSimulateTest {
  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void aBatchRunsThroughTheRealProviderAgainstTheSimulator() throws Exception {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.withEnv(Map.of(), "batch", "--provider", "replicate", "--simulate", "--prompt", "a lighthouse at dawn",
        "--count", "4", "--concurrency", "4", "--out", out.toString(), "--json");

    assertThat(r.code()).as(r.err()).isZero();
    Map<String, Object> summary = new Moshi.Builder().build()
        .<Map<String, Object>>adapter(Types.newParameterizedType(Map.class, String.class, Object.class)).fromJson(r.out());
    assertThat(summary).containsEntry("jobs", 4.0).containsEntry("succeeded", 4.0).containsEntry("estimatedUsd", 0.012);
    for (Object item : (List<Object>) summary.get("items")) {
      List<Object> files = (List<Object>) ((Map<String, Object>) item).get("files");
      assertThat(files).hasSize(1);
      byte[] png = Files.readAllBytes(Path.of((String) files.get(0)));
      assertThat(png[1]).isEqualTo((byte) 'P');
    }
    assertThat(r.out()).doesNotContain(dev.pictor.cli.ProviderFactory.SIMULATED_TOKEN);
  }

  @Test
  void aModelByOwnerAndNameAndAnEditNeedingAnImageAreCheckedFirst() {
    CliRun r = CliRun.withEnv(Map.of(), "generate", "--provider", "replicate", "--simulate", "--model",
        "black-forest-labs/flux-kontext-pro", "--prompt", "white background", "--out", tmp.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).last().asString().isEqualTo("pictor: model flux-kontext-pro does not support create; it supports: edit");
  }
}
