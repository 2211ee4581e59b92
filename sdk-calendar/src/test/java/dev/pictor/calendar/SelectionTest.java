package dev.pictor.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.InvalidRequestException;
import dev.pictor.spi.JobStore;
import dev.pictor.testkit.FakeProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The selection rules: twelve picks, each month once, each variant once, this project's, succeeded.
 * One pair of projects serves every test; a refused selection must leave the stored one as it was.
 */
@Timeout(30)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectionTest {
  @TempDir static Path dir;
  final JobStore store = JobStore.inMemory();
  final FakeProvider fake = FakeProvider.create();
  GenerationClient client;
  CalendarProject project;
  CalendarProject other;
  String failedVariant;

  @BeforeAll
  void twoReadyProjects() {
    client = Fixtures.client(fake, store, dir.resolve("out"));
    CalendarGenerator calendars = CalendarGenerator.builder(client, store).provider("sandbox").build();
    fake.failNextJobs(1);
    project = calendars.start(CalendarRequest.builder(CalendarTheme.KIDS)
        .photos(Fixtures.inputs(Fixtures.photos(dir.resolve("photos"), 2))).build());
    project.awaitReady(Duration.ofSeconds(10));
    other = calendars.start(CalendarRequest.builder(CalendarTheme.KIDS).photos(Fixtures.inputs(Fixtures.photos(dir.resolve("more"), 1)))
        .seed(500).build());
    other.awaitReady(Duration.ofSeconds(10));
    failedVariant = project.variants().stream().filter(v -> v.status() == CalendarVariant.Status.FAILED)
        .findFirst().orElseThrow().id();
  }

  @AfterAll
  void close() {
    client.close();
  }

  /** Months 1..count on the succeeded variants, in order. */
  private List<MonthPick> picks(int count) {
    List<MonthPick> picks = new ArrayList<>();
    for (CalendarVariant v : project.variants()) {
      if (v.status() == CalendarVariant.Status.SUCCEEDED && picks.size() < count) picks.add(MonthPick.of(picks.size() + 1, v.id()));
    }
    return picks;
  }

  private String refused(List<MonthPick> picks) {
    List<MonthPick> stored = project.selection();
    Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> project.select(picks));
    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(((InvalidRequestException) e).field()).contains("selection");
    assertThat(project.selection()).as("the stored selection is left as it was").isEqualTo(stored);
    return e.getMessage();
  }

  @Test
  void twelveSucceededVariantsOnTwelveMonthsAreStored() {
    List<MonthPick> picks = picks(12);

    assertThat(project.select(picks)).isEqualTo(picks);

    assertThat(project.selection()).isEqualTo(picks);
    assertThat(project.variants()).filteredOn(v -> v.month().isPresent()).hasSize(12);
    assertThat(project.progress().step()).isEqualTo("Step 3 of 4: 12 months chosen; finalize to render the calendar");
  }

  @Test
  void elevenPicksAreRefused() {
    assertThat(refused(picks(11))).isEqualTo("selection for project " + project.id() + " refused: exactly 12 picks are"
        + " needed, one per month; got 11; months without a variant: [12]");
  }

  @Test
  void thirteenPicksAreRefused() {
    assertThat(refused(picks(13))).isEqualTo("selection for project " + project.id() + " refused: exactly 12 picks are"
        + " needed, one per month; got 13; month 13 (" + picks(13).get(12).variantId() + ") is not a month: months are 1 to 12");
  }

  @Test
  void aMonthTwiceIsRefused() {
    List<MonthPick> picks = new ArrayList<>(picks(12));
    MonthPick twelfth = picks.get(11);
    picks.set(11, MonthPick.of(3, twelfth.variantId()));

    assertThat(refused(picks)).isEqualTo("selection for project " + project.id() + " refused: month 3 is given 2 times ("
        + picks.get(2).variantId() + ", " + twelfth.variantId() + "); months without a variant: [12]");
  }

  @Test
  void monthThirteenIsRefused() {
    List<MonthPick> picks = new ArrayList<>(picks(12));
    picks.set(0, MonthPick.of(13, picks.get(0).variantId()));

    assertThat(refused(picks)).isEqualTo("selection for project " + project.id() + " refused: month 13 ("
        + picks.get(0).variantId() + ") is not a month: months are 1 to 12; months without a variant: [1]");
  }

  @Test
  void aVariantOfAnotherProjectIsRefused() {
    List<MonthPick> picks = new ArrayList<>(picks(12));
    String foreign = other.variants().get(0).id();
    picks.set(4, MonthPick.of(5, foreign));

    assertThat(refused(picks)).isEqualTo("selection for project " + project.id() + " refused: variant " + foreign
        + " is not a variant of project " + project.id());
  }

  @Test
  void aFailedVariantIsRefused() {
    List<MonthPick> picks = new ArrayList<>(picks(12));
    picks.set(7, MonthPick.of(8, failedVariant));

    assertThat(refused(picks)).isEqualTo("selection for project " + project.id() + " refused: variant " + failedVariant
        + " is failed (the fake model failed as scripted); only succeeded variants can be picked: regenerate it or pick another");
  }

  @Test
  void theSameVariantTwiceIsRefused() {
    List<MonthPick> picks = new ArrayList<>(picks(12));
    picks.set(1, MonthPick.of(2, picks.get(0).variantId()));

    assertThat(refused(picks)).isEqualTo("selection for project " + project.id() + " refused: variant "
        + picks.get(0).variantId() + " is picked 2 times; each variant illustrates one month");
  }

  @Test
  void finalizingWithoutASelectionIsRefused() {
    assertThatThrownBy(() -> other.finalizeCalendar(dir.resolve("x.pdf"), RenderOptions.defaults()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("project " + other.id() + " has no selection: select(...) 12 variants or autoSelect() first");
    assertThat(dir.resolve("x.pdf")).doesNotExist();
    assertThat(other.status()).isEqualTo(ProjectStatus.READY_FOR_SELECTION);
  }

  @Test
  void autoSelectTakesTheFirstTwelveSucceededInOrder() {
    List<MonthPick> auto = project.autoSelect();

    assertThat(auto).isEqualTo(picks(12));
    assertThat(auto).extracting(MonthPick::variantId).doesNotContain(failedVariant);
  }
}
