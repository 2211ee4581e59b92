package dev.pictor.openai.internal;

/**
 * The token counts of an answer's {@code usage}, as priced: input text tokens, input image tokens and
 * output tokens. Immutable.
 *
 * @param inputText input text tokens ({@code input_tokens_details.text_tokens}, or all input tokens without details)
 * @param inputImage input image tokens ({@code input_tokens_details.image_tokens})
 * @param output output tokens ({@code output_tokens})
 */
public record Usage(long inputText, long inputImage, long output) {
  /** From the raw fields; {@code -1} marks a field the answer did not carry. */
  static Usage of(long inputTokens, long inputText, long inputImage, long outputTokens) {
    long image = Math.max(0, inputImage);
    long text = inputText >= 0 ? inputText : Math.max(0, Math.max(0, inputTokens) - image);
    return new Usage(text, image, Math.max(0, outputTokens));
  }
}
