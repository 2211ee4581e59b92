package dev.pictor.calendar.internal;

import dev.pictor.GenerationClient;
import dev.pictor.ImageInput;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.replicate.ReplicateTrainings;
import dev.pictor.replicate.TrainedVersion;
import dev.pictor.replicate.TrainingRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** LoRA trainings through {@link ReplicateTrainings} ({@code ostris/flux-dev-lora-trainer}). Thread-safe. */
public final class ReplicateLoraTrainer implements LoraTrainer {
  private final GenerationClient client;
  private final ReplicateProvider provider;
  private final String owner;
  private final Duration pollInterval;

  public ReplicateLoraTrainer(GenerationClient client, ReplicateProvider provider, String owner, Duration pollInterval) {
    this.client = client;
    this.provider = provider;
    this.owner = owner;
    this.pollInterval = pollInterval;
  }

  @Override
  public String provider() {
    return provider.id();
  }

  @Override
  public String owner() {
    return owner;
  }

  @Override
  public CompletableFuture<Trained> train(List<ImageInput> photos, String triggerWord, String destination,
      Consumer<String> onCreated) {
    TrainingRequest request = TrainingRequest.builder(destination).photos(photos).triggerWord(triggerWord).build();
    // ReplicateTrainings tells the training's id only when it ended; the probe reads it from the create's answer.
    GenerationClient probed = TrainingIdProbe.wrap(client, onCreated);
    return ReplicateTrainings.of(probed, provider).withPollInterval(pollInterval).train(request)
        .thenApply(ReplicateLoraTrainer::trained);
  }

  @Override
  public CompletableFuture<Trained> follow(String trainingId) {
    return ReplicateTrainings.of(client, provider).withPollInterval(pollInterval).follow(trainingId)
        .thenApply(ReplicateLoraTrainer::trained);
  }

  private static Trained trained(TrainedVersion v) {
    return new Trained(v.trainingId(), v.version(), v.triggerWord());
  }
}
