package dev.pictor.openai.internal;

import dev.pictor.Action;
import dev.pictor.GenerationRequest;
import dev.pictor.ImageFormat;
import dev.pictor.ImageInfo;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.spi.ProviderRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the rules that span parameters, which a {@code ParameterSpec} cannot (fact sheet 4.3 to
 * 4.6), and turns a validated request into a {@link Plan}: one of {@code size}, an aspect ratio or
 * width and height; a transparent background needs png or webp; {@code output_compression} needs
 * jpeg or webp; {@code moderation} is for generations, {@code input_fidelity} and a mask for edits;
 * dall-e-3 makes one image a request; edits take local files (dall-e-2: one square PNG). Every
 * failure is an {@link InvalidRequestException} naming the field and what is allowed, thrown before
 * anything is sent. Stateless.
 */
public final class Planner {
  static final float DEFAULT_JPEG_QUALITY = 0.95f;

  private Planner() {}

  public static Plan plan(ProviderRequest pr) {
    ModelRules m = Catalogue.rules(pr.model().id());
    GenerationRequest r = pr.request();
    boolean edit = r.action() == Action.EDIT;
    if (r.action() != Action.CREATE && !edit) {
      throw bad("action", "OpenAI's image models create and edit; " + r.action().wireName() + " is not one of them");
    }
    if (edit && !m.edits()) throw bad("action", m.id() + " does not edit images; gpt-image models and dall-e-2 do");
    if (!edit && !r.images().isEmpty()) {
      throw bad("images", "create takes no input images; use GenerationRequest.edit(...) to edit them");
    }
    if (edit) checkImages(m, r.images());
    Map<String, Object> p = new LinkedHashMap<>(pr.parameters());
    Map<String, Object> fields = new LinkedHashMap<>();

    Object nValue = p.remove("n");
    int n = nValue == null ? 1 : ((Number) nValue).intValue();
    if (m.family() == ModelRules.Family.DALL_E_3 && n != 1) {
      throw bad(r.numOutputs().isPresent() ? "numOutputs" : "n", "dall-e-3 makes one image per request (n = 1); got "
          + n + ": submit several jobs, or use a gpt-image model (up to 10)");
    }
    if (nValue != null) fields.put("n", (long) n);

    Geometry.Ratio[] ratio = new Geometry.Ratio[1];
    String wireSize = size(m, r, p, ratio);
    Geometry.Shape shape = shape(wireSize, ratio[0]);
    if (wireSize != null) fields.put("size", wireSize);
    Object quality = p.remove("quality");
    if (quality != null) fields.put("quality", quality);

    String format = null;
    if (m.gptImage()) format = checkGptFields(r, p, shape, ratio[0], edit);
    else if (shape.crop() != null) {
      if ("url".equals(p.get("response_format"))) {
        throw bad("response_format", ratio[0] + " on " + m.id() + " is cut by Pictor from " + shape.generate().wire()
            + ", which needs the image's bytes: set response_format b64_json, or leave it unset");
      }
      p.put("response_format", "b64_json");
    }
    Object mask = p.remove(Catalogue.MASK);
    Path maskFile = null;
    if (mask != null) {
      if (!edit) throw bad(Catalogue.MASK, "a mask applies to edits only");
      maskFile = checkMask(mask.toString(), r.images().get(0));
    }
    Object compression = p.get("output_compression");
    float jpegQuality = compression == null ? DEFAULT_JPEG_QUALITY : ((Number) compression).floatValue() / 100f;
    fields.putAll(p);
    String operation = edit ? "edits" : "generations";
    return new Plan(operation, m, pr.model().providerRef(), r.prompt().orElse(""), fields, edit ? r.images() : List.of(),
        maskFile, shape, shape.crop() == null ? null : ratio[0], format, quality == null ? null : quality.toString(), n,
        jpegQuality);
  }

  /** The {@code size} to send (null for none) from one of size, an aspect ratio, or width and height. */
  private static String size(ModelRules m, GenerationRequest r, Map<String, Object> p, Geometry.Ratio[] ratio) {
    Object size = p.remove("size");
    Object aspect = p.remove(Catalogue.ASPECT_RATIO);
    Object w = p.remove(Catalogue.WIDTH);
    Object h = p.remove(Catalogue.HEIGHT);
    int given = (size != null ? 1 : 0) + (aspect != null ? 1 : 0) + (w != null || h != null ? 1 : 0);
    if (given > 1) {
      List<String> got = new java.util.ArrayList<>();
      if (size != null) got.add("size " + size);
      if (aspect != null) got.add("aspectRatio " + aspect);
      if (w != null || h != null) got.add("width " + w + " and height " + h);
      throw bad(size != null ? "size" : "aspectRatio", "give one of size, aspectRatio, or width and height; got " + String.join(", ", got));
    }
    if ((w == null) != (h == null)) throw bad(w == null ? "height" : "width", "width and height go together; give both");
    if (size != null) return checkSize(m, size.toString());
    if (w != null) return checkExact(m, new Size(((Number) w).intValue(), ((Number) h).intValue()));
    if (aspect == null) return null;
    ratio[0] = Geometry.Ratio.parse(aspect.toString());
    StringBuilder why = new StringBuilder();
    Geometry.Shape shape = Geometry.forRatio(m, ratio[0], why);
    if (shape == null) throw bad(r.aspectRatio().isPresent() ? "aspectRatio" : Catalogue.ASPECT_RATIO, "aspectRatio = " + aspect + ": " + why);
    return shape.generate().wire();
  }

  private static Geometry.Shape shape(String wireSize, Geometry.Ratio ratio) {
    Size size = Size.parse(wireSize);
    if (ratio == null || size == null || size.hasRatio(ratio.a(), ratio.b())) return new Geometry.Shape(size, null);
    return new Geometry.Shape(size, Geometry.cropBox(size, ratio));
  }

  private static String checkSize(ModelRules m, String size) {
    if (!m.anySize() || size.equals("auto")) return size; // the choice list checked it
    Size s = Size.parse(size);
    if (s == null) throw bad("size", "size = " + size + " is not allowed for model " + m.id() + ": expected auto or WxH, such as 1088x1360");
    return checkExact(m, s);
  }

  private static String checkExact(ModelRules m, Size s) {
    if (m.standard(s)) return s.wire();
    if (!m.anySize()) {
      throw bad("size", "size " + s.wire() + " is not allowed for model " + m.id() + ": it makes " + m.sizeList()
          + "; for another shape give an aspectRatio (Pictor cuts it from the nearest size), or use gpt-image-2 (any WxH)");
    }
    String problem = Geometry.customProblem(s);
    if (problem != null) throw bad("size", "size " + s.wire() + " is not allowed for model " + m.id() + ": " + problem);
    return s.wire();
  }

  /** The GPT image fields that depend on each other; returns the format the answer comes in. */
  private static String checkGptFields(GenerationRequest r, Map<String, Object> p, Geometry.Shape shape, Geometry.Ratio ratio,
      boolean edit) {
    String formatField = r.outputFormat().isPresent() ? "outputFormat" : "output_format";
    String format = p.containsKey("output_format") ? p.get("output_format").toString() : "png";
    if (shape.crop() != null && format.equals("webp")) {
      throw bad(formatField, ratio + " is cut by Pictor from " + shape.generate().wire() + ", which decodes and re-encodes"
          + " the image: ask for png or jpeg, or use gpt-image-2, which makes " + ratio + " exactly");
    }
    if ("transparent".equals(p.get("background")) && format.equals("jpeg")) {
      throw bad("background", "background = transparent needs output_format png or webp; got jpeg");
    }
    if (p.containsKey("output_compression") && format.equals("png")) {
      throw bad("output_compression", "output_compression applies to jpeg and webp; output_format is png");
    }
    if (edit && p.containsKey("moderation")) throw bad("moderation", "moderation applies to generations only, not to edits");
    if (!edit && p.containsKey("input_fidelity")) throw bad("input_fidelity", "input_fidelity applies to edits only");
    return format;
  }

  private static void checkImages(ModelRules m, List<ImageInput> images) {
    for (int i = 0; i < images.size(); i++) {
      ImageInput in = images.get(i);
      String field = "images[" + i + "]";
      if (!in.isLocal()) {
        throw bad(field, field + " (" + in.name() + ") is a URL; OpenAI's edits take image files:"
            + " pass ImageInput.of(path) or ImageInput.of(bytes, name)");
      }
      if (m.family() == ModelRules.Family.DALL_E_2) {
        ImageInfo info = probe(field, in);
        if (info.format() != ImageFormat.PNG || info.width() != info.height()) {
          throw bad(field, "dall-e-2 edits take one square PNG; " + field + " (" + in.name() + ") is a " + info.width()
              + "x" + info.height() + " " + info.format());
        }
      }
    }
  }

  private static Path checkMask(String value, ImageInput first) {
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw bad(Catalogue.MASK, "mask = " + value + " is not a file path");
    }
    if (!Files.isRegularFile(path)) throw bad(Catalogue.MASK, "mask: no such file " + path);
    try {
      if (Files.size(path) >= 4 * Catalogue.MB) throw bad(Catalogue.MASK, "mask " + path + " is 4 MB or more; OpenAI takes masks under 4 MB");
    } catch (IOException e) {
      throw new InvalidRequestException(Catalogue.MASK, "mask " + path + " cannot be read: " + e.getMessage(), Settings.PROVIDER, e);
    }
    ImageInfo mask = probe(Catalogue.MASK, ImageInput.of(path));
    ImageInfo image = probe("images[0]", first);
    if (mask.format() != ImageFormat.PNG) throw bad(Catalogue.MASK, "the mask must be a PNG; " + path + " is " + mask.format());
    if (mask.width() != image.width() || mask.height() != image.height()) {
      throw bad(Catalogue.MASK, "the mask must be the size of images[0] (" + image.width() + "x" + image.height() + "); "
          + path + " is " + mask.width() + "x" + mask.height());
    }
    return path;
  }

  private static ImageInfo probe(String field, ImageInput in) {
    try {
      return in.probe();
    } catch (IOException e) {
      throw new InvalidRequestException(field, field + " (" + in.name() + ") cannot be read: " + e.getMessage(), Settings.PROVIDER, e);
    }
  }

  static InvalidRequestException bad(String field, String message) {
    return new InvalidRequestException(field, message, Settings.PROVIDER, null);
  }
}
