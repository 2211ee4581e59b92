package dev.pictor.internal;

import dev.pictor.Action;
import dev.pictor.CommonParameter;
import dev.pictor.GenerationRequest;
import dev.pictor.ImageInfo;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.ModelSpec;
import dev.pictor.ParameterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a request against its model's spec before anything is sent, and resolves its parameters to
 * the provider's names. Every failure is an {@link InvalidRequestException} naming the field, the
 * value and what is allowed.
 */
public final class RequestValidator {
  private static final Pattern RATIO = Pattern.compile("[1-9][0-9]{0,4}:[1-9][0-9]{0,4}");

  private RequestValidator() {}

  /** Validates and returns the provider parameters (common fields mapped through the spec's bindings). */
  public static Map<String, Object> validate(GenerationRequest r, ModelSpec spec, Instant now) {
    String model = spec.id();
    if (!spec.actions().contains(r.action())) {
      throw new InvalidRequestException("action", "model " + model + " does not support " + r.action().wireName()
          + "; it supports: " + wire(spec));
    }
    checkPrompt(r, spec);
    checkImages(r, spec);
    if (r.deadline().isPresent() && !r.deadline().get().isAfter(now)) {
      throw new InvalidRequestException("deadline", "deadline " + r.deadline().get() + " is not in the future (now " + now + ")");
    }

    Map<String, Object> params = new LinkedHashMap<>();
    r.negativePrompt().ifPresent(v -> bind(params, spec, CommonParameter.NEGATIVE_PROMPT, v));
    r.seed().ifPresent(v -> bind(params, spec, CommonParameter.SEED, v));
    r.steps().ifPresent(v -> bind(params, spec, CommonParameter.STEPS, v));
    r.guidance().ifPresent(v -> bind(params, spec, CommonParameter.GUIDANCE, v));
    r.numOutputs().ifPresent(v -> bind(params, spec, CommonParameter.NUM_OUTPUTS, v));
    r.outputFormat().ifPresent(v -> bind(params, spec, CommonParameter.OUTPUT_FORMAT, v.toLowerCase(Locale.ROOT)));
    r.upscaleFactor().ifPresent(v -> bind(params, spec, CommonParameter.UPSCALE_FACTOR, v));
    if (r.aspectRatio().isPresent()) {
      if (r.width().isPresent()) {
        throw new InvalidRequestException("aspectRatio", "give an aspect ratio or a width and height, not both");
      }
      String ratio = r.aspectRatio().get();
      if (!RATIO.matcher(ratio).matches()) {
        throw new InvalidRequestException("aspectRatio", "aspectRatio = " + ratio
            + " is not a ratio: expected two positive whole numbers such as 16:9");
      }
      bind(params, spec, CommonParameter.ASPECT_RATIO, ratio);
    }
    if (r.width().isPresent()) {
      bind(params, spec, CommonParameter.WIDTH, r.width().get());
      bind(params, spec, CommonParameter.HEIGHT, r.height().get());
    }
    for (Map.Entry<String, Object> e : r.parameters().entrySet()) {
      ParameterSpec p = spec.parameters().get(e.getKey());
      if (p == null && spec.acceptsUnknownParameters()) {
        if (params.containsKey(e.getKey())) {
          throw new InvalidRequestException(e.getKey(), "parameter '" + e.getKey() + "' is given twice: as a request field and as a parameter");
        }
        params.put(e.getKey(), e.getValue());
        continue;
      }
      if (p == null) {
        throw new InvalidRequestException(e.getKey(), "unknown parameter '" + e.getKey() + "' for model " + model
            + "; it takes: " + (spec.parameters().isEmpty() ? "none" : String.join(", ", spec.parameters().keySet())));
      }
      if (params.containsKey(e.getKey())) {
        throw new InvalidRequestException(e.getKey(), "parameter '" + e.getKey() + "' is given twice: as a request field and as a parameter");
      }
      params.put(e.getKey(), p.validate(e.getKey(), e.getValue(), model));
    }
    return params;
  }

  private static void bind(Map<String, Object> params, ModelSpec spec, CommonParameter common, Object value) {
    ParameterSpec p = spec.parameter(common).orElseThrow(() -> new InvalidRequestException(common.field(),
        "model " + spec.id() + " does not take " + common.field() + " (given " + value + ")"));
    params.put(p.name(), p.validate(common.field(), value, spec.id()));
  }

  private static void checkPrompt(GenerationRequest r, ModelSpec spec) {
    boolean needsPrompt = (r.action() == Action.CREATE || r.action() == Action.EDIT) && spec.promptRequired();
    String prompt = r.prompt().orElse(null);
    if (needsPrompt && (prompt == null || prompt.isBlank())) {
      throw new InvalidRequestException("prompt", "prompt is required for " + r.action().wireName() + " with model " + spec.id());
    }
    if (prompt != null && prompt.length() > spec.maxPromptLength()) {
      throw new InvalidRequestException("prompt", "prompt is " + prompt.length() + " characters; model " + spec.id()
          + " allows at most " + spec.maxPromptLength());
    }
  }

  private static void checkImages(GenerationRequest r, ModelSpec spec) {
    int n = r.images().size();
    if (n < spec.minInputImages() || n > spec.maxInputImages()) {
      String allowed = spec.maxInputImages() == 0 ? "no input images"
          : spec.minInputImages() == spec.maxInputImages() ? spec.maxInputImages() + " input image" + (spec.maxInputImages() == 1 ? "" : "s")
          : spec.minInputImages() + " to " + spec.maxInputImages() + " input images";
      throw new InvalidRequestException("images", "model " + spec.id() + " takes " + allowed + " for "
          + r.action().wireName() + "; got " + n);
    }
    if (r.action() != Action.CREATE && n == 0) {
      throw new InvalidRequestException("images", r.action().wireName() + " needs an input image; got none");
    }
    if ((r.action() == Action.UPSCALE || r.action() == Action.REMOVE_BACKGROUND) && n > 1) {
      throw new InvalidRequestException("images", r.action().wireName() + " takes exactly 1 input image; got " + n);
    }
    for (int i = 0; i < n; i++) checkImage("images[" + i + "]", r.images().get(i), spec);
  }

  private static void checkImage(String field, ImageInput in, ModelSpec spec) {
    if (!in.isLocal()) return;
    if (in.name().startsWith(JobCodec.NOT_KEPT)) {
      throw new InvalidRequestException(field, field + " (" + in.name().substring(JobCodec.NOT_KEPT.length())
          + ") was held in memory and was not kept across the restart; submit the job again with the image");
    }
    String label = field + " (" + in.name() + ")";
    try {
      if (in.path().isPresent() && !Files.isRegularFile(in.path().get())) {
        throw new InvalidRequestException(field, label + ": no such file " + in.path().get());
      }
      long size = in.size();
      if (size == 0) throw new InvalidRequestException(field, label + " is empty");
      if (size > spec.maxInputBytes()) {
        throw new InvalidRequestException(field, label + " is " + mb(size) + "; model " + spec.id()
            + " accepts images up to " + mb(spec.maxInputBytes()));
      }
      ImageInfo info = in.probe();
      if (!info.format().isSupportedInput()) {
        throw new InvalidRequestException(field, label + " is "
            + (info.format() == dev.pictor.ImageFormat.UNKNOWN ? "not an image Pictor recognises" : info.format().name())
            + "; allowed formats: JPEG, PNG, WEBP");
      }
      if (info.width() < 0 || info.height() < 0) {
        throw new InvalidRequestException(field, label + " is a " + info.format() + " whose header declares a size beyond what "
            + info.format() + " allows; send an image of at most " + ImageInput.MAX_PIXELS + " pixels");
      }
      if (info.width() == 0 || info.height() == 0) {
        throw new InvalidRequestException(field, label + " is a " + info.format() + " whose dimensions cannot be read from its header");
      }
      if (info.pixels() > ImageInput.MAX_PIXELS) {
        throw new InvalidRequestException(field, label + " is " + info.width() + " x " + info.height() + " pixels by its header ("
            + info.pixels() + "); images may have at most " + ImageInput.MAX_PIXELS + " pixels (16384 x 16384)");
      }
      String cut;
      try (java.io.InputStream bytes = in.openStream()) {
        cut = ImageHeaders.incomplete(bytes, info.format(), size);
      }
      if (cut != null) {
        throw new InvalidRequestException(field, label + " is not a whole " + info.format() + ": it " + cut
            + "; send the complete file (JPEG, PNG or WEBP)");
      }
    } catch (NoSuchFileException e) {
      throw new InvalidRequestException(field, label + ": no such file " + e.getFile());
    } catch (IOException e) {
      throw new InvalidRequestException(field, label + " cannot be read: " + e.getMessage(), null, e);
    }
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }

  private static String wire(ModelSpec spec) {
    StringBuilder sb = new StringBuilder();
    for (Action a : spec.actions()) {
      if (sb.length() > 0) sb.append(", ");
      sb.append(a.wireName());
    }
    return sb.toString();
  }
}
