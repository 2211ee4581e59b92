package dev.pictor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @Test
  void writesPngAndPrintsTheJob(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sunset.png");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      QuickStart.main(new String[] {file.toString()});
    } finally {
      System.setOut(original);
    }

    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes.length).isGreaterThan(PNG_MAGIC.length);
    assertThat(java.util.Arrays.copyOf(bytes, PNG_MAGIC.length)).isEqualTo(PNG_MAGIC);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("status: succeeded")
        .contains("cost:   ")
        .contains("file:   " + file);
  }
}
