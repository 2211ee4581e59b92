package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --store} and {@code pictor jobs list|show|resume} over an H2 file. */
class JobsCommandTest {
  @TempDir Path tmp;

  private String store() {
    return "jdbc:h2:file:" + tmp.resolve("db/jobs").toAbsolutePath();
  }

  @Test
  void aBatchKeptInAFileStoreCanBeListedAndShown() throws Exception {
    CliRun batch = CliRun.of("batch", "--provider", "sandbox", "--count", "3", "--store", store(), "--out",
        tmp.resolve("out").toString(), "--json");
    assertThat(batch.code()).as(batch.err()).isZero();
    List<Map<String, Object>> items = BatchCommandTest.items(BatchCommandTest.onlyObject(batch.out()));

    CliRun list = CliRun.of("jobs", "list", "--store", store(), "--json");
    assertThat(list.code()).as(list.err()).isZero();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) BatchCommandTest.onlyObject(list.out()).get("jobs");
    assertThat(jobs).extracting(j -> j.get("id")).containsExactlyInAnyOrderElementsOf(items.stream().map(i -> i.get("id")).toList());
    assertThat(jobs).allSatisfy(j -> assertThat(j.get("status")).isEqualTo("succeeded"));

    String id = (String) items.get(0).get("id");
    CliRun show = CliRun.of("jobs", "show", id, "--store", store(), "--json");
    assertThat(show.code()).isZero();
    Map<String, Object> job = BatchCommandTest.onlyObject(show.out());
    assertThat(job).containsEntry("id", id).containsEntry("status", "succeeded").containsEntry("provider", "sandbox");
    assertThat(job.get("files")).isEqualTo(items.get(0).get("files"));

    CliRun human = CliRun.of("jobs", "show", id, "--store", store());
    assertThat(human.out()).contains("status:      succeeded").contains("model:       sandbox-image");

    CliRun failedOnly = CliRun.of("jobs", "list", "--store", store(), "--status", "failed");
    assertThat(failedOnly.out()).startsWith("no jobs in jdbc:h2:file:");
  }

  @Test
  void aSandboxRunCannotBeResumedAndNothingElseIsLeft() throws Exception {
    CliRun batch = CliRun.of("batch", "--provider", "sandbox", "--count", "1", "--store", store(), "--out", tmp.toString());
    assertThat(batch.code()).isZero();

    CliRun resume = CliRun.of("jobs", "resume", "--store", store(), "--json");
    assertThat(resume.code()).isZero();
    assertThat(BatchCommandTest.onlyObject(resume.out())).containsEntry("jobs", 0.0);
    assertThat(resume.err()).contains("nothing to resume");
  }

  @Test
  void badStoresAndArgumentsAreUsageErrorsThatNeverShowAPassword() {
    CliRun mysql = CliRun.of("batch", "--provider", "sandbox", "--count", "1", "--out", tmp.toString(),
        "--store", "jdbc:mysql://db/pictor?user=u&password=hunter2");
    assertThat(mysql.code()).isEqualTo(2);
    assertThat(mysql.err()).contains("--store must be memory, jdbc:h2:... or jdbc:postgresql:...")
        .contains("password=***").doesNotContain("hunter2");

    CliRun unreachable = CliRun.of("jobs", "list", "--store", "jdbc:postgresql://127.0.0.1:1/none?password=hunter2");
    assertThat(unreachable.code()).isEqualTo(2);
    assertThat(unreachable.err()).contains("cannot open the job store").doesNotContain("hunter2");

    CliRun status = CliRun.of("jobs", "list", "--store", store(), "--status", "done");
    assertThat(status.code()).isEqualTo(2);
    assertThat(status.err()).contains("--status done is not a job status");

    CliRun missing = CliRun.of("jobs", "show", "job_nope", "--store", store());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no job job_nope in jdbc:h2:file:");

    assertThat(CliRun.of("jobs").code()).isEqualTo(2);
  }
}
