package dev.pictor.cli;

import dev.pictor.spi.WebhookDelivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The host application's webhook endpoint on loopback: each POST a simulator sends becomes a
 * {@link WebhookDelivery} (its URL, headers and raw body) handed to a handler, whose number is the
 * status answered, as a real host's HTTP handler would do.
 */
final class WebhookHost implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();

  WebhookHost(ToIntFunction<WebhookDelivery> handler) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : r.getHeaders().names()) headers.put(name, new ArrayList<>(r.getHeaders().values(name)));
        int code = handler.applyAsInt(WebhookDelivery.of(r.getUrl().uri(), headers, r.getBody().toByteArray()));
        return new MockResponse.Builder().code(code).build();
      }
    });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The endpoint's URL for {@code path}. */
  String url(String path) {
    return server.url(path).toString();
  }

  @Override
  public void close() {
    server.close();
  }
}
