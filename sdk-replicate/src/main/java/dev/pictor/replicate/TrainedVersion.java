package dev.pictor.replicate;

import java.util.Objects;

/**
 * A FLUX LoRA that finished training: its {@link #version()} ({@code owner/name:<id>}) is a model
 * name any {@code GenerationRequest} can use, and {@link #triggerWord()} is the word that calls up
 * the trained subject in prompts. Immutable and thread-safe.
 *
 * <pre>{@code
 * TrainedVersion lora = trainings.train(request).join();
 * client.generate(GenerationRequest.create(lora.version())
 *     .prompt("a photo of " + lora.triggerWord() + " skiing in the Alps").aspectRatio("3:4").build());
 * }</pre>
 *
 * @param trainingId Replicate's id of the training
 * @param version {@code owner/name:<version id>} of the new version at the destination model
 * @param weights the URL of the LoRA weights (a tar file), when Replicate gave one; may be null
 * @param triggerWord the trigger word the training used
 */
public record TrainedVersion(String trainingId, String version, String weights, String triggerWord) {
  public TrainedVersion {
    Objects.requireNonNull(trainingId, "trainingId == null");
    Objects.requireNonNull(version, "version == null");
    if (version.indexOf(':') < 0) throw new IllegalArgumentException("version must be owner/name:id; got " + version);
  }

  /** The destination model, {@code owner/name}. */
  public String model() {
    return version.substring(0, version.indexOf(':'));
  }

  /** The version id alone. */
  public String versionId() {
    return version.substring(version.indexOf(':') + 1);
  }
}
