package dev.pictor.calendar.internal;

import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.calendar.CalendarTheme;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 digests: of a photo's bytes, and the cache keys built from them. A variant's key names
 * everything that decides its image (provider, model, preview, the theme's prompt fields, the photo's
 * bytes and the seed); a training's key names the photo set, trigger word and destination owner.
 * Stateless; thread-safe.
 */
public final class Digests {
  private Digests() {}

  /** The hex SHA-256 of a photo's bytes, streamed. */
  public static String photo(ImageInput photo, int index) {
    MessageDigest md = sha256();
    try (InputStream in = photo.openStream()) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    } catch (IOException e) {
      throw new InvalidRequestException("photos[" + index + "]", "photo " + (index + 1) + " (" + photo.name()
          + ") cannot be read: " + e.getMessage(), null, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The cache key of one variant's image. */
  public static String variant(String provider, String model, boolean preview, CalendarTheme theme, String photoSha256,
      long seed) {
    return key("variant", provider, model, String.valueOf(preview), theme.basePrompt(), theme.negativePrompt(),
        String.valueOf(theme.styleStrength()), String.valueOf(theme.steps()), photoSha256, String.valueOf(seed));
  }

  /** The cache key of a LoRA trained on a photo set (order does not matter). */
  public static String training(String provider, String destinationOwner, String triggerWord, List<String> photoSha256) {
    List<String> sorted = new ArrayList<>(photoSha256);
    sorted.sort(null);
    List<String> parts = new ArrayList<>(List.of("training", provider, destinationOwner, triggerWord));
    parts.addAll(sorted);
    return key(parts.toArray(new String[0]));
  }

  private static String key(String... parts) {
    MessageDigest md = sha256();
    for (String p : parts) {
      md.update(p.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
    }
    return HexFormat.of().formatHex(md.digest()).substring(0, 40);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
