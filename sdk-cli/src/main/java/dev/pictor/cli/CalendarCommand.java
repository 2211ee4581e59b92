package dev.pictor.cli;

import dev.pictor.GenerationClient;
import dev.pictor.OutputSink;
import dev.pictor.calendar.CalendarGenerator;
import dev.pictor.calendar.CalendarListener;
import dev.pictor.calendar.CalendarProgress;
import dev.pictor.calendar.CalendarProject;
import dev.pictor.calendar.CalendarRequest;
import dev.pictor.calendar.CalendarTheme;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.MonthPick;
import dev.pictor.calendar.ProjectStatus;
import dev.pictor.calendar.RenderOptions;
import dev.pictor.replicate.ReplicateProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pictor calendar}: seed 001's calendar from a folder of photos. A new project trains (or, on
 * the sandbox and with few photos, stylises directly), makes the variants, and with
 * {@code --auto-select} or {@code --select} renders the PDF at once; without, it prints the variants
 * and the command that finishes the project later from the store.
 */
@Command(
    name = "calendar",
    mixinStandardHelpOptions = true,
    versionProvider = PictorCommand.Version.class,
    description = "Make a themed 12-month calendar (PDF) from a customer's photos.",
    footer = {"", "Example: pictor calendar --provider sandbox --theme family --photos photos/ --auto-select --out calendar.pdf"})
final class CalendarCommand implements Callable<Integer> {
  @Option(names = "--provider", required = true, paramLabel = "P", description = "replicate or sandbox")
  String provider;

  @Option(names = "--simulate", description = "Run the real Replicate code against its simulator in this process")
  boolean simulate;

  @Option(names = "--token", paramLabel = "T", description = "A Replicate token; repeatable. Default: REPLICATE_API_TOKEN")
  List<String> tokens = new ArrayList<>();

  @Option(names = "--base-url", paramLabel = "URL", description = "The provider's API base")
  String baseUrl;

  @Option(names = "--owner", paramLabel = "ACCOUNT",
      description = "Replicate: the account that owns the trained LoRA models. Default: REPLICATE_OWNER, else direct edits")
  String owner;

  @Option(names = "--theme", paramLabel = "T", description = "One of the ten themes (family, corporate, wedding, ...)")
  String theme;

  @Option(names = "--photos", paramLabel = "DIR", description = "The customer's photos (JPEG, PNG, WEBP)")
  Path photos;

  @Option(names = "--project", paramLabel = "ID", description = "Continue a stored project instead of starting one")
  String project;

  @Option(names = "--year", paramLabel = "Y", description = "The calendar's year (default: next year)")
  Integer year;

  @Option(names = "--locale", paramLabel = "L", defaultValue = "en",
      description = "Month and weekday names: uk, ru, en, de, ... (default: ${DEFAULT-VALUE})")
  String locale;

  @Option(names = "--paper", paramLabel = "A4|A3", defaultValue = "A4", description = "The paper (default: ${DEFAULT-VALUE})")
  RenderOptions.Paper paper;

  @Option(names = "--landscape", description = "Landscape pages: the photo beside the month grid")
  boolean landscape;

  @Option(names = "--png", paramLabel = "DIR", description = "Also write each page as a PNG (150 dpi) into DIR")
  Path png;

  @Option(names = "--preview", description = "6 quick variants on a cheaper model instead of 24")
  boolean preview;

  @Option(names = "--auto-select", description = "Take the first 12 ready variants as January to December")
  boolean autoSelect;

  @Option(names = "--select", paramLabel = "MONTH=N", split = ",",
      description = "Variant number N for MONTH (1-12); all twelve months, comma-separated")
  List<String> select = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "FILE.pdf", description = "The calendar to write")
  Path out;

  @Option(names = "--store", paramLabel = "URL", description = "Where the project is kept; default the H2 file under ./.pictor/")
  String store;

  @Option(names = "--wait", paramLabel = "MINUTES", defaultValue = "60", description = "How long to wait for the variants (default: ${DEFAULT-VALUE})")
  long waitMinutes;

  private final Context ctx;

  CalendarCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    checkOptions();
    CommonOptions o = new CommonOptions();
    o.provider = provider;
    o.simulate = simulate;
    o.tokens = tokens;
    o.baseUrl = baseUrl;
    o.out = images();
    try (ProviderFactory.Selection sel = ProviderFactory.select(o, ctx);
        Stores.Opened opened = Stores.open(store, ctx);
        GenerationClient client = GenerationClient.builder().provider(sel.provider()).jobStore(opened.store())
            .outputs(OutputSink.files(images(), "{job}-{n}.{ext}")).shutdownTimeout(Duration.ofSeconds(5)).build()) {
      CalendarGenerator calendars = generator(sel, client, opened);
      CalendarProject p = project != null
          ? calendars.project(project).orElseThrow(() -> new UsageException("no calendar project " + project + " in " + opened.label()))
          : calendars.start(request());
      if (project != null) {
        calendars.resume();
        if (p.progress().preview()) p = p.generateFull(); // after the look, the full set
      }
      CalendarProgress ready = p.awaitReady(Duration.ofMinutes(waitMinutes));
      if (ready.status() != ProjectStatus.READY_FOR_SELECTION && ready.status() != ProjectStatus.COMPLETED) {
        ctx.err().println("pictor: calendar " + p.id() + " " + ready.status().wireName() + ": " + ready.failure().orElse(ready.step()));
        return Errors.SOME_FAILED;
      }
      if (!autoSelect && select.isEmpty()) return listVariants(p);
      if (autoSelect) p.autoSelect();
      else p.select(picks(p));
      RenderOptions.Builder ob = RenderOptions.builder().year(year != null ? year : Year.now().getValue() + 1).locale(locale)
          .paper(paper).orientation(landscape ? RenderOptions.Orientation.LANDSCAPE : RenderOptions.Orientation.PORTRAIT);
      if (png != null) ob.pngPages(png, 150);
      RenderOptions options = ob.build();
      dev.pictor.calendar.CalendarFiles files = p.finalizeCalendar(out.toAbsolutePath(), options);
      ctx.out().println("calendar " + p.id() + ": " + files.pdf());
      files.pngPages().forEach(page -> ctx.out().println("page " + page));
      return Errors.OK;
    }
  }

  private CalendarGenerator generator(ProviderFactory.Selection sel, GenerationClient client, Stores.Opened opened) {
    CalendarGenerator.Builder b = CalendarGenerator.builder(client, opened.store()).listener(new CalendarListener() {
      private String lastStep = "";

      @Override
      public void onProgress(CalendarProgress p) {
        if (!p.step().equals(lastStep)) {
          lastStep = p.step();
          ctx.err().println("pictor: " + p.percent() + "% " + p.step());
        }
      }
    });
    String account = owner != null ? owner : ctx.envValue("REPLICATE_OWNER");
    if (sel.provider() instanceof ReplicateProvider && (account != null || simulate)) {
      b.training((ReplicateProvider) sel.provider(), account != null ? account : "pictor-simulated");
      if (simulate) b.trainingPollInterval(Duration.ofMillis(50));
    } else {
      b.provider(sel.kind().id);
    }
    return b.build();
  }

  private CalendarRequest request() {
    try {
      return CalendarRequest.builder(CalendarTheme.named(theme)).photos(photos).preview(preview).build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private List<MonthPick> picks(CalendarProject p) {
    List<CalendarVariant> variants = p.variants();
    List<MonthPick> picks = new ArrayList<>();
    for (String s : select) {
      String[] kv = s.split("=", 2);
      try {
        int month = Integer.parseInt(kv[0].trim());
        int number = Integer.parseInt(kv[1].trim());
        String id = variants.stream().filter(v -> v.number() == number).map(CalendarVariant::id).findFirst()
            .orElseThrow(() -> new UsageException("--select " + s + ": there is no variant " + number + "; the project has 1 to "
                + variants.size()));
        picks.add(MonthPick.of(month, id));
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new UsageException("--select takes MONTH=N pairs such as 1=3,2=7; got '" + s + "'");
      }
    }
    return picks;
  }

  private int listVariants(CalendarProject p) {
    for (CalendarVariant v : p.variants()) {
      ctx.out().println(String.format(java.util.Locale.ROOT, "%2d %-9s %s", v.number(), v.status().name().toLowerCase(java.util.Locale.ROOT),
          v.output().map(o -> o.location()).orElse(v.error().orElse(""))));
    }
    ctx.out().println("choose twelve: pictor calendar --provider " + provider + " --project " + p.id()
        + " --select 1=N,2=N,...,12=N --out " + out + (store == null ? "" : " --store " + Stores.mask(store)));
    return Errors.OK;
  }

  private Path images() {
    Path parent = out.toAbsolutePath().getParent();
    String name = out.getFileName().toString().replaceFirst("\\.pdf$", "");
    return parent.resolve(name + "-images");
  }

  private void checkOptions() {
    if (project == null && (theme == null || photos == null)) {
      throw new UsageException("a new calendar needs --theme T and --photos DIR (or --project ID to continue one)");
    }
    if (photos != null && !Files.isDirectory(photos)) throw new UsageException("--photos " + photos + " is not a folder");
    if (autoSelect && !select.isEmpty()) throw new UsageException("give --auto-select or --select, not both");
    if (preview && (autoSelect || !select.isEmpty())) {
      throw new UsageException("--preview makes 6 variants for a first look, too few for 12 months; "
          + "continue the project with --project ID to make the full set and select");
    }
    if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
      throw new UsageException("--out must name a .pdf file; got " + out);
    }
    if (year != null && (year < 1900 || year > 2200)) throw new UsageException("--year must be 1900 to 2200; got " + year);
    if (waitMinutes < 1) throw new UsageException("--wait must be at least 1 minute; got " + waitMinutes);
    if (!provider.equals("replicate") && !provider.equals("sandbox")) {
      throw new UsageException("calendar runs on --provider replicate or sandbox; got " + provider);
    }
  }
}
