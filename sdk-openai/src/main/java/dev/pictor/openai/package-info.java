/**
 * The OpenAI Images provider for Pictor: {@link dev.pictor.openai.OpenAiProvider} (add it to a
 * {@code GenerationClient}) and its catalogue {@link dev.pictor.openai.OpenAiModels} (gpt-image-1,
 * gpt-image-1-mini, gpt-image-1.5, gpt-image-2, dall-e-3, dall-e-2, each with its own rules).
 * Everything under {@code internal} is not API.
 */
package dev.pictor.openai;
