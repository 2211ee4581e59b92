package dev.pictor.replicate.internal;

import static dev.pictor.replicate.internal.Params.bool;
import static dev.pictor.replicate.internal.Params.choice;
import static dev.pictor.replicate.internal.Params.format;
import static dev.pictor.replicate.internal.Params.integer;
import static dev.pictor.replicate.internal.Params.number;
import static dev.pictor.replicate.internal.Params.seed;
import static dev.pictor.replicate.internal.Params.text;

import dev.pictor.Action;
import dev.pictor.CommonParameter;
import dev.pictor.ModelSpec;
import dev.pictor.Money;
import dev.pictor.replicate.internal.ModelEntry.Images;
import java.util.List;
import java.util.Map;

/** The text-to-image models of the catalogue (fact sheet 2.1 to 2.8). */
final class CreateModels {
  /** The largest input Replicate takes: "Files must be less than 100MB". */
  static final long MAX_INPUT_BYTES = 100_000_000L;
  static final String SDXL_LIGHTNING_VERSION = "5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637";

  private CreateModels() {}

  static ModelSpec.Builder spec(String id, String ref, String description) {
    return ModelSpec.builder(id, ref).description(description).maxInputBytes(MAX_INPUT_BYTES);
  }

  static ModelEntry entry(ModelSpec.Builder b, boolean community, String promptField, Images images) {
    return entry(b, community, promptField, images, Map.of());
  }

  static ModelEntry entry(ModelSpec.Builder b, boolean community, String promptField, Images images, Map<String, Object> whenSized) {
    ModelSpec spec = b.build();
    return new ModelEntry(spec, Target.ownerName(spec.providerRef()), community, promptField, images, whenSized);
  }

  static List<ModelEntry> all() {
    return List.of(fluxSchnell(), sdxlLightning(), stableDiffusion(), nanoBanana(), seedream(), recraft(), imagen(), ideogram());
  }

  static ModelEntry fluxSchnell() {
    return entry(spec("flux-schnell", "black-forest-labs/flux-schnell", "FLUX.1 [schnell]: fast text to image in 1 to 4 steps")
        .actions(Action.CREATE).inputImages(0, 0)
        .parameter(choice("aspect_ratio", "1:1", "1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21"),
            CommonParameter.ASPECT_RATIO)
        .parameter(integer("num_outputs", 1, 4, 1), CommonParameter.NUM_OUTPUTS)
        .parameter(integer("num_inference_steps", 1, 4, 4), CommonParameter.STEPS)
        .parameter(seed(), CommonParameter.SEED)
        .parameter(format("webp", "webp", "jpg", "png"), CommonParameter.OUTPUT_FORMAT)
        .parameter(integer("output_quality", 0, 100, 80).withDescription("ignored for png"))
        .parameter(bool("disable_safety_checker", false))
        .parameter(bool("go_fast", true).withDescription("fp8 path; not deterministic even with a seed"))
        .parameter(choice("megapixels", "1", "1", "0.25"))
        .price(Money.usd("0.003")), false, "prompt", Images.NONE);
  }

  static ModelEntry sdxlLightning() {
    return entry(spec("sdxl-lightning-4step", "bytedance/sdxl-lightning-4step:" + SDXL_LIGHTNING_VERSION,
            "SDXL-Lightning by ByteDance: text to image in 4 steps (billed by GPU time; price is an estimate)")
        .actions(Action.CREATE).inputImages(0, 0)
        .parameter(text("negative_prompt", "worst quality, low quality"), CommonParameter.NEGATIVE_PROMPT)
        .parameter(integer("width", 256, 1280, 1024).withDescription("1024 or 1280 recommended"), CommonParameter.WIDTH)
        .parameter(integer("height", 256, 1280, 1024).withDescription("1024 or 1280 recommended"), CommonParameter.HEIGHT)
        .parameter(integer("num_outputs", 1, 4, 1), CommonParameter.NUM_OUTPUTS)
        .parameter(choice("scheduler", "K_EULER", "DDIM", "DPMSolverMultistep", "HeunDiscrete", "KarrasDPM",
            "K_EULER_ANCESTRAL", "K_EULER", "PNDM", "DPM++2MSDE"))
        .parameter(integer("num_inference_steps", 1, 10, 4), CommonParameter.STEPS)
        .parameter(number("guidance_scale", 0, 50, 0), CommonParameter.GUIDANCE)
        .parameter(seed(), CommonParameter.SEED)
        .parameter(bool("disable_safety_checker", false))
        .price(Money.usd("0.003")), false, "prompt", Images.NONE);
  }

  static ModelEntry stableDiffusion() {
    return entry(spec("stable-diffusion", "stability-ai/stable-diffusion-3.5-large",
            "Stable Diffusion 3.5 Large; an optional input image makes it image to image")
        .actions(Action.CREATE).inputImages(0, 1)
        .parameter(text("negative_prompt", null), CommonParameter.NEGATIVE_PROMPT)
        .parameter(choice("aspect_ratio", "1:1", "1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "9:16", "9:21"),
            CommonParameter.ASPECT_RATIO)
        .parameter(number("cfg", 1, 10, 5), CommonParameter.GUIDANCE)
        .parameter(number("prompt_strength", 0, 1, 0.85).withDescription("how much the input image is changed"))
        .parameter(seed(), CommonParameter.SEED)
        .parameter(format("webp", "webp", "jpg", "png"), CommonParameter.OUTPUT_FORMAT),
        false, "prompt", Images.fields("image"));
  }

  static ModelEntry nanoBanana() {
    return entry(spec("nano-banana", "google/nano-banana", "Google Gemini 2.5 Flash Image: generation and edits from reference images")
        .actions(Action.CREATE, Action.EDIT).inputImages(0, 10)
        .parameter(choice("aspect_ratio", "match_input_image", "match_input_image", "1:1", "2:3", "3:2", "3:4", "4:3",
            "4:5", "5:4", "9:16", "16:9", "21:9"), CommonParameter.ASPECT_RATIO)
        .parameter(format("jpg", "jpg", "png"), CommonParameter.OUTPUT_FORMAT),
        false, "prompt", Images.list("image_input"));
  }

  static ModelEntry seedream() {
    return entry(spec("seedream-4", "bytedance/seedream-4", "ByteDance Seedream 4: up to 4K, generation and precise edits")
        .actions(Action.CREATE, Action.EDIT).inputImages(0, 10)
        .parameter(choice("size", "2K", "1K", "2K", "4K", "custom").withDescription("custom uses width and height"))
        .parameter(choice("aspect_ratio", "match_input_image", "match_input_image", "1:1", "4:3", "3:4", "16:9", "9:16",
            "3:2", "2:3", "21:9").withDescription("ignored when size is custom"), CommonParameter.ASPECT_RATIO)
        .parameter(integer("width", 1024, 4096, 2048).withDescription("sets size=custom"), CommonParameter.WIDTH)
        .parameter(integer("height", 1024, 4096, 2048).withDescription("sets size=custom"), CommonParameter.HEIGHT)
        .parameter(choice("sequential_image_generation", "disabled", "disabled", "auto"))
        .parameter(integer("max_images", 1, 15, 1).withDescription("with sequential_image_generation=auto; inputs + outputs <= 15"))
        .parameter(bool("enhance_prompt", true)),
        false, "prompt", Images.list("image_input"), Map.of("size", "custom"));
  }

  static ModelEntry recraft() {
    return entry(spec("recraft-v3", "recraft-ai/recraft-v3", "Recraft V3: text to image with style control")
        .actions(Action.CREATE).inputImages(0, 0)
        .parameter(choice("size", "1024x1024", "1024x1024", "1365x1024", "1024x1365", "1536x1024", "1024x1536", "1820x1024",
            "1024x1820", "1024x2048", "2048x1024", "1434x1024", "1024x1434", "1024x1280", "1280x1024", "1024x1707", "1707x1024"))
        .parameter(choice("aspect_ratio", "Not set", "Not set", "1:1", "4:3", "3:4", "3:2", "2:3", "16:9", "9:16", "1:2",
            "2:1", "7:5", "5:7", "4:5", "5:4", "3:5", "5:3").withDescription("overrides size"), CommonParameter.ASPECT_RATIO)
        .parameter(text("style", "any").withDescription(
            "any, realistic_image, digital_illustration, or a substyle such as digital_illustration/pixel_art"))
        .price(Money.usd("0.04")), false, "prompt", Images.NONE);
  }

  static ModelEntry imagen() {
    return entry(spec("imagen-4", "google/imagen-4", "Google Imagen 4: high quality text to image")
        .actions(Action.CREATE).inputImages(0, 0)
        .parameter(choice("aspect_ratio", "1:1", "1:1", "9:16", "16:9", "3:4", "4:3"), CommonParameter.ASPECT_RATIO)
        .parameter(choice("safety_filter_level", "block_only_high", "block_low_and_above", "block_medium_and_above",
            "block_only_high"))
        .parameter(format("jpg", "jpg", "png"), CommonParameter.OUTPUT_FORMAT), false, "prompt", Images.NONE);
  }

  static ModelEntry ideogram() {
    return entry(spec("ideogram-v3-turbo", "ideogram-ai/ideogram-v3-turbo",
            "Ideogram V3 Turbo: fast text to image; input images are style references")
        .actions(Action.CREATE).inputImages(0, 3)
        .parameter(choice("aspect_ratio", "1:1", "1:3", "3:1", "1:2", "2:1", "9:16", "16:9", "10:16", "16:10", "2:3",
            "3:2", "3:4", "4:3", "4:5", "5:4", "1:1").withDescription("ignored when resolution is set"), CommonParameter.ASPECT_RATIO)
        .parameter(text("resolution", "None").withDescription("None or WxH such as 1024x1024"))
        .parameter(choice("magic_prompt_option", "Auto", "Auto", "On", "Off"))
        .parameter(choice("style_type", "None", "None", "Auto", "General", "Realistic", "Design"))
        .parameter(text("style_preset", null).withDescription("such as Pop Art, Watercolor, 80s Illustration"))
        .parameter(seed(), CommonParameter.SEED), false, "prompt", Images.list("style_reference_images"));
  }
}
