package dev.pictor.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.EventListener;

/**
 * Marks a call once OkHttp starts writing its request, so a network failure can be told apart:
 * before the first byte went out the provider provably never saw it; after, it may have.
 */
public final class SendTracker extends EventListener {
  /** Installed on the core's API client. */
  public static final EventListener.Factory FACTORY = call -> new SendTracker();

  /** The tag {@code ProviderHttp.send} attaches to each request. */
  public static final class Mark {
    private final AtomicBoolean started = new AtomicBoolean();

    public boolean started() {
      return started.get();
    }

    void start() {
      started.set(true);
    }
  }

  private static void mark(Call call) {
    Mark m = call.request().tag(Mark.class);
    if (m != null) m.start();
  }

  @Override
  public void requestHeadersStart(Call call) {
    mark(call);
  }

  @Override
  public void requestBodyStart(Call call) {
    mark(call);
  }
}
