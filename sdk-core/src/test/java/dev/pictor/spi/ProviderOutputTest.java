package dev.pictor.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ProviderOutputTest {
  @Test
  void base64IsDecodedFromAnOffsetAsItIsRead() throws Exception {
    byte[] bytes = new byte[5000];
    for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 31);
    String dataUri = "data:image/png;base64," + Base64.getMimeEncoder().encodeToString(bytes); // with line breaks
    ProviderOutput out = ProviderOutput.base64(dataUri, dataUri.indexOf(',') + 1);
    try (InputStream in = out.opener().orElseThrow().open()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    ProviderOutput bare = ProviderOutput.base64(Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8)), 0);
    try (InputStream in = bare.opener().orElseThrow().open()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hi");
    }
    assertThatThrownBy(() -> ProviderOutput.base64("abc", 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("from = 4 is outside the text");
  }
}
