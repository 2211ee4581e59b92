package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.Action;
import dev.pictor.GenerationRequest;
import dev.pictor.testkit.FakeProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestsTest {
  @TempDir
  Path tmp;

  private final FakeProvider fake = FakeProvider.create();

  @Test
  void paramsKeepOrderAndAllowEqualsInValues() {
    assertThat(Requests.params(List.of("style=studio", "note=a=b", "empty=")))
        .containsExactly(java.util.Map.entry("style", "studio"), java.util.Map.entry("note", "a=b"), java.util.Map.entry("empty", ""));
    assertThatThrownBy(() -> Requests.params(List.of("novalue"))).isInstanceOf(UsageException.class);
  }

  @Test
  void countedItemsEachHaveTheirOwnSeedFixedInTheRequest() {
    GenerationRequest template = GenerationRequest.create(FakeProvider.MODEL).prompt("x").build();
    List<GenerationRequest> items = Requests.counted(template, 20, fake.catalog().find(FakeProvider.MODEL));

    assertThat(items).hasSize(20).allMatch(r -> r.seed().isPresent());
    assertThat(items.stream().map(r -> r.seed().get()).distinct().count()).isGreaterThan(15);
    assertThat(items).allMatch(r -> r.seed().get() >= 0 && r.seed().get() <= 4_294_967_295L);
  }

  @Test
  void aGivenSeedCountsUp() {
    GenerationRequest template = GenerationRequest.create(FakeProvider.MODEL).seed(40).build();
    assertThat(Requests.counted(template, 3, fake.catalog().find(FakeProvider.MODEL)))
        .extracting(r -> r.seed().get()).containsExactly(40L, 41L, 42L);
  }

  @Test
  void aModelWithoutSeedsGetsPlainCopies() {
    GenerationRequest template = GenerationRequest.create("other").build();
    assertThat(Requests.counted(template, 2, Optional.empty())).allMatch(r -> r.seed().isEmpty()).hasSize(2);
  }

  @Test
  void imagesDirectoriesExpandToImagesSortedByName() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("in"));
    for (String n : List.of("c.webp", "a.JPG", "b.jpeg", "d.png", "e.gif", "f.txt")) Files.writeString(dir.resolve(n), "x");
    Files.createDirectories(dir.resolve("z.png"));
    Path single = Files.writeString(tmp.resolve("one.png"), "x");

    assertThat(Requests.expandImages(List.of(dir, single))).extracting(p -> p.getFileName().toString())
        .containsExactly("a.JPG", "b.jpeg", "c.webp", "d.png", "one.png");
  }

  @Test
  void perImageItemsAreEditsWithTheirImageFirst() throws IOException {
    CommonOptions o = new CommonOptions();
    o.provider = "sandbox";
    o.images = List.of(tmp.resolve("logo.png"));
    ProviderFactory.Selection sel = new ProviderFactory.Selection(ProviderFactory.Kind.SANDBOX, fake, FakeProvider.MODEL, "p");
    GenerationRequest template = Requests.template(o, sel, true);
    List<GenerationRequest> items = Requests.perImage(template, List.of(tmp.resolve("a.png"), tmp.resolve("b.png")));

    assertThat(template.action()).isEqualTo(Action.EDIT);
    assertThat(items).extracting(r -> r.images().get(0).name()).containsExactly("a.png", "b.png");
    assertThat(items).allMatch(r -> r.images().size() == 2 && r.images().get(1).name().equals("logo.png"));
  }
}
