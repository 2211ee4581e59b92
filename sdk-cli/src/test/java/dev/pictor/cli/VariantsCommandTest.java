package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class VariantsCommandTest {
  @TempDir
  Path tmp;

  @Test
  void productAbRunsTheThreeShadowPresetsAndCustomVariantsGroupedByName() throws IOException {
    Path photo = Files.write(tmp.resolve("shoe.jpg"), TestImages.jpeg(3, 64, 64));
    CliRun r = CliRun.of("variants", "--provider", "sandbox", "--image", photo.toString(), "--product-ab",
        "--variant", "studio=Place the product on a seamless grey studio backdrop", "--count", "2",
        "--out", tmp.resolve("out").toString(), "--json");

    assertThat(r.code()).as(r.err()).isZero();
    Map<String, Object> json = BatchCommandTest.onlyObject(r.out());
    assertThat(json).containsEntry("jobs", 8.0).containsEntry("succeeded", 8.0).containsEntry("spentUsd", 0.008);
    List<Map<String, Object>> items = BatchCommandTest.items(json);
    assertThat(items).extracting(i -> i.get("variant"))
        .containsExactly("minimal", "minimal", "soft", "soft", "dramatic", "dramatic", "studio", "studio");
    assertThat(items).allSatisfy(i -> assertThat(i.get("status")).isEqualTo("succeeded"));
  }

  @Test
  void estimateCountsEveryVariantAndSeed() {
    CliRun r = CliRun.of("variants", "--provider", "sandbox", "--variant", "a=a red cube", "--variant", "b=a blue cube",
        "--count", "3", "--out", tmp.resolve("out").toString(), "--estimate");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("estimate: 6 jobs with sandbox-image: $0.006" + System.lineSeparator());
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void withoutAnyVariantItExitsTwo() {
    CliRun r = CliRun.of("variants", "--provider", "sandbox", "--out", tmp.resolve("out").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().contains("give --variant NAME=PROMPT... or --product-ab");

    CliRun noPhoto = CliRun.of("variants", "--provider", "sandbox", "--product-ab", "--out", tmp.resolve("out").toString());
    assertThat(noPhoto.code()).isEqualTo(2);
    assertThat(noPhoto.errLines()).singleElement().asString().contains("--product-ab edits a product photo");
  }
}
