package dev.pictor.replicate.internal;

import dev.pictor.TokenPool;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.spi.Reconciliation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;

/**
 * Answers "did this ambiguous create reach Replicate?" by listing the token's predictions created
 * since the send ({@code GET /predictions?created_after=}, following {@code next} page by page) and
 * matching model and echoed input. The oldest unclaimed match is adopted. "Not found" (which lets the
 * core send again) is answered only when every page was read, nothing was uncertain, and the listing
 * token is the one that sent the create (or the pool has one token): a prediction made with another
 * account's token would not be listed. Anything less certain is "cannot tell". Thread-safe.
 */
public final class Reconciler {
  static final int MAX_PAGES = 20;
  static final int MAX_DETAILS = 10;

  private final Settings settings;
  private final Api api;
  private final Models models;
  private final Parser parser;
  private final Ledger ledger;
  private final TokenPool tokens;

  public Reconciler(Settings settings, Api api, Models models, Parser parser, Ledger ledger, TokenPool tokens) {
    this.settings = settings;
    this.api = api;
    this.models = models;
    this.parser = parser;
    this.ledger = ledger;
    this.tokens = tokens;
  }

  /** What the listing found so far. Confined to one reconciliation; its steps run one after another. */
  private static final class Scan {
    final List<Map<String, Object>> matches = Collections.synchronizedList(new ArrayList<>());
    final List<String> details = new ArrayList<>();
    volatile boolean unsure;
    volatile boolean complete;
  }

  public CompletableFuture<Reconciliation> reconcile(ProviderCall call, ProviderRequest request, Instant sentAfter) {
    Op<Reconciliation> op = new Op<>();
    ModelEntry entry = models.entryFor(request.model());
    Target target = Target.of(request.model().providerRef(), entry.community());
    List<String> placeholders = Collections.nCopies(request.request().images().size(), "");
    Matcher matcher = new Matcher(target, Mapper.input(entry, request, placeholders), Mapper.imageFields(entry, request));
    HttpUrl first = settings.url("predictions").newBuilder().addQueryParameter("created_after", sentAfter.toString()).build();
    Scan scan = new Scan();
    return op.finish(page(call, op, first, matcher, scan, 1)
        .thenCompose(v -> details(call, op, matcher, scan))
        .thenApply(v -> decide(call, request, scan)));
  }

  private CompletableFuture<Void> page(ProviderCall call, Op<?> op, HttpUrl url, Matcher matcher, Scan scan, int n) {
    return api.json(call, op, call.http(), api.request(call, url).get().build(), false).thenCompose(page -> {
      for (Object item : Json.list(page, "results")) {
        if (item instanceof Map) judge(asMap(item), matcher, scan, true);
      }
      String next = Json.string(page, "next");
      if (next == null) {
        scan.complete = true;
        return CompletableFuture.completedFuture(null);
      }
      HttpUrl nextUrl = settings.baseUrl().resolve(next);
      if (n >= MAX_PAGES || nextUrl == null || !sameOrigin(nextUrl)) {
        return CompletableFuture.completedFuture(null); // incomplete: never sends the token elsewhere
      }
      return page(call, op, nextUrl, matcher, scan, n + 1);
    });
  }

  private CompletableFuture<Void> details(ProviderCall call, Op<?> op, Matcher matcher, Scan scan) {
    List<CompletableFuture<?>> reads = new ArrayList<>();
    for (String id : scan.details) {
      reads.add(api.get(call, op, "predictions/" + id).thenAccept(p -> judge(p, matcher, scan, false)));
    }
    return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]));
  }

  private void judge(Map<String, Object> p, Matcher matcher, Scan scan, boolean listed) {
    String id = Json.string(p, "id");
    if (id == null || ledger.isClaimed(id)) return;
    switch (matcher.judge(p)) {
      case MATCH:
        scan.matches.add(p);
        return;
      case UNSURE:
        if (listed && matcher.needsDetail(p) && scan.details.size() < MAX_DETAILS) scan.details.add(id);
        else scan.unsure = true;
        return;
      default:
    }
  }

  private Reconciliation decide(ProviderCall call, ProviderRequest request, Scan scan) {
    if (!scan.matches.isEmpty()) {
      Map<String, Object> oldest = scan.matches.get(0);
      for (Map<String, Object> m : scan.matches) {
        Instant t = Parser.time(Json.string(m, "created_at"));
        Instant best = Parser.time(Json.string(oldest, "created_at"));
        if (t != null && (best == null || t.isBefore(best))) oldest = m;
      }
      ledger.claim(Json.string(oldest, "id"));
      return Reconciliation.found(parser.parse(oldest));
    }
    boolean sameAccount = tokens.size() <= 1
        || ledger.sender(request.jobId()).map(label -> label.equals(call.tokenLabel())).orElse(false);
    return scan.complete && !scan.unsure && sameAccount ? Reconciliation.notFound() : Reconciliation.unsupported();
  }

  private boolean sameOrigin(HttpUrl url) {
    HttpUrl base = settings.baseUrl();
    return url.scheme().equals(base.scheme()) && url.host().equalsIgnoreCase(base.host()) && url.port() == base.port();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }
}
