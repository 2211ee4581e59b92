package dev.pictor.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Job ids: {@code job_} plus 20 random base-32 characters (100 bits), sortable enough and URL-safe. */
public final class Ids {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private Ids() {}

  public static String newJobId() {
    return "job_" + random(20);
  }

  public static String newId(String prefix) {
    return prefix + "_" + random(20);
  }

  static String shortRandom() {
    return random(8);
  }

  private static String random(int length) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] c = new char[length];
    for (int i = 0; i < length; i++) c[i] = ALPHABET[r.nextInt(32)];
    return new String(c);
  }
}
