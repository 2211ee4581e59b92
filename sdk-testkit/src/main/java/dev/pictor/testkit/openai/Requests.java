package dev.pictor.testkit.openai;

import dev.pictor.testkit.internal.Json;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;
import okio.ByteString;

/**
 * Reads an images request body: JSON for generations, {@code multipart/form-data} for edits (text
 * fields, then the files of the {@code image} / {@code image[]} and {@code mask} parts, each with its
 * file name and content type). The canonical form (fields with sorted keys, files by digest) is what
 * the ledger compares to find the same request charged twice. Stateless; thread-safe.
 */
final class Requests {
  private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"");
  private static final Pattern FILE_NAME = Pattern.compile(";\\s*filename=\"([^\"]*)\"");

  private Requests() {}

  /** One uploaded file. */
  record Upload(String part, String fileName, String contentType, byte[] bytes) {
    String digest() {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A request as read.
   *
   * @param fields the fields by name: strings, numbers ({@code BigDecimal}), booleans or null (multipart fields are strings)
   * @param images the image files, in order
   * @param mask the mask file, or null
   * @param canonical the request in a canonical form, for duplicate detection
   */
  record Parsed(Map<String, Object> fields, List<Upload> images, Upload mask, String canonical) {}

  /** A body that cannot be read as a request. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  static Parsed json(RecordedRequest request) throws Unreadable {
    ByteString body = request.getBody();
    Object parsed;
    try {
      parsed = Json.parse(body == null ? "" : body.utf8());
    } catch (IllegalArgumentException e) {
      throw new Unreadable("We could not parse the JSON body of your request. (HINT: This likely means you aren't using your"
          + " HTTP library correctly. The OpenAI API expects a JSON payload.)");
    }
    if (!(parsed instanceof Map)) throw new Unreadable("The request body must be a JSON object.");
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) parsed;
    return new Parsed(fields, List.of(), null, Json.canonical(fields));
  }

  static Parsed multipart(RecordedRequest request) throws Unreadable {
    MediaType type = MediaType.parse(String.valueOf(request.getHeaders().get("Content-Type")));
    String boundary = type == null ? null : type.parameter("boundary");
    if (type == null || !type.subtype().equals("form-data") || boundary == null) {
      throw new Unreadable("Image edits take multipart/form-data; the Content-Type was " + request.getHeaders().get("Content-Type"));
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    List<Upload> images = new ArrayList<>();
    Upload mask = null;
    ByteString body = request.getBody() == null ? ByteString.EMPTY : request.getBody();
    try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
      for (MultipartReader.Part next; (next = reader.nextPart()) != null; ) {
        try (MultipartReader.Part part = next) {
          Headers h = part.headers();
          String disposition = String.valueOf(h.get("Content-Disposition"));
          Matcher name = NAME.matcher(disposition);
          if (!name.find()) throw new Unreadable("a multipart part has no name: " + disposition);
          Matcher file = FILE_NAME.matcher(disposition);
          if (file.find()) {
            Upload u = new Upload(name.group(1), file.group(1), h.get("Content-Type"), part.body().readByteArray());
            if (u.part().equals("mask")) mask = u;
            else images.add(u);
          } else if (fields.put(name.group(1), part.body().readUtf8()) != null) {
            throw new Unreadable("the field " + name.group(1) + " is given twice");
          }
        }
      }
    } catch (IOException e) {
      throw new Unreadable("The multipart body could not be read: " + e.getMessage());
    }
    Map<String, Object> canonical = new TreeMap<>(fields);
    List<Object> digests = new ArrayList<>();
    for (Upload u : images) digests.add(u.part() + ":" + u.digest());
    canonical.put("(files)", digests);
    if (mask != null) canonical.put("(mask)", mask.digest());
    return new Parsed(fields, images, mask, Json.canonical(canonical));
  }
}
