package dev.pictor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.testkit.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarouselTest {
  @TempDir Path dir;

  @Test
  void oneSourceBecomesThreeTrackedJobsInExactlyTheirRatios() throws Exception {
    Path photo = Files.write(dir.resolve("photo.png"), TestImages.png(2, 256, 256));
    PrintStream realOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      Carousel.main(new String[] {photo.toString(), dir.resolve("out").toString()});
    } finally {
      System.setOut(realOut);
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).startsWith("template: {\"version\":1,\"name\":\"summer carousel\"").contains("\"favorite\":true");
    assertThat(lines).filteredOn(l -> l.startsWith("job ")).hasSize(3).allMatch(l -> l.contains(" succeeded ("));
    List<String> stored = lines.stream().filter(l -> l.startsWith("job_") && l.contains("USD")).toList();
    assertThat(stored).hasSize(3);
    for (String line : stored) {
      String[] parts = line.split("\\s+");
      String[] ratio = parts[1].split(":");
      String[] size = parts[2].split("x");
      assertThat(Long.parseLong(size[0]) * Long.parseLong(ratio[1])).as(line)
          .isEqualTo(Long.parseLong(size[1]) * Long.parseLong(ratio[0]));
    }
  }
}
