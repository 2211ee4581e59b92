package dev.pictor.replicate.internal;

import dev.pictor.spi.ProviderRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a prediction's {@code input} from a validated request: the prompt under the model's prompt
 * field, the images under its image fields, the parameters (already under Replicate's names), and
 * inputs implied by others. Stateless.
 */
public final class Mapper {
  private Mapper() {}

  /** The input object; {@code images} holds one value (URL or data URI) per input image. */
  public static Map<String, Object> input(ModelEntry entry, ProviderRequest request, List<String> images) {
    Map<String, Object> input = new LinkedHashMap<>();
    String prompt = request.request().prompt().orElse(null);
    if (entry.promptField() != null && prompt != null) input.put(entry.promptField(), prompt);
    entry.images().put(input, images);
    input.putAll(request.parameters());
    if (input.containsKey("width") || input.containsKey("height")) {
      entry.whenSized().forEach(input::putIfAbsent);
    }
    return input;
  }

  /** The input fields that hold the request's images, whose values differ from send to send. */
  public static Set<String> imageFields(ModelEntry entry, ProviderRequest request) {
    return entry.images().fieldsFor(request.request().images().size());
  }
}
