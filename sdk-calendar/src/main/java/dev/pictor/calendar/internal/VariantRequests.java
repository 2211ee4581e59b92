package dev.pictor.calendar.internal;

import dev.pictor.CommonParameter;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.ModelSpec;
import dev.pictor.ParameterSpec;
import dev.pictor.calendar.CalendarTheme;
import dev.pictor.prompt.StylePrompt;
import dev.pictor.prompt.StyleStrength;
import java.util.Optional;

/**
 * The generation request of one variant.
 *
 * <ul>
 *   <li>LoRA: text to image with the trained version, the photo as the starting image
 *       ({@code prompt_strength} = the theme's style strength), the trigger word and the theme's
 *       prompt; the negative prompt becomes an "Avoid" sentence, since FLUX takes none. A preview
 *       runs the LoRA in FLUX schnell mode with 4 steps.
 *   <li>Edit: the photo restyled by an edit model with {@link StylePrompt}; the theme's negative
 *       prompt, steps and seed go where the model's catalogue spec takes them, else into the prompt
 *       or nowhere. A preview uses 4 steps where the model takes steps.
 * </ul>
 *
 * Stateless; thread-safe.
 */
public final class VariantRequests {
  /** Steps for previews, on models that take a step count. */
  static final int PREVIEW_STEPS = 4;

  private final GenerationClient client;

  public VariantRequests(GenerationClient client) {
    this.client = client;
  }

  /** The request for a variant of {@code state} from {@code photo} with {@code seed}. */
  public GenerationRequest build(ProjectState state, ImageInput photo, long seed) {
    GenerationRequest.Builder b = state.method.equals(ProjectState.LORA)
        ? lora(state.theme, state.model, state.triggerWord, state.preview, photo, seed)
        : edit(state.provider, state.model, state.theme, state.preview, photo, seed);
    b.provider(state.provider).owner(state.owner).tag("calendar:" + state.id);
    return b.build();
  }

  /** A request that checks one photo as the edit model would take it, for validation before anything is sent. */
  public GenerationRequest probe(String provider, String model, CalendarTheme theme, ImageInput photo) {
    return edit(provider, model, theme, false, photo, 1).provider(provider).build();
  }

  private static GenerationRequest.Builder lora(CalendarTheme theme, String version, String trigger, boolean preview,
      ImageInput photo, long seed) {
    String prompt = "a photo of " + trigger + ", " + theme.basePrompt() + ", professional calendar photo."
        + avoid(theme);
    GenerationRequest.Builder b = GenerationRequest.create(version).prompt(prompt).image(photo)
        .parameter("prompt_strength", theme.styleStrength()).seed(seed).outputFormat("png");
    if (preview) b.parameter("model", "schnell").steps(PREVIEW_STEPS);
    else b.steps(theme.steps());
    return b;
  }

  private GenerationRequest.Builder edit(String provider, String model, CalendarTheme theme, boolean preview,
      ImageInput photo, long seed) {
    Optional<ModelSpec> spec = spec(provider, model);
    boolean negative = takes(spec, CommonParameter.NEGATIVE_PROMPT) && !theme.negativePrompt().isEmpty();
    String prompt = StylePrompt.builder()
        .style(theme.basePrompt())
        .strength(strength(theme.styleStrength()))
        .instructions("Make it a professional calendar photo." + (negative ? "" : avoid(theme)))
        .build();
    GenerationRequest.Builder b = GenerationRequest.edit(model).prompt(prompt).image(photo);
    if (negative) b.negativePrompt(theme.negativePrompt());
    if (takes(spec, CommonParameter.STEPS)) b.steps(preview ? PREVIEW_STEPS : theme.steps());
    if (takes(spec, CommonParameter.SEED)) b.seed(seed);
    if (allows(spec, CommonParameter.OUTPUT_FORMAT, "png", model)) b.outputFormat("png");
    return b;
  }

  private Optional<ModelSpec> spec(String provider, String model) {
    try {
      return client.catalog(provider).find(model);
    } catch (InvalidRequestException unknownProvider) {
      return Optional.empty();
    }
  }

  private static boolean takes(Optional<ModelSpec> spec, CommonParameter p) {
    return spec.flatMap(s -> s.parameter(p)).isPresent();
  }

  private static boolean allows(Optional<ModelSpec> spec, CommonParameter p, Object value, String model) {
    Optional<ParameterSpec> param = spec.flatMap(s -> s.parameter(p));
    if (param.isEmpty()) return false;
    try {
      param.get().validate(p.field(), value, model);
      return true;
    } catch (InvalidRequestException notAllowed) {
      return false;
    }
  }

  private static String avoid(CalendarTheme theme) {
    return theme.negativePrompt().isEmpty() ? "" : " Avoid: " + theme.negativePrompt() + ".";
  }

  /** The theme's 0-to-1 strength in the words {@link StylePrompt} uses. */
  static StyleStrength strength(double s) {
    if (s < 0.6) return StyleStrength.SUBTLE;
    if (s < 0.75) return StyleStrength.MODERATE;
    return StyleStrength.STRONG;
  }
}
