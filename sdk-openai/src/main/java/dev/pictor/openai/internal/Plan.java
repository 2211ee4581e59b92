package dev.pictor.openai.internal;

import dev.pictor.ImageInput;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One request, checked and ready to write: the operation, the fields in the order they are sent, the
 * images and mask of an edit, and what happens to the answer (the crop, the format to re-encode in,
 * and what the price depends on). Immutable.
 *
 * @param operation {@code generations} or {@code edits}
 * @param rules the model's rules
 * @param model the {@code model} field
 * @param prompt the {@code prompt} field
 * @param fields every other field by its OpenAI name, in the order sent (values are strings, longs or booleans)
 * @param images an edit's images, in order
 * @param mask an edit's mask file, or null
 * @param shape the size asked for and the crop, if any
 * @param ratio the ratio a crop cuts to, or null
 * @param format the format the model answers in for GPT image models ({@code png}, {@code jpeg}, {@code webp}), else null
 * @param quality the quality asked for, or null for the model's default
 * @param n how many images are asked for
 * @param jpegQuality the quality a cropped JPEG is re-encoded at, 0 to 1
 */
public record Plan(String operation, ModelRules rules, String model, String prompt, Map<String, Object> fields,
    List<ImageInput> images, Path mask, Geometry.Shape shape, Geometry.Ratio ratio, String format, String quality, int n,
    float jpegQuality) {

  public boolean edit() {
    return "edits".equals(operation);
  }

  public boolean crops() {
    return shape.crop() != null;
  }
}
