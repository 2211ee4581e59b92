package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderSelectionTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @CsvSource({"replicate, REPLICATE_API_TOKEN", "runpod, RUNPOD_API_KEY", "openai, OPENAI_API_KEY"})
  void withoutTokenOrSimulateTheMessageNamesTheVariable(String provider, String variable) {
    CliRun r = CliRun.withEnv(Map.of(), "batch", "--provider", provider, "--model", "m", "--count", "1", "--out", tmp.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .startsWith("pictor: provider " + provider + " needs an API token: set " + variable);
  }

  @ParameterizedTest
  @CsvSource({"--token, t1", "--simulate, ''"})
  void aTokenFlagOrSimulateAlsoPassesTheTokenCheck(String flag, String value) {
    String[] args = value.isEmpty()
        ? new String[] {"generate", "--provider", "replicate", flag, "--out", tmp.toString()}
        : new String[] {"generate", "--provider", "replicate", flag, value, "--out", tmp.toString()};
    CliRun r = CliRun.withEnv(Map.of("REPLICATE_API_TOKEN", " "), args);

    // Past the token check, the request itself is refused before anything is sent: no prompt.
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).last().asString().isEqualTo("pictor: prompt is required for create with model flux-schnell");
  }

  @org.junit.jupiter.api.Test
  void aPoolOfReplicateTokensInTheEnvironmentPassesTheTokenCheck() {
    CliRun r = CliRun.withEnv(Map.of("REPLICATE_API_TOKENS", "r8_a,r8_b"), "generate", "--provider", "replicate",
        "--model", "no-such-model", "--prompt", "p", "--out", tmp.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().startsWith("pictor: unknown model 'no-such-model' for provider replicate");
    assertThat(r.err()).doesNotContain("r8_a");
  }
}
