package dev.pictor.internal;

import dev.pictor.GenerationListener;
import dev.pictor.OutputSink;
import dev.pictor.RetryPolicy;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/** Everything {@code GenerationClient.Builder} collected, handed to the implementation. */
public record ClientConfig(
    Map<String, GenerationProvider> providers,
    String defaultProvider,
    JobStore jobStore,
    OutputSink outputs,
    List<GenerationListener> listeners,
    List<Interceptor> interceptors,
    Map<String, UnaryOperator<OkHttpClient.Builder>> providerHttp,
    RetryPolicy retryPolicy,
    Duration pollInitial,
    Duration pollMax,
    OkHttpClient httpClient,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    int maxConcurrency,
    long maxOutputBytes,
    Executor callbackExecutor,
    Scheduler scheduler,
    Duration shutdownTimeout,
    boolean resendUnknown,
    String instanceId,
    Duration leaseDuration,
    Duration takeOverEvery) {}
