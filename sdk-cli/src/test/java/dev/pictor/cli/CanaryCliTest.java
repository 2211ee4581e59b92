package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.testkit.openai.OpenAiSimulator;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import dev.pictor.testkit.runpod.RunPodSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary tokens given to the {@code pictor} command line (by {@code --token} and by the environment)
 * for each provider: runs that succeed against {@code --simulate}, {@code --json} summaries, a
 * refused token at {@code --base-url} (exit 1), a server echoing the Authorization header, bad
 * input and a usage error (exit 2). Neither standard output, standard error nor the logs show a
 * token ({@link Canary}).
 */
class CanaryCliTest {
  static final String REPLICATE = "r8_CLICANARYq7Lw2Xk9Pm4Rt6Yb1Nc3Vd8";
  static final String RUNPOD = "rpa_CLICANARYQ7LW2XK9PM4RT6YB1NC3VD8";
  static final String OPENAI = "sk-proj-CLICANARYq7Lw2Xk9Pm4Rt6Yb1N";
  @TempDir Path dir;
  private final List<CliRun> runs = new ArrayList<>();
  private final Canary canary = new Canary(REPLICATE, RUNPOD, OPENAI);

  private CliRun run(Map<String, String> env, String... args) {
    CliRun r = CliRun.withEnv(env, args);
    runs.add(r);
    canary.see(r.out());
    canary.see(r.err());
    return r;
  }

  private String out(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void noTokenShowsInAnyOutputOfTheCommandLine() throws Exception {
    Path notes = Files.writeString(dir.resolve("notes.png"), "text, not a picture");
    try (Canary.Capture capture = canary.capture();
        ReplicateSimulator replicate = ReplicateSimulator.builder().tokens("r8_someoneElsesTokenAAAAAAAAAAAA").build().start();
        RunPodSimulator runpod = RunPodSimulator.builder().apiKeys("rpa_someoneElsesKeyAAAAAAAAAAAAAA").anyEndpoint().build().start();
        OpenAiSimulator openai = OpenAiSimulator.builder().apiKeys("sk-someoneElsesKeyAAAAAAAAAAAAAA").build().start();
        MockWebServer echo = echoServer()) {
      String[][] providers = {{"replicate", REPLICATE, replicate.baseUrl(), "REPLICATE_API_TOKEN", "flux-kontext-pro"},
          {"runpod", RUNPOD, runpod.baseUrl(), "RUNPOD_API_KEY", "flux-kontext-dev"},
          {"openai", OPENAI, openai.baseUrl(), "OPENAI_API_KEY", "gpt-image-1"}};
      for (String[] p : providers) {
        String name = p[0];
        String token = p[1];
        assertThat(run(Map.of(), "generate", "--provider", name, "--simulate", "--token", token, "--prompt", "a kite",
            "--out", out(name + "-1")).code()).as(name + " generate").isZero();
        assertThat(run(Map.of(p[3], token), "batch", "--provider", name, "--simulate", "--prompt", "a kite", "--count", "2",
            "--json", "--out", out(name + "-2")).code()).as(name + " batch from the environment").isZero();
        CliRun refused = run(Map.of(), "batch", "--provider", name, "--base-url", p[2], "--token", token, "--prompt", "a kite",
            "--count", "2", "--json", "--out", out(name + "-3"));
        assertThat(refused.code()).as(name + " with a refused token: " + refused.err()).isEqualTo(1);
        String echoBase = echo.url(name.equals("runpod") ? "/v2" : "/v1").toString();
        CliRun echoed = run(Map.of(), "generate", "--provider", name, "--base-url", echoBase, "--token", token, "--prompt", "a kite",
            "--out", out(name + "-4"));
        assertThat(echoed.out() + echoed.err()).as(name + " echo").contains("Bearer ***");
        CliRun bad = run(Map.of(), "generate", "--provider", name, "--simulate", "--token", token, "--model", p[4],
            "--prompt", "white background", "--image", notes.toString(), "--out", out(name + "-5"));
        assertThat(bad.code()).as(name + " bad input").isEqualTo(2);
        assertThat(bad.err()).contains("notes.png").contains("allowed formats: JPEG, PNG, WEBP");
        assertThat(run(Map.of(), "generate", "--provider", name, "--token", token, "--prompt", "a kite").code())
            .as(name + " usage").isEqualTo(2);
      }
      assertThat(echo.getRequestCount()).isPositive();
    }
    assertThat(String.join("\n", runs.stream().map(CliRun::err).toList())).contains("pictor: ");
    canary.assertNowhere();
  }

  /** Answers every request with a 400 whose JSON quotes the Authorization header it got. */
  private static MockWebServer echoServer() throws java.io.IOException {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        String auth = String.valueOf(r.getHeaders().get("Authorization"));
        return new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
            .body("{\"detail\":\"you sent " + auth + "\",\"error\":{\"message\":\"bad key " + auth + "\"}}").build();
      }
    });
    server.start();
    return server;
  }
}
