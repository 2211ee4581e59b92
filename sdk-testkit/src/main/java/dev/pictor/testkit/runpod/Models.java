package dev.pictor.testkit.runpod;

import dev.pictor.testkit.internal.Json;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The input schemas and outputs of the public image endpoints. An endpoint id containing
 * {@code kontext} is FLUX.1 Kontext [dev] (fact sheet 3.8: {@code prompt} and {@code image} required,
 * {@code size} as {@code "W*H"}); every other id is a FLUX text-to-image endpoint ({@code prompt}
 * required, {@code width}/{@code height}), priced as schnell when the id contains {@code schnell},
 * else as dev. All answer {@code {"image_url", "cost"}}. Unknown input fields are ignored, as a
 * handler does. Stateless; thread-safe.
 */
final class Models {
  /** A kind of endpoint and its price per output megapixel (USD). */
  enum Model {
    /** FLUX.1 Kontext [dev]: cost 0.03 per megapixel, which gives the documented 0.031457 at 1024*1024. */
    KONTEXT(new BigDecimal("0.03")),
    /** FLUX.1 [dev]: $0.02 per megapixel. */
    FLUX_DEV(new BigDecimal("0.02")),
    /** FLUX.1 [schnell]: $0.0024 per megapixel. */
    FLUX_SCHNELL(new BigDecimal("0.0024"));

    final BigDecimal perMegapixel;

    Model(BigDecimal perMegapixel) {
      this.perMegapixel = perMegapixel;
    }
  }

  static final int MAX_SIDE = 4096;
  private static final Pattern SIZE = Pattern.compile("^(\\d{1,5})\\*(\\d{1,5})$");
  private static final Pattern DATA_URI = Pattern.compile("^data:image/[A-Za-z0-9.+-]+;base64,(.+)$", Pattern.DOTALL);
  private static final Set<String> FORMATS = Set.of("png", "jpeg");

  private Models() {}

  static Model of(String endpointId) {
    String id = endpointId.toLowerCase(Locale.ROOT);
    if (id.contains("kontext")) return Model.KONTEXT;
    if (id.contains("schnell")) return Model.FLUX_SCHNELL;
    return Model.FLUX_DEV;
  }

  /** Why {@code input} is invalid for {@code model}, or null when it is valid. */
  static String validate(Model model, Map<String, Object> input, boolean dataUris) {
    String problem = requiredText(input, "prompt");
    if (problem != null) return problem;
    problem = optionalText(input, "negative_prompt");
    if (problem != null) return problem;
    if (model == Model.KONTEXT) {
      problem = image(input.get("image"), dataUris);
      if (problem != null) return problem;
      Object size = input.get("size");
      if (size != null) {
        if (!(size instanceof String)) return "size must be a string \"W*H\", e.g. \"1024*1024\"";
        Matcher m = SIZE.matcher((String) size);
        if (!m.matches()) return "size must be written \"W*H\" with an asterisk, e.g. \"1024*1024\"; was \"" + size + "\"";
        problem = side("size width", Integer.parseInt(m.group(1)));
        if (problem == null) problem = side("size height", Integer.parseInt(m.group(2)));
        if (problem != null) return problem;
      }
    } else {
      for (String side : new String[] {"width", "height"}) {
        Object v = input.get(side);
        if (v == null) continue;
        Long n = integer(v);
        if (n == null) return side + " must be an integer";
        problem = side(side, n);
        if (problem != null) return problem;
      }
    }
    Object steps = input.get("num_inference_steps");
    if (steps != null) {
      Long n = integer(steps);
      if (n == null || n < 1 || n > 50) return "num_inference_steps must be an integer from 1 to 50; was " + Json.write(steps);
    }
    Object guidance = input.get("guidance");
    if (guidance != null) {
      if (!(guidance instanceof BigDecimal)) return "guidance must be a number from 0 to 10";
      BigDecimal g = (BigDecimal) guidance;
      if (g.signum() < 0 || g.compareTo(BigDecimal.TEN) > 0) return "guidance must be a number from 0 to 10; was " + g.toPlainString();
    }
    Object seed = input.get("seed");
    if (seed != null && integer(seed) == null) return "seed must be an integer (-1 for a random seed)";
    for (String key : model == Model.KONTEXT ? new String[] {"output_format"} : new String[] {"output_format", "image_format"}) {
      Object format = input.get(key);
      if (format != null && !FORMATS.contains(format)) return key + " must be \"png\" or \"jpeg\"; was " + Json.write(format);
    }
    Object safety = input.get("enable_safety_checker");
    if (safety != null && !(safety instanceof Boolean)) return "enable_safety_checker must be a boolean";
    return null;
  }

  private static String image(Object image, boolean dataUris) {
    if (image == null) return "image is required: the URL of the source image";
    if (!(image instanceof String) || ((String) image).isBlank()) return "image must be a non-empty string";
    String text = (String) image;
    Matcher data = DATA_URI.matcher(text);
    if (data.matches()) {
      if (!dataUris) return "image must be an http(s) URL; data URIs are not accepted";
      try {
        if (Base64.getMimeDecoder().decode(data.group(1)).length == 0) return "image data URI is empty";
      } catch (IllegalArgumentException e) {
        return "image data URI is not valid base64";
      }
      return null;
    }
    if (HttpUrl.parse(text) == null) {
      return dataUris ? "image must be an http(s) URL or a data:image/...;base64, URI" : "image must be an http(s) URL";
    }
    return null;
  }

  private static String requiredText(Map<String, Object> input, String key) {
    Object v = input.get(key);
    if (v == null) return key + " is required";
    if (!(v instanceof String) || ((String) v).isBlank()) return key + " must be a non-empty string";
    return null;
  }

  private static String optionalText(Map<String, Object> input, String key) {
    Object v = input.get(key);
    return v == null || v instanceof String ? null : key + " must be a string";
  }

  private static String side(String name, long n) {
    return n < 1 || n > MAX_SIDE ? name + " must be from 1 to " + MAX_SIDE + "; was " + n : null;
  }

  /** {@code value} as a long when it is an integral JSON number, else null. */
  static Long integer(Object value) {
    if (!(value instanceof BigDecimal)) return null;
    try {
      return ((BigDecimal) value).longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** The seed of the output image: {@code input.seed} when it is >= 0, else one derived from the job id. */
  static long seed(Map<String, Object> input, String id) {
    Long seed = integer(input.get("seed"));
    return seed != null && seed >= 0 ? seed : id.hashCode() & 0x7fffffffL;
  }

  /** {@code "png"} or {@code "jpeg"}, from {@code output_format} (or {@code image_format}). */
  static String format(Map<String, Object> input) {
    Object format = input.get("output_format");
    if (format == null) format = input.get("image_format");
    return "jpeg".equals(format) ? "jpeg" : "png";
  }

  /** The job's {@code cost}: the output megapixels times the model's price, to 6 decimals. */
  static BigDecimal cost(Model model, Map<String, Object> input) {
    long width = 1024;
    long height = 1024;
    if (model == Model.KONTEXT) {
      Object size = input.get("size");
      Matcher m = size instanceof String ? SIZE.matcher((String) size) : null;
      if (m != null && m.matches()) {
        width = Long.parseLong(m.group(1));
        height = Long.parseLong(m.group(2));
      }
    } else {
      Long w = integer(input.get("width"));
      Long h = integer(input.get("height"));
      if (w != null) width = w;
      if (h != null) height = h;
    }
    BigDecimal megapixels = BigDecimal.valueOf(width * height).movePointLeft(6);
    return model.perMegapixel.multiply(megapixels).setScale(6, RoundingMode.HALF_UP);
  }
}
