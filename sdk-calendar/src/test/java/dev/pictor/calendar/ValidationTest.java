package dev.pictor.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.TokenPool;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.RecordQuery;
import dev.pictor.testkit.FakeProvider;
import dev.pictor.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input fails with a typed exception naming what is wrong and what is allowed, before anything is sent. */
class ValidationTest {
  @TempDir Path dir;
  final JobStore store = JobStore.inMemory();
  final FakeProvider fake = FakeProvider.create();
  /** A Replicate provider at an address nothing listens on: any call would fail loudly. */
  final ReplicateProvider unreachable = ReplicateProvider.builder().tokens(TokenPool.of(Fixtures.TOKEN))
      .baseUrl("http://127.0.0.1:9/v1").build();
  GenerationClient client;

  @BeforeEach
  void client() {
    client = GenerationClient.builder().provider(fake).provider(unreachable).jobStore(store).outputs(dev.pictor.OutputSink.files(dir)).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  private CalendarGenerator sandbox() {
    return CalendarGenerator.builder(client, store).provider("sandbox").build();
  }

  private void nothingSentOrStored() {
    assertThat(fake.calls()).isZero();
    assertThat(store.query(RecordQuery.of("calendar", Set.of(), 10))).isEmpty();
  }

  @Test
  void aCalendarNeedsAPhoto() {
    assertThatThrownBy(() -> CalendarRequest.builder(CalendarTheme.FAMILY).build())
        .isInstanceOf(InvalidRequestException.class).hasMessage("a calendar needs at least 1 photo; got none");
  }

  @Test
  void aPhotoMustBeHeldLocally() {
    assertThatThrownBy(() -> CalendarRequest.builder(CalendarTheme.FAMILY).photo(ImageInput.ofUrl("https://example.com/a.jpg")).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("photo 1 (a.jpg) is not held locally: give a file or bytes, not a URL or another job's output");
  }

  @Test
  void aPhotoThatIsNoImageIsRefusedBeforeAnythingIsSent() {
    CalendarRequest request = CalendarRequest.builder(CalendarTheme.FAMILY)
        .photo(ImageInput.of(TestImages.png(1, 32, 32), "ok.png"))
        .photo(ImageInput.of("not a photo".getBytes(java.nio.charset.StandardCharsets.UTF_8), "notes.txt")).build();

    Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> sandbox().start(request));

    assertThat(e).isInstanceOf(InvalidRequestException.class)
        .hasMessage("photo 2 (notes.txt) is not an image Pictor recognises; allowed formats: JPEG, PNG, WEBP");
    assertThat(((InvalidRequestException) e).field()).contains("photos[1]");
    nothingSentOrStored();
  }

  @Test
  void aFolderWithoutPhotosIsRefused() throws Exception {
    Files.writeString(dir.resolve("readme.txt"), "hello");
    assertThatThrownBy(() -> CalendarRequest.builder(CalendarTheme.FAMILY).photos(dir))
        .isInstanceOf(InvalidRequestException.class).hasMessage("photos folder " + dir + " has no .jpg, .jpeg, .png or .webp file");
    assertThatThrownBy(() -> CalendarRequest.builder(CalendarTheme.FAMILY).photos(dir.resolve("missing")))
        .isInstanceOf(InvalidRequestException.class).hasMessage("photos folder " + dir.resolve("missing") + " does not exist or is not a folder");
  }

  @Test
  void loraTrainingNeedsTenPhotosAndATrainer() {
    CalendarRequest three = CalendarRequest.builder(CalendarTheme.FAMILY)
        .photos(Fixtures.inputs(Fixtures.photos(dir.resolve("p"), 3))).method(CalendarRequest.Method.LORA).build();
    CalendarGenerator training = CalendarGenerator.builder(client, store).training(unreachable, "acme").build();

    assertThatThrownBy(() -> training.start(three)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("LoRA training needs at least 10 photos (the trainer's recommendation); got 3: add photos, or use method"
            + " EDIT or AUTO");
    assertThatThrownBy(() -> sandbox().start(three)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("method LORA needs LoRA training, which this generator cannot do: build it with training(replicateProvider,"
            + " owner), or use method EDIT or AUTO");
    nothingSentOrStored();
  }

  @Test
  void theTriggerWordSeedAndOwnerAreChecked() {
    CalendarRequest.Builder b = CalendarRequest.builder(CalendarTheme.FAMILY).photo(ImageInput.of(TestImages.png(1, 32, 32), "a.png"));
    assertThatThrownBy(() -> b.triggerWord("a b").build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("triggerWord 'a b' is not allowed: use 2 to 32 letters, digits or underscores, starting with a letter");
    assertThatThrownBy(() -> b.triggerWord("ANNA").seed(-1).build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("seed = -1 must be from 0 to 4000000000");
    assertThatThrownBy(() -> CalendarRequest.builder(null).photo(ImageInput.of(TestImages.png(1, 8, 8), "a.png")).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("a calendar needs a theme: CalendarTheme.named(\"family\") or a custom one");
  }

  @Test
  void theGeneratorNeedsAConfiguredProvider() {
    assertThatThrownBy(() -> CalendarGenerator.builder(client, store).build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("name the provider: provider(\"replicate\"), provider(\"sandbox\"), models(...), or training(replicateProvider,"
            + " owner)");
    assertThatThrownBy(() -> CalendarGenerator.builder(client, store).provider("runpod")).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("there are no default calendar models for provider 'runpod'");
    assertThatThrownBy(() -> CalendarGenerator.builder(client, store).models(new CalendarModels("openai", "gpt-image-1", "gpt-image-1"))
        .build()).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("provider 'openai' is not configured in the client");
    assertThatThrownBy(() -> CalendarGenerator.builder(client, store).variants(11)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("variants = 11 must be from 12 to 96");
    assertThatThrownBy(() -> CalendarGenerator.builder(client, store).maxParallel(0)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("maxParallel = 0 must be from 1 to 16");
    assertThatThrownBy(() -> CalendarGenerator.builder(client, store).training(unreachable, "no/slash"))
        .isInstanceOf(InvalidRequestException.class).hasMessage("training owner 'no/slash' is not a Replicate user or organisation name");
  }

  @Test
  void renderOptionsAreChecked() {
    assertThatThrownBy(() -> RenderOptions.builder().year(1800).build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("year = 1800 must be from 1900 to 2200");
    assertThatThrownBy(() -> RenderOptions.builder().locale("zh").build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("locale 'zh' needs letters the packaged font (DejaVu Sans) cannot draw; supported are Latin, Cyrillic and"
            + " Greek scripts, such as uk, ru, en or de");
    assertThatThrownBy(() -> RenderOptions.builder().locale("qq").build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("locale 'qq' has no month names in this Java runtime: give a language tag such as uk, ru, en or de");
    assertThatThrownBy(() -> RenderOptions.builder().locale("not a tag!").build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("locale 'not a tag!' is not a language tag such as uk, ru, en or de");
    assertThatThrownBy(() -> RenderOptions.builder().title("日历").build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("the cover title has letters the packaged font (DejaVu Sans) cannot draw; use Latin, Cyrillic or Greek letters");
    assertThatThrownBy(() -> RenderOptions.builder().pngPages(dir, 20).build()).isInstanceOf(InvalidRequestException.class)
        .hasMessage("pngDpi = 20 must be from 36 to 600");
  }
}
