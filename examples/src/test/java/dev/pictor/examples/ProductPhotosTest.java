package dev.pictor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.testkit.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductPhotosTest {
  @TempDir Path dir;

  @Test
  void everyPhotoGetsAStudioShotNextToItWithItsCost() throws Exception {
    for (int i = 1; i <= 4; i++) Files.write(dir.resolve("item-" + i + ".jpg"), TestImages.jpeg(i, 200, 150));
    PrintStream realOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      ProductPhotos.main(new String[] {dir.toString()});
    } finally {
      System.setOut(realOut);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    for (int i = 1; i <= 4; i++) {
      Path studio = dir.resolve("item-" + i + "-studio.png");
      assertThat(studio).exists();
      assertThat(Files.readAllBytes(studio)[1]).isEqualTo((byte) 'P');
      assertThat(printed).contains("item-" + i + ".jpg -> item-" + i + "-studio.png  USD 0.03");
    }
    assertThat(printed).contains("4/4 done (4 ok, 0 failed, 0 canceled)");
    for (int i = 1; i <= 4; i++) {
    }
  }
}
