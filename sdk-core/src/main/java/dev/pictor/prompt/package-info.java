/**
 * Prompt builders for common image edits and a small template language for reusable prompts.
 *
 * <ul>
 *   <li>{@link dev.pictor.prompt.ProductPhotoPrompt}: a product photo as a clean studio shot, with a
 *       {@link dev.pictor.prompt.Shadow} preset, a background colour and watermark removal, plus an A/B
 *       test of the shadow presets.
 *   <li>{@link dev.pictor.prompt.BackgroundPrompt}: a subject placed in a newly described scene.
 *   <li>{@link dev.pictor.prompt.StylePrompt}: an image restyled, as a named {@link dev.pictor.prompt.Style}
 *       or one given in words.
 *   <li>{@link dev.pictor.prompt.PromptTemplate}: {@code {name}} placeholders filled in from values.
 * </ul>
 *
 * <p>Builders produce plain strings for {@link dev.pictor.GenerationRequest.Builder#prompt}; nothing
 * here talks to a provider. Invalid input throws {@link dev.pictor.InvalidRequestException} naming the
 * field, the value and what is allowed.
 */
package dev.pictor.prompt;
