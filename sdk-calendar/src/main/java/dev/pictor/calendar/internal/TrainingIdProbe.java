package dev.pictor.calendar.internal;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import dev.pictor.GenerationClient;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.Scheduler;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for {@code ReplicateTrainings.start(...)}, which does not exist yet: a view of the
 * client whose provider calls see one more OkHttp interceptor, which reads the id out of the answer
 * to {@code POST .../trainings} and hands it on. Everything else goes to the client unchanged. With
 * the id stored at once, a restarted process follows the training instead of paying for another.
 */
final class TrainingIdProbe {
  private static final Logger log = LoggerFactory.getLogger(TrainingIdProbe.class);

  private TrainingIdProbe() {}

  static GenerationClient wrap(GenerationClient client, Consumer<String> onCreated) {
    return (GenerationClient) Proxy.newProxyInstance(GenerationClient.class.getClassLoader(),
        new Class<?>[] {GenerationClient.class}, (proxy, method, args) -> {
          if (method.getName().equals("providerCall") && args != null && args.length == 2) {
            return providerCall(client, (String) args[0], args[1], onCreated);
          }
          if (method.getName().equals("close") && (args == null || args.length == 0)) return null; // a view closes nothing
          return invoke(client, method, args);
        });
  }

  @SuppressWarnings("unchecked")
  private static Object providerCall(GenerationClient client, String provider, Object operation, Consumer<String> onCreated) {
    Function<ProviderCall, CompletableFuture<Object>> op = (Function<ProviderCall, CompletableFuture<Object>>) operation;
    return client.providerCall(provider, call -> op.apply(new Probed(call, onCreated)));
  }

  private static Object invoke(GenerationClient client, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(client, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The call, with the training-create answer read on its way through. */
  private static final class Probed implements ProviderCall {
    private final ProviderCall call;
    private final Consumer<String> onCreated;

    Probed(ProviderCall call, Consumer<String> onCreated) {
      this.call = call;
      this.onCreated = onCreated;
    }

    @Override public String token() { return call.token(); }
    @Override public String tokenLabel() { return call.tokenLabel(); }
    @Override public Moshi moshi() { return call.moshi(); }
    @Override public Scheduler clock() { return call.clock(); }
    @Override public int attempt() { return call.attempt(); }
    @Override public void reportQuota(long remaining, Duration resetsIn) { call.reportQuota(remaining, resetsIn); }

    @Override
    public OkHttpClient http() {
      return call.http().newBuilder().addInterceptor(chain -> {
        Request request = chain.request();
        Response response = chain.proceed(request);
        if (request.method().equals("POST") && request.url().encodedPath().endsWith("/trainings") && response.isSuccessful()) {
          String id = trainingId(response.peekBody(1 << 20).string());
          if (id != null) onCreated.accept(id);
        }
        return response;
      }).build();
    }

    private static String trainingId(String body) {
      try {
        Object json = JsonReader.of(new Buffer().writeUtf8(body)).readJsonValue();
        Object id = json instanceof Map ? ((Map<?, ?>) json).get("id") : null;
        return id instanceof String ? (String) id : null;
      } catch (IOException | RuntimeException e) {
        log.debug("a training create's answer had no readable id: {}", e.toString());
        return null;
      }
    }
  }
}
