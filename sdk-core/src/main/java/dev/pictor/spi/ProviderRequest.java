package dev.pictor.spi;

import dev.pictor.GenerationRequest;
import dev.pictor.ModelSpec;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A request as the core hands it to a provider after validation: the job's id, the original request,
 * the model's spec, and the parameters resolved to the provider's own names (common fields mapped
 * through the spec's bindings, provider-specific ones checked and normalised).
 *
 * <p>Immutable and thread-safe.
 */
public record ProviderRequest(
    String jobId, GenerationRequest request, ModelSpec model, Map<String, Object> parameters, Instant deadline) {

  /** The deadline by which the job must finish, if any. */
  public Optional<Instant> deadlineOptional() {
    return Optional.ofNullable(deadline);
  }
}
