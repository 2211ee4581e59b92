package dev.pictor.replicate;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationException;
import dev.pictor.InvalidRequestException;
import dev.pictor.JobCanceledException;
import dev.pictor.ModelSpec;
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
import java.util.regex.Pattern;

/**
 * FLUX LoRA trainings on Replicate ({@code ostris/flux-dev-lora-trainer}): zips and uploads the
 * photos, creates the destination model when it is missing, starts the training, follows it to its
 * end and answers the trained version, which any {@code GenerationRequest} can then name as its
 * model. Every HTTP call goes through {@link GenerationClient#providerCall}, so it gets a leased token
 * of the provider's pool and the client's retries; an ambiguous create is reconciled, never resent
 * blindly.
 *
 * <p>{@link #start} answers as soon as the training was created, with its id to store; after a
 * restart, {@link #follow} picks the training up by that id, and {@link #register} lets the provider
 * use a version stored earlier with the LoRA's typed spec.
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

  private static final Pattern VERSION =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*:[A-Za-z0-9]+");

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
   * aborted). The photos are checked and zipped before this returns. To learn the training's id while
   * it runs (to store it, so a restart can {@link #follow} it), use {@link #start} instead.
   *
   * @throws dev.pictor.InvalidRequestException when a photo is not a JPEG, PNG or WEBP file or bytes
   */
  public CompletableFuture<TrainedVersion> train(TrainingRequest request) {
    return run(request, null);
  }

  /**
   * Starts a training and completes as soon as Replicate has created it, with its id and the future
   * of its end ({@link StartedTraining#result()}). It fails, with the reason, when the photos could not
   * be uploaded, the destination model not created, or the training not created. The photos are
   * checked and zipped before this returns. Cancelling the answer before it completed stops the
   * start (a create already on its way may still create the training at Replicate); to cancel a
   * created training, cancel {@link StartedTraining#result()}.
   *
   * <p>The id is the one in the answer to the create. When that answer was lost (a timeout, say),
   * the training is found by its photos' unique upload URL instead of being created again, and the
   * id is the one found.
   *
   * @param request the training
   * @return the created training
   * @throws dev.pictor.InvalidRequestException when a photo is not a JPEG, PNG or WEBP file or bytes
   */
  public CompletableFuture<StartedTraining> start(TrainingRequest request) {
    CompletableFuture<String> created = new CompletableFuture<>();
    CompletableFuture<TrainedVersion> result = run(request, created);
    result.whenComplete((v, e) -> {
      if (e == null) created.complete(v.trainingId()); // no-op: known since the create
      else created.completeExceptionally(Op.unwrap(e));
    });
    CompletableFuture<StartedTraining> answer = created.thenApply(id -> new StartedTraining(id, result));
    answer.whenComplete((t, e) -> {
      if (answer.isCancelled()) result.cancel(true);
    });
    return answer;
  }

  /** Follows a training started earlier (by id, after a restart, say) to its end. */
  public CompletableFuture<TrainedVersion> follow(String trainingId) {
    CompletableFuture<Map<String, Object>> training = new CompletableFuture<>();
    trainer().follow(Objects.requireNonNull(trainingId, "trainingId == null"), training);
    return result(training);
  }

  /**
   * Lets this provider generate with a version trained earlier, by the LoRA's typed spec (the
   * fine-tuner's inputs, checked), as {@link #train} and {@link #follow} do for the versions they
   * answer. Use it after a restart for a version that was stored rather than followed again; without
   * it the version is a model outside the catalogue whose parameters pass through unchecked. Nothing
   * is sent.
   *
   * @param version {@code owner/name:<version id>}, as {@link TrainedVersion#version()} gives it
   * @return the spec requests naming {@code version} get from now on
   * @throws dev.pictor.InvalidRequestException when {@code version} is not {@code owner/name:<id>}
   */
  public ModelSpec register(String version) {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new InvalidRequestException("version", "version = " + version + " must be owner/name:<version id>,"
          + " as TrainedVersion.version() gives it");
    }
    return provider.models.registerTrained(version);
  }

  /** Starts the training; {@code created}, when given, learns its id as soon as it is known. */
  private CompletableFuture<TrainedVersion> run(TrainingRequest request, CompletableFuture<String> created) {
    Objects.requireNonNull(request, "request == null");
    Path zip = request.photosZipUrl().isPresent() ? null : Zipper.zip(request.photos());
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("trigger_word", request.triggerWord());
    input.putAll(request.inputs());
    Trainer.Plan plan = new Trainer.Plan(request.destination(), zip, request.photosZipUrl().orElse(null), input,
        request.trainerVersion().orElse(null), request.visibility(), request.hardware());
    CompletableFuture<Map<String, Object>> training = trainer().train(plan, created == null ? id -> { } : created::complete);
    if (zip != null) training.whenComplete((t, e) -> Zipper.deleteQuietly(zip));
    return result(training);
  }

  /** The trainer, running every call through the client. */
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
