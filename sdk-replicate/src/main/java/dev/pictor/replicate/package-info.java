/**
 * The Replicate provider for Pictor: {@link dev.pictor.replicate.ReplicateProvider} (add it to a
 * {@code GenerationClient}), its model catalogue {@link dev.pictor.replicate.ReplicateModels}, webhook
 * verification {@link dev.pictor.replicate.ReplicateWebhooks}, and FLUX LoRA trainings
 * {@link dev.pictor.replicate.ReplicateTrainings}. Everything under {@code internal} is not API.
 */
package dev.pictor.replicate;
