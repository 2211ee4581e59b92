package dev.pictor.testkit.openai;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Checks an images request against its model's rules (fact sheet 4.3 to 4.6) and says what to make.
 * A problem is a 400 with OpenAI's error object naming the {@code param} and a {@code code}
 * ({@code missing_required_parameter}, {@code invalid_value}, {@code unknown_parameter},
 * {@code invalid_image_format}, {@code unsupported_in_simulator}). Stricter than OpenAI in one way:
 * {@code model} is required, since its default changed over time. Stateless; thread-safe.
 */
final class Rules {
  static final long MAX_GPT_IMAGE_BYTES = 50L * 1024 * 1024;
  static final long MAX_DALL_E_BYTES = 4L * 1024 * 1024;

  private Rules() {}

  /** A request that breaks a rule. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Responses.Invalid problem;

    Rejected(String param, String code, String message) {
      super(message);
      this.problem = Responses.Invalid.of(param, code, message);
    }
  }

  /**
   * What to make.
   *
   * @param model the model
   * @param n how many images
   * @param width the images' width
   * @param height the images' height
   * @param quality the quality reported and priced ({@code auto} becomes {@code medium})
   * @param format {@code png} or {@code jpeg}
   * @param background {@code opaque} or {@code transparent} (GPT image models)
   * @param b64 whether images are answered as {@code b64_json} rather than URLs
   * @param promptChars the prompt's length
   * @param inputImages how many images an edit sent
   * @param highFidelity whether {@code input_fidelity} is {@code high}
   */
  record Order(Models model, int n, int width, int height, String quality, String format, String background, boolean b64,
      int promptChars, int inputImages, boolean highFidelity) {
    String size() {
      return width + "x" + height;
    }
  }

  static Order check(boolean edit, Requests.Parsed p) throws Rejected {
    Map<String, Object> f = p.fields();
    Object modelValue = f.get("model");
    if (modelValue == null) throw new Rejected("model", "missing_required_parameter", "you must provide a model parameter");
    Models m = Models.of(String.valueOf(modelValue));
    if (m == null) {
      throw new Rejected("model", "invalid_value", "Invalid value: '" + modelValue + "'. Supported values are: " + Models.ids() + ".");
    }
    if (edit && m == Models.DALL_E_3) throw new Rejected("model", "invalid_value", "dall-e-3 does not support image edits.");
    for (String name : f.keySet()) {
      if (!(edit ? Models.EDIT_FIELDS : Models.GENERATION_FIELDS).contains(name) || !takes(m, name)) {
        throw new Rejected(name, "unknown_parameter", "Unknown parameter: '" + name + "'" + (edit && name.equals("moderation")
            ? " (moderation applies to generations only)." : " for " + m.id + "."));
      }
    }
    String prompt = text(f, "prompt");
    if (prompt == null || prompt.isBlank()) throw new Rejected("prompt", "missing_required_parameter", "You must provide a prompt.");
    if (prompt.length() > m.maxPrompt()) {
      throw new Rejected("prompt", "string_above_max_length", "Invalid 'prompt': string too long. Expected a string with maximum"
          + " length " + m.maxPrompt() + ", but got a string with length " + prompt.length() + " instead.");
    }
    if (Boolean.TRUE.equals(f.get("stream")) || "true".equals(f.get("stream"))) {
      throw new Rejected("stream", "unsupported_in_simulator", "The OpenAI simulator does not stream; send stream=false or leave it out.");
    }
    int n = (int) integer(f, "n", 1, m == Models.DALL_E_3 ? 1 : 10, 1);
    int[] size = size(m, text(f, "size"));
    String quality = choice(f, "quality", m.qualities(), m.gpt() ? "auto" : "standard");
    if (quality.equals("auto")) quality = "medium";
    String format = choice(f, "output_format", List.of("png", "jpeg", "webp"), "png");
    if (format.equals("webp")) {
      throw new Rejected("output_format", "unsupported_in_simulator", "The OpenAI simulator answers png and jpeg only.");
    }
    if (f.containsKey("output_compression")) {
      integer(f, "output_compression", 0, 100, 100);
      if (format.equals("png")) {
        throw new Rejected("output_compression", "invalid_value", "output_compression applies to jpeg and webp; output_format is png.");
      }
    }
    String background = choice(f, "background", List.of("transparent", "opaque", "auto"), "auto");
    if (background.equals("transparent") && format.equals("jpeg")) {
      throw new Rejected("background", "invalid_value", "Transparent background requires output_format png or webp.");
    }
    choice(f, "moderation", List.of("low", "auto"), "auto");
    choice(f, "style", List.of("vivid", "natural"), "vivid");
    String fidelity = choice(f, "input_fidelity", List.of("high", "low"), "low");
    String responseFormat = choice(f, "response_format", List.of("url", "b64_json"), m.gpt() ? "b64_json" : "url");
    if (f.containsKey("partial_images")) integer(f, "partial_images", 0, 3, 0);
    int images = edit ? checkImages(m, p) : 0;
    return new Order(m, n, size[0], size[1], quality, m.gpt() ? format : "png",
        m.gpt() ? (background.equals("transparent") ? "transparent" : "opaque") : null,
        responseFormat.equals("b64_json"), prompt.length(), images, fidelity.equals("high"));
  }

  /** Whether the model takes the field at all. */
  private static boolean takes(Models m, String name) {
    switch (name) {
      case "response_format":
        return !m.gpt();
      case "style":
        return m == Models.DALL_E_3;
      case "background":
      case "output_format":
      case "output_compression":
      case "moderation":
      case "stream":
      case "partial_images":
        return m.gpt();
      case "input_fidelity":
        return m.inputFidelity;
      default:
        return true;
    }
  }

  private static int[] size(Models m, String size) throws Rejected {
    if (size == null || (m.gpt() && size.equals("auto"))) {
      String d = m.sizes().get(m.family == Models.Family.DALL_E_2 ? 2 : 0);
      return new int[] {Integer.parseInt(d.substring(0, d.indexOf('x'))), Integer.parseInt(d.substring(d.indexOf('x') + 1))};
    }
    if (m.sizes().contains(size)) return wxh(size);
    if (m.anySize() && size.matches("[1-9][0-9]{1,4}x[1-9][0-9]{1,4}")) {
      int[] s = wxh(size);
      int longSide = Math.max(s[0], s[1]);
      int shortSide = Math.min(s[0], s[1]);
      String why = s[0] % 16 != 0 || s[1] % 16 != 0 ? "both sides must be multiples of 16"
          : longSide > 3840 || shortSide > 2160 ? "the size must fit within 3840x2160"
          : longSide > 3 * shortSide ? "the aspect ratio must be between 1:3 and 3:1" : null;
      if (why == null) return s;
      throw new Rejected("size", "invalid_value", "Invalid size '" + size + "': " + why + ".");
    }
    throw new Rejected("size", "invalid_value", "Invalid value: '" + size + "'. Supported values are: '"
        + String.join("', '", m.sizes()) + "'" + (m.gpt() ? ", and 'auto'" : "") + (m.anySize() ? ", or WxH" : "") + ".");
  }

  private static int[] wxh(String s) {
    int x = s.indexOf('x');
    return new int[] {Integer.parseInt(s.substring(0, x)), Integer.parseInt(s.substring(x + 1))};
  }

  private static int checkImages(Models m, Requests.Parsed p) throws Rejected {
    List<Requests.Upload> images = p.images();
    if (images.isEmpty()) throw new Rejected("image", "missing_required_parameter", "You must provide an image.");
    int max = m.gpt() ? 16 : 1;
    if (images.size() > max) {
      throw new Rejected("image", "invalid_value", m.id + " takes at most " + max + " image" + (max == 1 ? "" : "s") + "; got " + images.size() + ".");
    }
    int[] first = null;
    for (Requests.Upload u : images) {
      if (!u.part().equals("image") && !u.part().equals("image[]")) {
        throw new Rejected(u.part(), "unknown_parameter", "Unknown parameter: '" + u.part() + "'.");
      }
      String kind = sniff(u.bytes());
      String declared = u.contentType() == null ? "" : u.contentType();
      if (kind == null || !declared.equals("image/" + kind)) {
        throw new Rejected("image", "invalid_image_format", "Invalid file '" + u.fileName() + "': unsupported mimetype ('" + declared
            + "'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.");
      }
      long max2 = m.gpt() ? MAX_GPT_IMAGE_BYTES : MAX_DALL_E_BYTES;
      if (u.bytes().length >= max2) {
        throw new Rejected("image", "image_too_large", "Invalid file '" + u.fileName() + "': images must be smaller than " + (max2 >> 20) + " MB.");
      }
      int[] dims = dimensions(u.bytes());
      if (first == null) first = dims;
      if (!m.gpt() && (!kind.equals("png") || dims == null || dims[0] != dims[1])) {
        throw new Rejected("image", "invalid_image_format", "dall-e-2 edits take one square PNG; '" + u.fileName() + "' is not one.");
      }
    }
    Requests.Upload mask = p.mask();
    if (mask != null) {
      int[] dims = dimensions(mask.bytes());
      if (!"png".equals(sniff(mask.bytes())) || mask.bytes().length >= MAX_DALL_E_BYTES) {
        throw new Rejected("mask", "invalid_image_format", "The mask must be a PNG smaller than 4 MB.");
      }
      if (first != null && dims != null && (dims[0] != first[0] || dims[1] != first[1])) {
        throw new Rejected("mask", "invalid_image_dimensions", "The mask must have the same dimensions as the image: " + first[0]
            + "x" + first[1] + "; got " + dims[0] + "x" + dims[1] + ".");
      }
    }
    return images.size();
  }

  /** png, jpeg or webp by magic bytes, else null. */
  static String sniff(byte[] b) {
    if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "png";
    if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) return "jpeg";
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
        && b[10] == 'B' && b[11] == 'P') return "webp";
    return null;
  }

  /** Width and height without decoding the pixels, or null when ImageIO cannot read the format (WEBP). */
  static int[] dimensions(byte[] bytes) {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) return null;
      ImageReader r = readers.next();
      try {
        r.setInput(in, true, true);
        return new int[] {r.getWidth(0), r.getHeight(0)};
      } finally {
        r.dispose();
      }
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(Map<String, Object> f, String name) throws Rejected {
    Object v = f.get(name);
    if (v == null) return null;
    if (!(v instanceof String)) throw new Rejected(name, "invalid_type", "Invalid type for '" + name + "': expected a string.");
    return (String) v;
  }

  private static String choice(Map<String, Object> f, String name, List<String> allowed, String fallback) throws Rejected {
    String v = text(f, name);
    if (v == null) return fallback;
    if (!allowed.contains(v)) {
      throw new Rejected(name, "invalid_value", "Invalid value: '" + v + "'. Supported values are: '" + String.join("', '", allowed) + "'.");
    }
    return v;
  }

  private static long integer(Map<String, Object> f, String name, long min, long max, long fallback) throws Rejected {
    Object v = f.get(name);
    if (v == null) return fallback;
    BigDecimal d;
    try {
      d = v instanceof BigDecimal ? (BigDecimal) v : new BigDecimal(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new Rejected(name, "invalid_type", "Invalid type for '" + name + "': expected an integer.");
    }
    if (d.stripTrailingZeros().scale() > 0) throw new Rejected(name, "invalid_type", "Invalid type for '" + name + "': expected an integer.");
    if (d.compareTo(BigDecimal.valueOf(min)) < 0) {
      throw new Rejected(name, "integer_below_min_value", "Invalid '" + name + "': integer below minimum value. Expected a value >= "
          + min + ", but got " + d.toPlainString() + " instead.");
    }
    if (d.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new Rejected(name, "integer_above_max_value", "Invalid '" + name + "': integer above maximum value. Expected a value <= "
          + max + ", but got " + d.toPlainString() + " instead.");
    }
    return d.longValue();
  }
}
