package dev.pictor.replicate.internal;

import dev.pictor.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Pictor knows about one Replicate model beyond its {@link ModelSpec}: where it lives, whether
 * it needs a version, which input fields take the request's prompt and images, and fields implied by
 * others ({@code size=custom} once a width is given). Immutable.
 *
 * @param spec the model's spec as users see it
 * @param ownerName {@code owner/name}
 * @param community true when the model has no version-less endpoint and needs a version id
 * @param promptField the input that takes the prompt, or null when the model takes none
 * @param images where input images go
 * @param whenSized inputs set (unless given) when the request gives a width and height
 */
public record ModelEntry(ModelSpec spec, String ownerName, boolean community, String promptField, Images images,
    Map<String, Object> whenSized) {

  public ModelEntry {
    whenSized = Map.copyOf(whenSized);
  }

  /**
   * Where input images go: one field per position ({@code input_image_1}, {@code input_image_2};
   * {@code image} then {@code mask}), or one array field ({@code image_input}), or both: positions
   * while the images fit, the array beyond. Immutable.
   */
  public record Images(List<String> positional, String listField) {
    public static final Images NONE = new Images(List.of(), null);

    public Images {
      positional = List.copyOf(positional);
    }

    public static Images fields(String... names) {
      return new Images(List.of(names), null);
    }

    public static Images list(String field) {
      return new Images(List.of(), field);
    }

    /** True when {@code count} images go into the array field. */
    public boolean asList(int count) {
      return listField != null && (positional.isEmpty() || count > positional.size());
    }

    /** Places {@code values} into {@code input}, in order. */
    public void put(Map<String, Object> input, List<String> values) {
      if (values.isEmpty()) return;
      if (asList(values.size())) {
        input.put(listField, new ArrayList<>(values));
        return;
      }
      for (int i = 0; i < values.size() && i < positional.size(); i++) input.put(positional.get(i), values.get(i));
    }

    /** The input fields that {@code count} images occupy. */
    public Set<String> fieldsFor(int count) {
      Set<String> out = new LinkedHashSet<>();
      if (count == 0) return out;
      if (asList(count)) out.add(listField);
      else out.addAll(positional.subList(0, Math.min(count, positional.size())));
      return out;
    }
  }
}
