package dev.pictor.testkit;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import dev.pictor.Action;
import dev.pictor.JobStatus;
import dev.pictor.ModelCatalog;
import dev.pictor.ModelSpec;
import dev.pictor.TokenPool;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.ProviderHttp;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderOutput;
import dev.pictor.spi.ProviderRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A minimal provider over HTTP, as a provider module would write it, to test the core against MockWebServer. */
final class HttpTestProvider implements GenerationProvider {
  private final HttpUrl base;
  private final TokenPool tokens;

  HttpTestProvider(HttpUrl base, TokenPool tokens) {
    this.base = base;
    this.tokens = tokens;
  }

  @Override public String id() { return "http-test"; }
  @Override public TokenPool tokens() { return tokens; }

  @Override
  public ModelCatalog catalog() {
    return ModelCatalog.of(id(), List.of(ModelSpec.builder("m", "owner/m").actions(Action.CREATE).build()));
  }

  @Override
  public CompletableFuture<ProviderJob> submit(ProviderCall call, ProviderRequest request) {
    String json = "{\"prompt\":\"" + request.request().prompt().orElse("") + "\"}";
    Request http = new Request.Builder().url(base.resolve("/jobs"))
        .header("Authorization", "Bearer " + call.token())
        .post(RequestBody.create(json, MediaType.get("application/json"))).build();
    return ProviderHttp.send(call.http(), http, id()).thenApply(r -> parse(call, r));
  }

  @Override
  public CompletableFuture<ProviderJob> poll(ProviderCall call, String providerJobId) {
    Request http = new Request.Builder().url(base.resolve("/jobs/" + providerJobId))
        .header("Authorization", "Bearer " + call.token()).build();
    return ProviderHttp.send(call.http(), http, id()).thenApply(r -> parse(call, r));
  }

  private ProviderJob parse(ProviderCall call, Response response) {
    try (Response r = response) {
      String body = r.body().string();
      if (!r.isSuccessful()) {
        throw ProviderHttp.error(id(), r.code(), body, null, r.header("x-request-id"),
            ProviderHttp.retryAfter(r.headers(), body, call.clock().now()));
      }
      JsonAdapter<Map<String, Object>> adapter = call.moshi().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
      Map<String, Object> m = adapter.fromJson(body);
      JobStatus status = JobStatus.fromWireName((String) m.get("status"));
      ProviderJob.Builder b = ProviderJob.builder((String) m.get("id"), status);
      if (m.get("output") != null) b.outputs(List.of(ProviderOutput.url((String) m.get("output"))));
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
