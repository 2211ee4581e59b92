package dev.pictor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.InvalidRequestException;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.ProviderException;
import dev.pictor.RetryPolicy;
import dev.pictor.UnknownOutcomeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries run on a manual clock: every delay is asserted, nothing sleeps. */
class RetryTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock();

  private GenerationClient client(FakeProvider fake, RetryPolicy policy, boolean resendUnknown) {
    return GenerationClient.builder().provider(fake).scheduler(clock).retryPolicy(policy).resendUnknown(resendUnknown)
        .polling(Duration.ofSeconds(1), Duration.ofSeconds(8)).outputs(OutputSink.files(dir)).build();
  }

  private static GenerationRequest request() {
    return GenerationRequest.create(FakeProvider.MODEL).prompt("a lighthouse").build();
  }

  @Test
  void serverErrorsBeforeProcessingAreRetriedWithJitteredExponentialBackoff() throws Exception {
    FakeProvider fake = FakeProvider.create();
    fake.failNextSubmits(FakeProvider.Fault.status(503), FakeProvider.Fault.status(502), FakeProvider.Fault.connectFailure());
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(4).backoff(Duration.ofMillis(500), Duration.ofSeconds(30)).jitter(0.2).build();
    try (GenerationClient client = client(fake, policy, false)) {
      GenerationResult r = Drive.until(clock, client.generateAsync(request()), Duration.ofSeconds(5)).get();
      assertThat(r.job().attempts()).isEqualTo(4);
    }
    List<Duration> delays = clock.delays();
    assertThat(delays).hasSize(3);
    long[] bases = {500, 1000, 2000};
    for (int i = 0; i < 3; i++) {
      assertThat(delays.get(i).toMillis()).isBetween((long) (bases[i] * 0.8), (long) (bases[i] * 1.2));
    }
    assertThat(fake.jobsCreated()).isEqualTo(1);
  }

  @Test
  void retryAfterIsHonouredAndCapped() throws Exception {
    FakeProvider fake = FakeProvider.create();
    fake.failNextSubmits(FakeProvider.Fault.rateLimited(Duration.ofSeconds(9)), FakeProvider.Fault.rateLimited(Duration.ofMinutes(5)));
    RetryPolicy policy = RetryPolicy.builder().maxRetryAfter(Duration.ofMinutes(2)).build();
    try (GenerationClient client = client(fake, policy, false)) {
      Drive.until(clock, client.generateAsync(request()), Duration.ofMinutes(3)).get();
    }
    assertThat(clock.delays()).containsExactly(Duration.ofSeconds(9), Duration.ofMinutes(2));
  }

  @Test
  void retriesStopAtMaxAttempts() throws Exception {
    FakeProvider fake = FakeProvider.create();
    for (int i = 0; i < 5; i++) fake.failNextSubmits(FakeProvider.Fault.status(503));
    try (GenerationClient client = client(fake, RetryPolicy.builder().maxAttempts(3).build(), false)) {
      CompletableFuture<GenerationResult> f = Drive.until(clock, client.generateAsync(request()), Duration.ofSeconds(10));
      assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).cause()
          .isInstanceOf(ProviderException.class).hasMessage("sandbox answered 503: fake 503 (request id req-fake)");
      String id = client.jobs(dev.pictor.JobQuery.all()).get(0).id();
      Job job = client.job(id).orElseThrow();
      assertThat(job.status()).isEqualTo(JobStatus.FAILED);
      assertThat(job.attempts()).isEqualTo(3);
    }
    assertThat(fake.submitCalls()).isEqualTo(3);
  }

  @Test
  void anInvalidRequestIsNotRetried() {
    FakeProvider fake = FakeProvider.create();
    fake.failNextSubmits(FakeProvider.Fault.invalid("input.prompt: NSFW content detected"));
    try (GenerationClient client = client(fake, RetryPolicy.defaults(), false)) {
      assertThatThrownBy(() -> client.generate(request())).isInstanceOf(InvalidRequestException.class)
          .hasMessage("sandbox answered 422: input.prompt: NSFW content detected");
    }
    assertThat(fake.submitCalls()).isEqualTo(1);
  }

  @Test
  void anAmbiguousCreateIsNeverResentAndEndsUnknownWhenItCannotBeReconciled() throws Exception {
    FakeProvider fake = FakeProvider.builder().reconcilable(false).build();
    fake.failNextSubmits(FakeProvider.Fault.timeoutAfterCreate());
    try (GenerationClient client = client(fake, RetryPolicy.defaults(), false)) {
      CompletableFuture<GenerationResult> f = Drive.until(clock, client.generateAsync(request()), Duration.ofSeconds(10));
      assertThatThrownBy(f::get).cause().isInstanceOf(UnknownOutcomeException.class)
          .hasMessageContaining("ended unknown: sandbox cannot tell whether it received the submit; not resent, so nothing is charged twice");
      Job job = client.jobs(dev.pictor.JobQuery.all()).get(0);
      assertThat(job.status()).isEqualTo(JobStatus.UNKNOWN);
      assertThat(job.attempts()).isEqualTo(1);
    }
    assertThat(fake.submitCalls()).isEqualTo(1);
    assertThat(fake.jobsCreated()).isEqualTo(1);
    assertThat(clock.delays()).isEmpty();
  }

  @Test
  void an500AnswerToACreateIsAmbiguousToo() throws Exception {
    FakeProvider fake = FakeProvider.builder().reconcilable(false).build();
    fake.failNextSubmits(FakeProvider.Fault.status(500));
    try (GenerationClient client = client(fake, RetryPolicy.defaults(), false)) {
      CompletableFuture<GenerationResult> f = Drive.until(clock, client.generateAsync(request()), Duration.ofSeconds(10));
      assertThatThrownBy(f::get).cause().isInstanceOf(UnknownOutcomeException.class);
    }
    assertThat(fake.submitCalls()).isEqualTo(1);
  }

  @Test
  void anAmbiguousCreateThatReachedTheProviderIsAdoptedNotResent() throws Exception {
    FakeProvider fake = FakeProvider.builder().reconcilable(true).build();
    fake.failNextSubmits(FakeProvider.Fault.timeoutAfterCreate());
    try (GenerationClient client = client(fake, RetryPolicy.defaults(), false)) {
      GenerationResult r = Drive.until(clock, client.generateAsync(request()), Duration.ofSeconds(10)).get();
      assertThat(r.job().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(r.job().providerJobId()).contains("fake-1");
    }
    assertThat(fake.submitCalls()).isEqualTo(1);
    assertThat(fake.reconcileCalls()).isEqualTo(1);
    assertThat(fake.duplicateCharges()).isEmpty();
  }

  @Test
  void anAmbiguousCreateTheProviderProvablyNeverGotIsSentAgain() throws Exception {
    FakeProvider fake = FakeProvider.builder().reconcilable(true).build();
    fake.failNextSubmits(FakeProvider.Fault.timeoutWithoutCreate());
    try (GenerationClient client = client(fake, RetryPolicy.defaults(), false)) {
      GenerationResult r = Drive.until(clock, client.generateAsync(request()), Duration.ofSeconds(10)).get();
      assertThat(r.job().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(r.job().attempts()).isEqualTo(2);
    }
    assertThat(fake.submitCalls()).isEqualTo(2);
    assertThat(fake.jobsCreated()).isEqualTo(1);
    assertThat(fake.duplicateCharges()).isEmpty();
  }

  @Test
  void resendingUnknownsIsAnExplicitOptIn() throws Exception {
    FakeProvider fake = FakeProvider.builder().reconcilable(false).build();
    fake.failNextSubmits(FakeProvider.Fault.timeoutWithoutCreate());
    try (GenerationClient client = client(fake, RetryPolicy.defaults(), true)) {
      GenerationResult r = Drive.until(clock, client.generateAsync(request()), Duration.ofSeconds(10)).get();
      assertThat(r.job().status()).isEqualTo(JobStatus.SUCCEEDED);
    }
    assertThat(fake.submitCalls()).isEqualTo(2);
  }

  @Test
  void failedPollsAreRetriedAsReads() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(1).build();
    fake.failNextPolls(FakeProvider.Fault.status(503), FakeProvider.Fault.status(500));
    RetryPolicy policy = RetryPolicy.builder().jitter(0).build();
    try (GenerationClient client = client(fake, policy, false)) {
      GenerationResult r = Drive.until(clock, client.generateAsync(request()), Duration.ofSeconds(2)).get();
      assertThat(r.job().status()).isEqualTo(JobStatus.SUCCEEDED);
    }
    assertThat(fake.pollCalls()).isEqualTo(3);
    assertThat(fake.submitCalls()).isEqualTo(1);
    // First poll after about 1 s (adaptive, ±10%), then the read retries: 500 ms and 1 s without jitter.
    assertThat(clock.delays().subList(1, 3)).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }
}
