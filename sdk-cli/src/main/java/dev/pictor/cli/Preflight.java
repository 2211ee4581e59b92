package dev.pictor.cli;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.InvalidRequestException;
import java.util.List;

/**
 * Validates every item of a run before the first one is sent, so that bad input (a non-image file,
 * a parameter out of range) stops the whole run with exit 2 and nothing charged. The core's own
 * validator runs ({@link GenerationClient#validate}), so its message is what the user sees.
 */
final class Preflight {
  private Preflight() {}

  /** @throws InvalidRequestException from the core validator, for the first bad item */
  static void validate(GenerationClient client, List<GenerationRequest> items) {
    for (GenerationRequest item : items) client.validate(item);
  }
}
