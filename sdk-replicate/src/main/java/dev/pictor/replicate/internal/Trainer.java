package dev.pictor.replicate.internal;

import dev.pictor.GenerationException;
import dev.pictor.ProviderException;
import dev.pictor.RateLimitException;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * Runs a LoRA training: uploads the photos' zip, creates the destination model when missing, looks up
 * the trainer's latest version, creates the training (all with one leased token, since the
 * destination must belong to the token's account), then polls it to its end. A create whose outcome
 * is ambiguous is never retried blindly: the token's trainings are listed and the one with this zip's
 * unique URL adopted. Thread-safe.
 */
public final class Trainer {
  public static final String TRAINER = "ostris/flux-dev-lora-trainer";
  static final int MAX_LIST_PAGES = 5;

  private final Api api;
  private final Uploads files;
  private final Versions versions;
  private final CallRunner runner;
  private final Duration pollInterval;
  private final int tokenCount;

  public Trainer(Api api, Uploads files, Versions versions, CallRunner runner, Duration pollInterval, int tokenCount) {
    this.api = api;
    this.files = files;
    this.versions = versions;
    this.runner = runner;
    this.pollInterval = pollInterval;
    this.tokenCount = tokenCount;
  }

  /** What to train: {@code zip} (a local file to upload) or {@code zipUrl}, and the other trainer inputs. */
  public record Plan(String destination, Path zip, String zipUrl, Map<String, Object> input, String trainerVersion,
      String visibility, String hardware) {}

  /** Progress of one training's creation; only one step runs at a time. */
  private static final class State {
    volatile String zipUrl;
    volatile boolean destinationReady;
    volatile boolean resent;

    State(String zipUrl) {
      this.zipUrl = zipUrl;
    }
  }

  /** The create's outcome is unknown: never retried as such, reconciled instead. */
  static final class AmbiguousCreate extends GenerationException {
    private static final long serialVersionUID = 1L;

    AmbiguousCreate(Throwable cause) {
      super("the training create may or may not have reached Replicate: " + cause.getMessage(), Settings.PROVIDER, cause);
    }
  }

  /** Creates and follows a training; completes with the final training object, whatever its status. */
  public CompletableFuture<Map<String, Object>> train(Plan plan) {
    return train(plan, id -> { });
  }

  /**
   * As {@link #train(Plan)}; {@code onCreated} hears the training's id as soon as it is known (the
   * create's answer, or the training found after an ambiguous create), before it is first polled.
   */
  public CompletableFuture<Map<String, Object>> train(Plan plan, java.util.function.Consumer<String> onCreated) {
    State st = new State(plan.zipUrl());
    CompletableFuture<String> id = runner.run(call -> prepareAndCreate(call, plan, st))
        .exceptionallyCompose(e -> recoverOrFail(plan, st, e));
    CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
    result.whenComplete((v, e) -> {
      if (result.isCancelled()) id.cancel(true);
    });
    id.whenComplete((trainingId, e) -> {
      if (e != null) {
        result.completeExceptionally(Op.unwrap(e));
        return;
      }
      onCreated.accept(trainingId);
      follow(trainingId, result);
    });
    return result;
  }

  /** Polls training {@code id} into {@code result}; cancelling {@code result} cancels the training. */
  public void follow(String id, CompletableFuture<Map<String, Object>> result) {
    AtomicReference<Future<?>> timer = new AtomicReference<>();
    result.whenComplete((v, e) -> {
      if (!result.isCancelled()) return;
      Future<?> t = timer.get();
      if (t != null) t.cancel(false);
      runner.run(call -> {
        Op<Map<String, Object>> op = new Op<>();
        return op.finish(api.post(call, op, "trainings/" + id + "/cancel", Map.of()));
      });
    });
    poll(id, result, timer);
  }

  private void poll(String id, CompletableFuture<Map<String, Object>> result, AtomicReference<Future<?>> timer) {
    if (result.isDone()) return;
    AtomicReference<Scheduler> clock = new AtomicReference<>();
    runner.run(call -> {
      clock.set(call.clock());
      Op<Map<String, Object>> op = new Op<>();
      return op.finish(api.get(call, op, "trainings/" + id));
    }).whenComplete((training, e) -> {
      if (result.isDone()) return;
      if (e != null) {
        result.completeExceptionally(Op.unwrap(e));
      } else if (Parser.status(Json.string(training, "status")).isTerminal()) {
        result.complete(training);
      } else {
        timer.set(clock.get().schedule(() -> poll(id, result, timer), pollInterval));
      }
    });
  }

  private CompletableFuture<String> prepareAndCreate(ProviderCall call, Plan plan, State st) {
    Op<String> op = new Op<>();
    CompletableFuture<String> zipUrl = st.zipUrl != null ? CompletableFuture.completedFuture(st.zipUrl)
        : files.upload(call, op, RequestBody.create(plan.zip().toFile(), MediaType.get("application/zip")), "photos.zip",
            "application/zip").thenApply(u -> st.zipUrl = u);
    CompletableFuture<Void> destination = st.destinationReady ? CompletableFuture.completedFuture(null)
        : ensureDestination(call, op, plan).thenRun(() -> st.destinationReady = true);
    CompletableFuture<String> version = plan.trainerVersion() != null ? CompletableFuture.completedFuture(plan.trainerVersion())
        : versions.latest(call, op, TRAINER);
    return op.finish(zipUrl.thenCombine(destination, (u, d) -> u)
        .thenCombine(version, (u, v) -> new String[] {u, v})
        .thenCompose(uv -> create(call, op, plan, uv[0], uv[1])));
  }

  private CompletableFuture<Void> ensureDestination(ProviderCall call, Op<?> op, Plan plan) {
    return api.exchange(op, call.http(), api.request(call, api.settings().url("models/" + plan.destination())).get().build(), false)
        .thenCompose(found -> {
          if (found.ok()) return CompletableFuture.completedFuture(null);
          if (found.code() != 404) api.check(call, found, false);
          int slash = plan.destination().indexOf('/');
          Map<String, Object> model = new LinkedHashMap<>();
          model.put("owner", plan.destination().substring(0, slash));
          model.put("name", plan.destination().substring(slash + 1));
          model.put("visibility", plan.visibility());
          model.put("hardware", plan.hardware());
          RequestBody body = RequestBody.create(Json.write(call.moshi(), model), Api.JSON);
          return api.exchange(op, call.http(), api.request(call, api.settings().url("models")).post(body).build(), false)
              .thenAccept(created -> {
                if (!created.ok() && created.code() != 409) api.check(call, created, false); // 409: created meanwhile
              });
        });
  }

  private CompletableFuture<String> create(ProviderCall call, Op<?> op, Plan plan, String zipUrl, String version) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("input_images", zipUrl);
    input.putAll(plan.input());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("destination", plan.destination());
    body.put("input", input);
    RequestBody json = RequestBody.create(Json.write(call.moshi(), body), Api.JSON);
    String path = "models/" + TRAINER + "/versions/" + version + "/trainings";
    return api.exchange(op, call.http(), api.request(call, api.settings().url(path)).post(json).build(), true)
        .thenApply(answer -> {
          String id = Json.string(api.check(call, answer, true), "id");
          if (id == null) throw new ProviderException("replicate answered a training without an id", Settings.PROVIDER,
              answer.code(), null, null, ProviderException.Reach.REACHED, null);
          return id;
        })
        .exceptionally(e -> {
          Throwable c = Op.unwrap(e);
          if (c instanceof ProviderException && !(c instanceof RateLimitException)
              && ((ProviderException) c).reachedProvider() == ProviderException.Reach.AMBIGUOUS) {
            throw new AmbiguousCreate(c);
          }
          throw c instanceof RuntimeException ? (RuntimeException) c : new CompletionException(c);
        });
  }

  private CompletableFuture<String> recoverOrFail(Plan plan, State st, Throwable failure) {
    Throwable e = Op.unwrap(failure);
    if (!(e instanceof AmbiguousCreate)) return CompletableFuture.failedFuture(e);
    String zipUrl = st.zipUrl;
    return runner.run(call -> find(call, zipUrl)).thenCompose(found -> {
      if (found.id() != null) return CompletableFuture.completedFuture(found.id());
      if (found.complete() && tokenCount <= 1 && !st.resent) {
        st.resent = true; // provably not created: send it once more
        return runner.run(call -> prepareAndCreate(call, plan, st)).exceptionallyCompose(again -> recoverOrFail(plan, st, again));
      }
      return CompletableFuture.failedFuture(new GenerationException("the training create's outcome is unknown and it was"
          + " not resent, so nothing is charged twice; look for a training with input_images " + zipUrl, Settings.PROVIDER, e));
    });
  }

  private record Found(String id, boolean complete) {}

  private CompletableFuture<Found> find(ProviderCall call, String zipUrl) {
    Op<Found> op = new Op<>();
    return op.finish(page(call, op, api.settings().url("trainings"), zipUrl, 1));
  }

  private CompletableFuture<Found> page(ProviderCall call, Op<?> op, okhttp3.HttpUrl url, String zipUrl, int n) {
    return api.json(call, op, call.http(), api.request(call, url).get().build(), false).thenCompose(page -> {
      for (Object item : Json.list(page, "results")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> t = item instanceof Map ? (Map<String, Object>) item : Map.of();
        if (zipUrl != null && zipUrl.equals(Json.string(Json.object(t, "input"), "input_images"))) {
          return CompletableFuture.completedFuture(new Found(Json.string(t, "id"), true));
        }
      }
      String next = Json.string(page, "next");
      okhttp3.HttpUrl nextUrl = next == null ? null : api.settings().baseUrl().resolve(next);
      if (nextUrl == null || n >= MAX_LIST_PAGES || !nextUrl.host().equals(api.settings().baseUrl().host())) {
        return CompletableFuture.completedFuture(new Found(null, next == null));
      }
      return page(call, op, nextUrl, zipUrl, n + 1);
    });
  }
}
