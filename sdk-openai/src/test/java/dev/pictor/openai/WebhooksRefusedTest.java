package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.JobQuery;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.WebhookRejectedException;
import dev.pictor.spi.WebhookDelivery;
import dev.pictor.testkit.openai.OpenAiSimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAI Images sends no webhooks, so every delivery for it is refused as {@code NOT_SUPPORTED}:
 * 1,000 of them, signed Standard-Webhooks-style or not, naming the client's real job or not, change
 * no job, reach no server and are refused before any key is leased: they cost the key pool nothing.
 */
class WebhooksRefusedTest {
  @TempDir Path dir;

  @Test
  void aThousandDeliveriesOfAnyShapeAreRefusedAndChangeNothing() {
    Random random = new Random(20_260_103L);
    TokenPool pool = TokenPool.of(TestCall.TOKEN);
    try (OpenAiSimulator sim = OpenAiSimulator.builder().apiKeys(TestCall.TOKEN).build().start();
        GenerationClient client = GenerationClient.builder()
            .provider(OpenAiProvider.builder().tokens(pool).baseUrl(sim.baseUrl()).build())
            .outputs(OutputSink.files(dir)).build()) {
      String job = client.generate(GenerationRequest.create("gpt-image-1").prompt("a kite").build()).job().id();
      String before = client.jobs(JobQuery.all()).toString();
      int calls = sim.ledger().requests();
      long leases = pool.stats().get(0).requests();
      for (int i = 0; i < 1000; i++) {
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String body = "{\"id\":\"" + job + "\",\"status\":\"succeeded\",\"data\":[{\"url\":\"https://e.com/" + i + ".png\"}]}";
        Map<String, List<String>> headers = i % 2 == 0 ? Map.of()
            : Map.of("webhook-id", List.of("msg_" + i), "webhook-timestamp", List.of(Long.toString(1_770_000_000L + i)),
                "webhook-signature", List.of("v1," + Base64.getEncoder().encodeToString(secret)));
        URI uri = i % 3 == 0 ? null : URI.create("https://shop.example.com/hooks/openai?job=" + job);
        WebhookDelivery d = WebhookDelivery.of(uri, headers, body.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> client.webhooks().handle("openai", d)).isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.NOT_SUPPORTED));
      }
      assertThat(client.jobs(JobQuery.all()).toString()).isEqualTo(before);
      assertThat(sim.ledger().requests()).isEqualTo(calls).isEqualTo(1);
      assertThat(pool.stats().get(0).requests()).as("no key leased for a delivery").isEqualTo(leases);
      assertThat(pool.stats().get(0).errors()).isZero();
    }
  }
}
