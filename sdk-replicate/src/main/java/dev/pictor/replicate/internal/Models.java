package dev.pictor.replicate.internal;

import static dev.pictor.replicate.internal.Params.bool;
import static dev.pictor.replicate.internal.Params.choice;
import static dev.pictor.replicate.internal.Params.format;
import static dev.pictor.replicate.internal.Params.integer;
import static dev.pictor.replicate.internal.Params.number;
import static dev.pictor.replicate.internal.Params.seed;

import dev.pictor.Action;
import dev.pictor.CommonParameter;
import dev.pictor.ModelSpec;
import dev.pictor.ParameterSpec;
import dev.pictor.replicate.internal.ModelEntry.Images;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One provider's view of models: the shared catalogue plus the FLUX LoRA versions this provider
 * trained, which get a typed spec (fact sheet 2.18, the fine-tuner's predict inputs). Thread-safe.
 */
public final class Models {
  private final ModelTable table = ModelTable.INSTANCE;
  private final Map<String, ModelEntry> trained = new ConcurrentHashMap<>();

  public ModelTable table() {
    return table;
  }

  public Optional<ModelSpec> resolve(String name) {
    ModelEntry t = name == null ? null : trained.get(name);
    return t != null ? Optional.of(t.spec()) : table.resolve(name);
  }

  public ModelEntry entryFor(ModelSpec spec) {
    ModelEntry t = trained.get(spec.providerRef());
    return t != null ? t : table.entryFor(spec);
  }

  /** Registers a trained {@code owner/name:version} so requests naming it get the LoRA's typed spec. */
  public ModelSpec registerTrained(String version) {
    ModelEntry e = new ModelEntry(fluxLora(version), Target.ownerName(version), false, "prompt",
        Images.fields("image", "mask"), Map.of("aspect_ratio", "custom"));
    trained.put(version, e);
    return e.spec();
  }

  static ModelSpec fluxLora(String version) {
    return ModelSpec.builder(version, version)
        .description("a FLUX LoRA trained with ostris/flux-dev-lora-trainer; other inputs of its version pass through")
        .actions(Action.CREATE, Action.EDIT).inputImages(0, 2).maxInputBytes(CreateModels.MAX_INPUT_BYTES)
        .acceptUnknownParameters()
        .parameter(choice("aspect_ratio", "1:1", "1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16",
            "9:21", "custom"), CommonParameter.ASPECT_RATIO)
        .parameter(integer("width", 256, 1440, 1024).withDescription("a multiple of 16; sets aspect_ratio=custom"), CommonParameter.WIDTH)
        .parameter(integer("height", 256, 1440, 1024).withDescription("a multiple of 16; sets aspect_ratio=custom"), CommonParameter.HEIGHT)
        .parameter(integer("num_outputs", 1, 4, 1), CommonParameter.NUM_OUTPUTS)
        .parameter(number("lora_scale", -1, 2, 1))
        .parameter(integer("num_inference_steps", 1, 50, 28), CommonParameter.STEPS)
        .parameter(choice("model", "dev", "dev", "schnell"))
        .parameter(number("guidance_scale", 0, 10, 3.5), CommonParameter.GUIDANCE)
        .parameter(number("prompt_strength", 0, 1, 0.8))
        .parameter(seed(), CommonParameter.SEED)
        .parameter(ParameterSpec.string("extra_lora"))
        .parameter(number("extra_lora_scale", -1, 2, 1))
        .parameter(format("webp", "webp", "jpg", "png"), CommonParameter.OUTPUT_FORMAT)
        .parameter(integer("output_quality", 0, 100, 90))
        .parameter(ParameterSpec.string("replicate_weights"))
        .parameter(bool("disable_safety_checker", false))
        .build();
  }
}
