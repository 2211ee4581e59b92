package dev.pictor.openai.internal;

/**
 * Sizes and crops: which {@code size} to ask for so that an aspect ratio comes out exactly. A ratio
 * that is one of the model's standard sizes is that size; gpt-image-2 makes any other ratio as an
 * exact {@code WxH} (sides multiples of 16, the largest that fits the budget of 1536x1024 pixels);
 * every other model makes the standard size nearest in ratio, which is then cut to the ratio around
 * its centre. Stateless.
 */
public final class Geometry {
  /** gpt-image-2's limits (fact sheet 4.6). */
  static final int STEP = 16;
  static final int MAX_LONG = 3840;
  static final int MAX_SHORT = 2160;
  static final int MAX_RATIO = 3;
  /** The pixel budget of an exact size: the largest standard size's. */
  static final long BUDGET = 1536L * 1024;
  /** A crop narrower than this on its short side is refused. */
  static final int MIN_CROP_SIDE = 64;

  private Geometry() {}

  /**
   * What to ask for and what to cut out.
   *
   * @param generate the size to send, or null to send none (the model's default)
   * @param crop the size the output is cut to around its centre, or null for none
   */
  public record Shape(Size generate, Size crop) {
    static final Shape DEFAULT = new Shape(null, null);
  }

  /** An aspect ratio {@code a:b} in lowest terms. */
  public record Ratio(int a, int b) {
    /** {@code "4:5"} reduced; the core has checked the syntax. */
    static Ratio parse(String text) {
      int colon = text.indexOf(':');
      int a = Integer.parseInt(text.substring(0, colon).trim());
      int b = Integer.parseInt(text.substring(colon + 1).trim());
      int g = gcd(a, b);
      return new Ratio(a / g, b / g);
    }

    @Override
    public String toString() {
      return a + ":" + b;
    }
  }

  /** The shape for ratio {@code r} on model {@code m}; a reason in {@code why} when there is none. */
  static Shape forRatio(ModelRules m, Ratio r, StringBuilder why) {
    for (Size s : m.sizes()) {
      if (s.hasRatio(r.a(), r.b())) return new Shape(s, null);
    }
    if (m.anySize()) {
      Size exact = exact(r);
      if (exact == null) {
        why.append("gpt-image-2 cannot make ").append(r).append(" exactly: it takes ratios from 1:3 to 3:1 with both sides"
            + " multiples of 16 within 3840x2160");
        return null;
      }
      return new Shape(exact, null);
    }
    Size source = nearest(m, r);
    Size crop = cropBox(source, r);
    if (Math.min(crop.width(), crop.height()) < MIN_CROP_SIDE) {
      why.append(r).append(" cut from ").append(source.wire()).append(" would be ").append(crop.wire())
          .append("; ratios that leave less than ").append(MIN_CROP_SIDE).append(" pixels on a side are refused");
      return null;
    }
    return new Shape(source, crop);
  }

  /**
   * The largest {@code a*k x b*k} with both sides multiples of 16 within the pixel budget (or, for a
   * ratio whose smallest such size exceeds it, that smallest size), within gpt-image-2's limits;
   * null when none is.
   */
  static Size exact(Ratio r) {
    if ((long) r.a() > (long) MAX_RATIO * r.b() || (long) r.b() > (long) MAX_RATIO * r.a()) return null;
    long step = lcm(STEP / gcd(r.a(), STEP), STEP / gcd(r.b(), STEP));
    long unit = (long) r.a() * r.b() * step * step; // pixels at k = step
    long m = Math.max(1, (long) Math.floor(Math.sqrt((double) BUDGET / unit)));
    Size s = new Size((int) Math.min(Integer.MAX_VALUE, r.a() * step * m), (int) Math.min(Integer.MAX_VALUE, r.b() * step * m));
    return customProblem(s) == null ? s : null;
  }

  /** Why gpt-image-2 refuses {@code s}, or null when it takes it. */
  static String customProblem(Size s) {
    if (s.width() % STEP != 0 || s.height() % STEP != 0) return "both sides must be multiples of 16";
    int longSide = Math.max(s.width(), s.height());
    int shortSide = Math.min(s.width(), s.height());
    if (longSide > MAX_LONG || shortSide > MAX_SHORT) return "it must fit within 3840x2160 (either way round)";
    if (longSide > (long) MAX_RATIO * shortSide) return "its ratio must be between 1:3 and 3:1";
    return null;
  }

  /** The standard size nearest to {@code r} in ratio (on a log scale); the larger one on a tie. */
  static Size nearest(ModelRules m, Ratio r) {
    double target = Math.log((double) r.a() / r.b());
    Size best = null;
    double bestDistance = Double.MAX_VALUE;
    for (Size s : m.sizes()) {
      double d = Math.abs(Math.log((double) s.width() / s.height()) - target);
      if (d < bestDistance - 1e-12 || (Math.abs(d - bestDistance) <= 1e-12 && s.pixels() > best.pixels())) {
        best = s;
        bestDistance = d;
      }
    }
    return best;
  }

  /** The largest {@code a*k x b*k} that fits in {@code source}. */
  public static Size cropBox(Size source, Ratio r) {
    int k = Math.min(source.width() / r.a(), source.height() / r.b());
    return new Size(r.a() * k, r.b() * k);
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  private static long lcm(long a, long b) {
    return a / gcd((int) a, (int) b) * b;
  }
}
