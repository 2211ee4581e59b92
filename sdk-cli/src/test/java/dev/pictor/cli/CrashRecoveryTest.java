package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.cli.drill.CrashDrill;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@code pictor batch} with the H2 store, killed with SIGKILL at each point, then {@code pictor jobs
 * resume}: every item ends done exactly once, the simulator charged each once and nothing twice, and
 * every reported file is a whole PNG (none left under a temporary name).
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(CrashDrill.Point.class)
  void aKilledBatchIsFinishedByResumeWithNothingLostOrChargedTwice(CrashDrill.Point point) throws Exception {
    CrashDrill.Outcome o = new CrashDrill(dir, 12, 3, Duration.ofMillis(400)).run(point);
    System.out.println(o);

    assertThat(o.resumeExit()).as("resume exit; its output: %s", o.resumeOutput()).isZero();
    assertThat(o.jobsInSummary()).isEqualTo(12);
    assertThat(o.succeeded()).isEqualTo(12);
    assertThat(o.charges()).as("each item charged once").isEqualTo(12);
    assertThat(o.duplicateCharges()).isEmpty();
    assertThat(o.badFiles()).isEmpty();
    assertThat(o.resumeOutput()).as("the resumed run's estimate, from its items").contains("\"estimatedUsd\":0.036");
    if (point == CrashDrill.Point.BETWEEN_SUBMIT_AND_RESPONSE) assertThat(o.createsAtKill()).isPositive();
    if (point == CrashDrill.Point.WHILE_POLLING) assertThat(o.downloadsAtKill()).isZero();
    assertThat(o.held()).isTrue();
  }
}
