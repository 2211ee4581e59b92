package dev.pictor.calendar.internal;

import dev.pictor.ImageInput;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Trains a FLUX LoRA on a photo set, and follows a training started earlier. Implementations are thread-safe. */
public interface LoraTrainer {
  /** A trained LoRA: its training, the version to generate with, and the trigger word. */
  record Trained(String trainingId, String version, String triggerWord) {}

  /** The provider id trainings and the trained version's predictions run on. */
  String provider();

  /** The owner of destination models, {@code owner} in {@code owner/name}. */
  String owner();

  /**
   * Starts a training into {@code destination}; {@code onCreated} receives the training's id as soon
   * as the provider gave one, before the training is followed, so it can be stored before the (long)
   * training ends.
   */
  CompletableFuture<Trained> train(List<ImageInput> photos, String triggerWord, String destination, Consumer<String> onCreated);

  /** Follows training {@code trainingId} to its end. */
  CompletableFuture<Trained> follow(String trainingId);

  /**
   * Makes a version trained earlier (stored, or found in the cache, rather than trained or followed
   * by this process) usable with its proper spec. Sends nothing.
   */
  void use(String version);
}
