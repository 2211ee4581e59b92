package dev.pictor.replicate.internal;

import static dev.pictor.replicate.internal.CreateModels.entry;
import static dev.pictor.replicate.internal.CreateModels.spec;
import static dev.pictor.replicate.internal.Params.bool;
import static dev.pictor.replicate.internal.Params.choice;
import static dev.pictor.replicate.internal.Params.format;
import static dev.pictor.replicate.internal.Params.integer;
import static dev.pictor.replicate.internal.Params.number;
import static dev.pictor.replicate.internal.Params.seed;
import static dev.pictor.replicate.internal.Params.text;

import dev.pictor.Action;
import dev.pictor.CommonParameter;
import dev.pictor.Money;
import dev.pictor.ParameterSpec;
import dev.pictor.replicate.internal.ModelEntry.Images;
import java.util.List;

/** The edit, upscale and background-removal models of the catalogue (fact sheet 2.9 to 2.17). */
final class ImageModels {
  private static final String[] KONTEXT_RATIOS = {"match_input_image", "1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3",
      "4:5", "5:4", "21:9", "9:21", "2:1", "1:2"};

  private ImageModels() {}

  static List<ModelEntry> all() {
    return List.of(kontextPro(), multiImageKontext(), fillPro(), realEsrgan(), clarity(), crispUpscale(),
        backgroundRemover(), birefnet(), bria());
  }

  private static ParameterSpec kontextRatio() {
    return choice("aspect_ratio", "match_input_image", KONTEXT_RATIOS);
  }

  static ModelEntry kontextPro() {
    return entry(spec("flux-kontext-pro", "black-forest-labs/flux-kontext-pro", "FLUX.1 Kontext [pro]: edits one image by instruction")
        .actions(Action.EDIT).inputImages(1, 1)
        .parameter(kontextRatio(), CommonParameter.ASPECT_RATIO)
        .parameter(bool("prompt_upsampling", false))
        .parameter(seed(), CommonParameter.SEED)
        .parameter(format("png", "jpg", "png"), CommonParameter.OUTPUT_FORMAT)
        .parameter(integer("safety_tolerance", 0, 2, 2).withDescription("0 strict; at most 2 with an input image"))
        .price(Money.usd("0.04")), false, "prompt", Images.fields("input_image"));
  }

  static ModelEntry multiImageKontext() {
    return entry(spec("multi-image-kontext-pro", "flux-kontext-apps/multi-image-kontext-pro",
            "FLUX.1 Kontext [pro] over two images: combines them by instruction")
        .actions(Action.EDIT).inputImages(2, 2)
        .parameter(kontextRatio(), CommonParameter.ASPECT_RATIO)
        .parameter(seed(), CommonParameter.SEED)
        .parameter(format("png", "jpg", "png"), CommonParameter.OUTPUT_FORMAT)
        .parameter(integer("safety_tolerance", 0, 2, 2)), false, "prompt", Images.fields("input_image_1", "input_image_2"));
  }

  static ModelEntry fillPro() {
    return entry(spec("flux-fill-pro", "black-forest-labs/flux-fill-pro",
            "FLUX.1 Fill [pro]: inpainting and outpainting; the second input image, if any, is the mask (white = inpaint)")
        .actions(Action.EDIT).inputImages(1, 2).promptRequired(false)
        .parameter(text("outpaint", "None").withDescription(
            "None, Zoom out 1.5x, Zoom out 2x, Make square, Left outpaint, Right outpaint, Top outpaint, Bottom outpaint"))
        .parameter(integer("steps", 1, 50, 50), CommonParameter.STEPS)
        .parameter(number("guidance", 2, 5, 3), CommonParameter.GUIDANCE)
        .parameter(bool("prompt_upsampling", false))
        .parameter(integer("safety_tolerance", 1, 6, 2))
        .parameter(seed(), CommonParameter.SEED)
        .parameter(format("jpg", "jpg", "png"), CommonParameter.OUTPUT_FORMAT), false, "prompt", Images.fields("image", "mask"));
  }

  static ModelEntry realEsrgan() {
    return entry(spec("real-esrgan", "nightmareai/real-esrgan", "Real-ESRGAN: general purpose upscaler, optional face repair")
        .actions(Action.UPSCALE)
        .parameter(number("scale", 0, 10, 4), CommonParameter.UPSCALE_FACTOR)
        .parameter(bool("face_enhance", false).withDescription("runs GFPGAN")), true, null, Images.fields("image"));
  }

  static ModelEntry clarity() {
    return entry(spec("clarity-upscaler", "philz1337x/clarity-upscaler",
            "Clarity Upscaler: creative upscaling for portraits and products (billed by GPU time; price is an estimate)")
        .actions(Action.UPSCALE)
        .parameter(text("negative_prompt", "(worst quality, low quality, normal quality:2) JuggernautNegative-neg"),
            CommonParameter.NEGATIVE_PROMPT)
        .parameter(number("scale_factor", 1, 16, 2), CommonParameter.UPSCALE_FACTOR)
        .parameter(number("dynamic", 1, 50, 6).withDescription("HDR"))
        .parameter(number("creativity", 0, 1, 0.35))
        .parameter(number("resemblance", 0, 3, 0.6))
        .parameter(integer("tiling_width", 16, 256, 112).withDescription("a multiple of 16"))
        .parameter(integer("tiling_height", 16, 256, 144).withDescription("a multiple of 16"))
        .parameter(choice("sd_model", "juggernaut_reborn.safetensors [338b85bc4f]",
            "epicrealism_naturalSinRC1VAE.safetensors [84d76a0328]", "juggernaut_reborn.safetensors [338b85bc4f]",
            "flat2DAnimerge_v45Sharp.safetensors"))
        .parameter(text("scheduler", "DPM++ 3M SDE Karras").withDescription("an A1111 sampler name such as Euler a, DDIM, UniPC"))
        .parameter(integer("num_inference_steps", 1, 100, 18), CommonParameter.STEPS)
        .parameter(seed().withDefault(1337L), CommonParameter.SEED)
        .parameter(number("multistep_factor", 0, 2, 0.8))
        .parameter(bool("downscaling", false))
        .parameter(integer("downscaling_resolution", 64, 8192, 768))
        .parameter(text("lora_links", "").withDescription("comma-separated URLs"))
        .parameter(text("custom_sd_model", ""))
        .parameter(number("sharpen", 0, 10, 0))
        .parameter(text("mask", null).withDescription("URL of an image of the areas to preserve"))
        .parameter(choice("handfix", "disabled", "disabled", "hands_only", "image_and_hands"))
        .parameter(bool("pattern", false).withDescription("seamless tiling"))
        .parameter(format("png", "webp", "jpg", "png"), CommonParameter.OUTPUT_FORMAT)
        .price(Money.usd("0.015")), true, "prompt", Images.fields("image"));
  }

  static ModelEntry crispUpscale() {
    return entry(spec("recraft-crisp-upscale", "recraft-ai/recraft-crisp-upscale", "Recraft Crisp Upscale: sharp enlargement, no settings")
        .actions(Action.UPSCALE).price(Money.usd("0.006")), false, null, Images.fields("image"));
  }

  static ModelEntry backgroundRemover() {
    return entry(spec("background-remover", "851-labs/background-remover", "851 Labs background remover")
        .actions(Action.REMOVE_BACKGROUND)
        .parameter(text("format", null).withDescription("output format such as png"), CommonParameter.OUTPUT_FORMAT)
        .parameter(ParameterSpec.number("threshold", 0, 1).withDescription("0 keeps a soft alpha"))
        .parameter(text("background_type", null).withDescription("such as rgba"))
        .parameter(ParameterSpec.bool("reverse")), true, null, Images.fields("image"));
  }

  static ModelEntry birefnet() {
    return entry(spec("birefnet", "men1scus/birefnet", "BiRefNet: high resolution background removal (PNG)")
        .actions(Action.REMOVE_BACKGROUND)
        .parameter(text("resolution", "").withDescription("WxH such as 1024x1024; empty for the model's default")),
        true, null, Images.fields("image"));
  }

  static ModelEntry bria() {
    return entry(spec("bria-remove-background", "bria/remove-background", "BRIA background removal (JPEG and PNG inputs)")
        .actions(Action.REMOVE_BACKGROUND)
        .parameter(bool("content_moderation", false))
        .parameter(ParameterSpec.bool("preserve_alpha")), false, null, Images.fields("image"));
  }
}
