/**
 * The RunPod serverless provider for Pictor: {@link dev.pictor.runpod.RunPodProvider} (add it to a
 * {@code GenerationClient}), its catalogue of public endpoints {@link dev.pictor.runpod.RunPodModels},
 * seed 003's validated product-photo settings {@link dev.pictor.runpod.ProductPhotoPreset}, and the
 * endpoint operations outside jobs {@link dev.pictor.runpod.RunPodEndpoints} (health, retry,
 * purge-queue). Everything under {@code internal} is not API.
 */
package dev.pictor.runpod;
