package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;
import okio.ByteString;

/**
 * The Files API: multipart upload with parts {@code content} (required), {@code filename},
 * {@code type} and {@code metadata}; read, download, list and delete. Files are visible only to the
 * token that uploaded them. Thread-safe.
 */
final class FileRoutes {
  private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"");
  private static final Pattern FILENAME = Pattern.compile("(?:^|;)\\s*filename=\"([^\"]*)\"");
  private static final String TOO_LARGE = "Files must be less than 100MB in size";

  private record StoredFile(String id, long seq, String token, String name, String contentType, ByteString content,
      Object metadata, Instant createdAt) {}

  private final String apiBase;
  private final Clock clock;
  private final ReplicateLedger ledger;
  private final Pager pager;
  private final long maxFileSize;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, StoredFile> files = new ConcurrentHashMap<>();

  FileRoutes(String apiBase, Clock clock, ReplicateLedger ledger, Pager pager, long maxFileSize) {
    this.apiBase = apiBase;
    this.clock = clock;
    this.ledger = ledger;
    this.pager = pager;
    this.maxFileSize = maxFileSize;
  }

  /** The most request-body bytes the API host keeps: a file at the limit plus room for the other parts. */
  static long bodyLimit(long maxFileSize) {
    return maxFileSize + 1024 * 1024;
  }

  MockResponse upload(Exchange ex) {
    if (ex.bodySize() > bodyLimit(maxFileSize)) return tooLarge();
    MediaType type = MediaType.parse(String.valueOf(ex.header("Content-Type")));
    String boundary = type == null ? null : type.parameter("boundary");
    if (boundary == null || !"multipart".equals(type.type())) {
      return Responses.problem(400, "Bad request", "The request must be multipart/form-data.");
    }
    ByteString content = null;
    String filename = null;
    String contentType = null;
    Object metadata = Json.object();
    try (MultipartReader reader = new MultipartReader(new Buffer().write(ex.body()), boundary)) {
      for (MultipartReader.Part part = reader.nextPart(); part != null; part = reader.nextPart()) {
        String disposition = String.valueOf(part.headers().get("Content-Disposition"));
        String name = group(NAME, disposition);
        ByteString bytes = part.body().readByteString();
        if ("content".equals(name)) {
          content = bytes;
          if (filename == null) filename = group(FILENAME, disposition);
          if (contentType == null) contentType = part.headers().get("Content-Type");
        } else if ("filename".equals(name)) {
          filename = bytes.utf8();
        } else if ("type".equals(name)) {
          contentType = bytes.utf8();
        } else if ("metadata".equals(name)) {
          metadata = Json.parse(bytes.utf8());
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      return Responses.problem(400, "Bad request", "The multipart body could not be read: " + e.getMessage());
    }
    if (content == null) return Responses.invalid("- content: content is required");
    if (content.size() >= maxFileSize) return tooLarge();
    if (filename == null || filename.isEmpty()) filename = "file";
    if (filename.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
      return Responses.invalid("- filename: must be at most 255 bytes");
    }
    StoredFile file = new StoredFile(Jobs.newId(), sequence.incrementAndGet(), ex.token, filename,
        contentType == null ? "application/octet-stream" : contentType, content, metadata, clock.instant());
    files.put(file.id(), file);
    ledger.upload(content.size());
    return Responses.json(201, toJson(file));
  }

  MockResponse get(Exchange ex) {
    StoredFile file = find(ex);
    return file == null ? Responses.notFound() : ex.ok(toJson(file));
  }

  MockResponse download(Exchange ex) {
    StoredFile file = find(ex);
    if (file == null) return Responses.notFound();
    return new MockResponse.Builder().setHeader("Content-Type", file.contentType()).body(new Buffer().write(file.content())).build();
  }

  MockResponse delete(Exchange ex) {
    StoredFile file = find(ex);
    if (file == null) return Responses.notFound();
    files.remove(file.id());
    return Responses.noContent();
  }

  MockResponse list(Exchange ex) {
    List<StoredFile> mine = new ArrayList<>();
    for (StoredFile f : files.values()) if (f.token().equals(ex.token)) mine.add(f);
    mine.sort(Comparator.comparingLong(StoredFile::seq).reversed());
    try {
      return ex.ok(pager.page(mine, StoredFile::seq, ex.url(), this::toJson));
    } catch (IllegalArgumentException e) {
      return Responses.problem(400, "Bad request", e.getMessage());
    }
  }

  private StoredFile find(Exchange ex) {
    StoredFile file = files.get(ex.segment(1));
    return file != null && file.token().equals(ex.token) ? file : null;
  }

  private Map<String, Object> toJson(StoredFile file) {
    return Json.object("id", file.id(), "name", file.name(), "content_type", file.contentType(),
        "size", file.content().size(), "etag", file.content().md5().hex(),
        "checksums", Json.object("sha256", file.content().sha256().hex(), "md5", file.content().md5().hex()),
        "metadata", file.metadata(), "created_at", Job.time(file.createdAt()),
        "expires_at", Job.time(file.createdAt().plus(Duration.ofHours(1))),
        "urls", Json.object("get", apiBase + "/files/" + file.id()));
  }

  private static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static MockResponse tooLarge() {
    return Responses.problem(413, "Content too large", TOO_LARGE);
  }
}
