package dev.pictor.internal;

import dev.pictor.OutputSink;
import dev.pictor.OutputTarget;
import dev.pictor.StoredOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes outputs as files under a root following a layout. Each file is written under a hidden
 * temporary name, flushed to disk, and renamed into place only when complete, so a reader (or a
 * crash) never sees a truncated image under the final name.
 */
public final class FileOutputSink implements OutputSink {
  private final Path root;
  private final String layout;

  public FileOutputSink(Path root, String layout) {
    this.root = Objects.requireNonNull(root, "root == null").toAbsolutePath().normalize();
    this.layout = Objects.requireNonNull(layout, "layout == null");
    if (!layout.contains("{job}") && !layout.contains("{n}")) {
      throw new IllegalArgumentException("layout " + layout + " must contain {job} or {n} so outputs do not overwrite each other");
    }
  }

  @Override
  public StoredOutput write(OutputTarget target, InputStream data) throws IOException {
    Path file = resolve(target);
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling("." + file.getFileName() + "." + Ids.shortRandom() + ".part");
    long size = 0;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
        size = data.transferTo(out);
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return new StoredOutput(target.index(), file.toString(), target.format().mediaType(), size);
  }

  Path resolve(OutputTarget t) throws IOException {
    String rel = layout
        .replace("{owner}", segment(t.owner()))
        .replace("{batch}", segment(t.batchId()))
        .replace("{job}", segment(t.jobId()))
        .replace("{model}", segment(t.model()))
        .replace("{n}", Integer.toString(t.index() + 1))
        .replace("{ext}", t.format().extension());
    List<String> parts = new ArrayList<>();
    for (String p : rel.split("/")) {
      if (!p.isEmpty()) parts.add(p);
    }
    Path file = root.resolve(String.join("/", parts)).normalize();
    if (!file.startsWith(root)) throw new IOException("output path " + file + " escapes " + root);
    return file;
  }

  /** A value made safe as one path segment; empty for null. */
  static String segment(String value) {
    if (value == null) return "";
    String s = value.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.equals(".") || s.equals("..") ? "_" : s;
  }

  @Override
  public InputStream open(StoredOutput output) throws IOException {
    return Files.newInputStream(Path.of(output.location()));
  }

  @Override
  public void delete(StoredOutput output) throws IOException {
    Files.deleteIfExists(Path.of(output.location()));
  }

  @Override
  public String toString() {
    return "FileOutputSink{" + root + "/" + layout + "}";
  }
}
