package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageInput;
import dev.pictor.TokenPool;
import dev.pictor.WebhookRejectedException;
import dev.pictor.openai.OpenAiProvider;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.RateLimits;
import dev.pictor.spi.WebhookDelivery;
import dev.pictor.testkit.TestImages;
import dev.pictor.testkit.openai.OpenAiSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two canary API keys through every OpenAI Images path against its simulator with faults injected:
 * generations and multipart edits (the input image uploaded), 5xx, resets, moderation refusals,
 * answers charged and cut, 500s after charging, malformed answers, a key the simulator does not know
 * (401), its rate limit (429), a job timing out, one canceled, and webhooks (refused: OpenAI sends
 * none). Neither key shows anywhere ({@link Canary}).
 */
class CanaryOpenAiTest {
  static final String CANARY = "sk-proj-CANARYq7Lw2Xk9Pm4Rt6Yb1Nc3Vd8Hj5";
  static final String UNKNOWN = "sk-proj-UNKNOWNz3X8wQ1lS6kD0fP2gM7bN4tY";
  @TempDir Path dir;

  @Test
  void theKeysAppearNowhereOnAnyOpenAiPath() throws Exception {
    Canary canary = new Canary(CANARY, UNKNOWN);
    JobStore store = JobStore.inMemory();
    OpenAiSimulator.Faults faults = OpenAiSimulator.Faults.builder().serverErrors(0.15).resetsBeforeAnswer(0.05)
        .moderationBlocks(0.15).dropAfterCharge(0.05).internalErrors(0.1).malformedJson(0.15).seed(7).build();
    try (Canary.Capture capture = canary.capture();
        OpenAiSimulator sim = OpenAiSimulator.builder().apiKeys(CANARY).rateLimit(240).faults(faults).build().start()) {
      OpenAiProvider p = OpenAiProvider.builder().tokens(TokenPool.of(CANARY, UNKNOWN)).baseUrl(sim.baseUrl())
          .rateLimits(RateLimits.unlimited()).build();
      try (GenerationClient client = canary.client(p, store, dir).build()) {
        List<CompletableFuture<?>> runs = new ArrayList<>();
        for (int i = 0; i < 14; i++) runs.add(client.generateAsync(GenerationRequest.create("gpt-image-1").prompt("canary " + i).build()));
        runs.add(client.generateAsync(GenerationRequest.edit("gpt-image-1").prompt("white background")
            .image(ImageInput.of(TestImages.png(4, 64, 64), "in.png")).build()));
        runs.add(client.generateAsync(GenerationRequest.create("gpt-image-1").prompt("too slow").timeout(Duration.ofMillis(1)).build()));
        CompletableFuture<GenerationResult> canceled = client.generateAsync(GenerationRequest.create("gpt-image-1").prompt("stop").build());
        canceled.cancel(true);
        runs.add(canceled);
        canary.settle(runs);
        WebhookDelivery hook = WebhookDelivery.of(null, Map.of("authorization", List.of("Bearer " + CANARY.substring(0, 3))),
            "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> client.webhooks().handle("openai", hook)).isInstanceOfSatisfying(WebhookRejectedException.class,
            canary::see);
        canary.seeAll(client, p, store);
      }
      assertThat(sim.ledger().faults().keySet()).as("faults that happened").hasSizeGreaterThanOrEqualTo(3);
      assertThat(sim.ledger().byStatus()).containsKey(401);
    }
    assertThat(canary.streams()).as("the logs").contains("removed from the pool");
    canary.assertNowhere();
  }
}
