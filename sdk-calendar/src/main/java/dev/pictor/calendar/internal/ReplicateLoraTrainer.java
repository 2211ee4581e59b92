package dev.pictor.calendar.internal;

import dev.pictor.GenerationClient;
import dev.pictor.ImageInput;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.replicate.ReplicateTrainings;
import dev.pictor.replicate.StartedTraining;
import dev.pictor.replicate.TrainedVersion;
import dev.pictor.replicate.TrainingRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** LoRA trainings through {@link ReplicateTrainings} ({@code ostris/flux-dev-lora-trainer}). Thread-safe. */
public final class ReplicateLoraTrainer implements LoraTrainer {
  private final ReplicateTrainings trainings;
  private final ReplicateProvider provider;
  private final String owner;

  public ReplicateLoraTrainer(GenerationClient client, ReplicateProvider provider, String owner, Duration pollInterval) {
    this.trainings = ReplicateTrainings.of(client, provider).withPollInterval(pollInterval);
    this.provider = provider;
    this.owner = owner;
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
    return trainings.start(request).thenCompose((StartedTraining t) -> {
      onCreated.accept(t.id());
      return t.result();
    }).thenApply(ReplicateLoraTrainer::trained);
  }

  @Override
  public CompletableFuture<Trained> follow(String trainingId) {
    return trainings.follow(trainingId).thenApply(ReplicateLoraTrainer::trained);
  }

  @Override
  public void use(String version) {
    trainings.register(version);
  }

  private static Trained trained(TrainedVersion v) {
    return new Trained(v.trainingId(), v.version(), v.triggerWord());
  }
}
