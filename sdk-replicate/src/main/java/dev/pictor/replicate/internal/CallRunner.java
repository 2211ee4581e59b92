package dev.pictor.replicate.internal;

import dev.pictor.spi.ProviderCall;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Runs a provider operation with a leased token and the core's read retries ({@code GenerationClient.providerCall}). */
public interface CallRunner {
  <T> CompletableFuture<T> run(Function<ProviderCall, CompletableFuture<T>> operation);
}
