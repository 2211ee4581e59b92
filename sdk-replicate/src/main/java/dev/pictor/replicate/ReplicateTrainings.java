package dev.pictor.replicate;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationException;
import dev.pictor.JobCanceledException;
import dev.pictor.replicate.internal.CallRunner;
import dev.pictor.replicate.internal.Json;
import dev.pictor.replicate.internal.Op;
import dev.pictor.replicate.internal.Parser;
import dev.pictor.replicate.internal.Trainer;
import dev.pictor.replicate.internal.Zipper;
import dev.pictor.spi.ProviderCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * FLUX LoRA trainings on Replicate ({@code ostris/flux-dev-lora-trainer}): zips and uploads the
 * photos, creates the destination model when it is missing, starts the training, follows it to its
 * end and answers the trained version, which any {@code GenerationRequest} can then name as its
 * model. Every HTTP call goes through {@link GenerationClient#providerCall}, so it gets a leased token
 * of the provider's pool and the client's retries; an ambiguous create is reconciled, never resent
 * blindly.
 *
 * <p>Immutable and thread-safe. Cancelling a returned future cancels the training at Replicate.
 * Tokens from several accounts: each training is created with one token, but polls may use another;
 * use a pool of one account's tokens for trainings.
 *
 * <pre>{@code
 * ReplicateTrainings trainings = ReplicateTrainings.of(client, replicate);
 * TrainedVersion lora = trainings.train(TrainingRequest.builder("acme/anna-lora")
 *     .photos(photos).triggerWord("ANNA").build()).join();
 * client.generate(GenerationRequest.create(lora.version()).prompt("ANNA as a knight, oil painting").build());
 * }</pre>
 */
public final class ReplicateTrainings {
  /** How often a training is polled unless told otherwise. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

  private final GenerationClient client;
  private final ReplicateProvider provider;
  private final Duration pollInterval;

  private ReplicateTrainings(GenerationClient client, ReplicateProvider provider, Duration pollInterval) {
    this.client = client;
    this.provider = provider;
    this.pollInterval = pollInterval;
  }

  /** Trainings through {@code client}, which must have been built with {@code provider}. */
  public static ReplicateTrainings of(GenerationClient client, ReplicateProvider provider) {
    return new ReplicateTrainings(Objects.requireNonNull(client, "client == null"),
        Objects.requireNonNull(provider, "provider == null"), DEFAULT_POLL_INTERVAL);
  }

  /** A copy that polls trainings every {@code interval}. */
  public ReplicateTrainings withPollInterval(Duration interval) {
    if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("pollInterval must be positive");
    return new ReplicateTrainings(client, provider, interval);
  }

  /**
   * Starts a training and completes when it has ended: with the trained version, or with a
   * {@link GenerationException} when it failed ({@link JobCanceledException} when it was cancelled or
   * aborted). The photos are checked and zipped before this returns.
   *
   * @throws dev.pictor.InvalidRequestException when a photo is not a JPEG, PNG or WEBP file or bytes
   */
  public CompletableFuture<TrainedVersion> train(TrainingRequest request) {
    Objects.requireNonNull(request, "request == null");
    Path zip = request.photosZipUrl().isPresent() ? null : Zipper.zip(request.photos());
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("trigger_word", request.triggerWord());
    input.putAll(request.inputs());
    Trainer.Plan plan = new Trainer.Plan(request.destination(), zip, request.photosZipUrl().orElse(null), input,
        request.trainerVersion().orElse(null), request.visibility(), request.hardware());
    CompletableFuture<Map<String, Object>> training = trainer().train(plan);
    if (zip != null) training.whenComplete((t, e) -> Zipper.deleteQuietly(zip));
    return result(training);
  }

  /** Follows a training started earlier (by id, after a restart, say) to its end. */
  public CompletableFuture<TrainedVersion> follow(String trainingId) {
    CompletableFuture<Map<String, Object>> training = new CompletableFuture<>();
    trainer().follow(Objects.requireNonNull(trainingId, "trainingId == null"), training);
    return result(training);
  }

  private Trainer trainer() {
    CallRunner runner = new CallRunner() {
      @Override
      public <T> CompletableFuture<T> run(Function<ProviderCall, CompletableFuture<T>> operation) {
        return client.providerCall(provider.id(), operation);
      }
    };
    return new Trainer(provider.api, provider.files, provider.versions, runner, pollInterval, provider.tokens().size());
  }

  /** The trained version of a finished training, or its failure; cancelling the answer cancels the training. */
  private CompletableFuture<TrainedVersion> result(CompletableFuture<Map<String, Object>> training) {
    CompletableFuture<TrainedVersion> out = training.thenApply(this::toVersion);
    CompletableFuture<TrainedVersion> answer = new CompletableFuture<>();
    answer.whenComplete((v, e) -> {
      if (answer.isCancelled()) training.cancel(true);
    });
    out.whenComplete((v, e) -> {
      if (e == null) answer.complete(v);
      else answer.completeExceptionally(Op.unwrap(e));
    });
    return answer;
  }

  private TrainedVersion toVersion(Map<String, Object> t) {
    String id = Json.string(t, "id");
    String status = Json.string(t, "status");
    switch (Parser.status(status)) {
      case SUCCEEDED: {
        Map<String, Object> output = Json.object(t, "output");
        String version = Json.string(output, "version");
        if (version == null || version.indexOf(':') < 0) {
          throw new GenerationException("training " + id + " succeeded without an output version", provider.id(), null);
        }
        provider.models.registerTrained(version);
        String trigger = Json.string(Json.object(t, "input"), "trigger_word");
        return new TrainedVersion(id, version, Json.string(output, "weights"), trigger == null ? "TOK" : trigger);
      }
      case FAILED:
        throw new GenerationException("training " + id + " failed at Replicate: "
            + (t.get("error") == null ? "no error given" : t.get("error")), provider.id(), null);
      default:
        throw new JobCanceledException("training " + id + " ended " + status + " at Replicate", provider.id(), id);
    }
  }
}
