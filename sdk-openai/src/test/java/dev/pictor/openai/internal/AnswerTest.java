package dev.pictor.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Random;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The answer reader and the block decoder: the image's text held once, decoded exactly, escapes and all. */
class AnswerTest {
  private static byte[] decode(Buffer b64) throws IOException {
    try (InputStream in = new Base64Input(b64)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aLargeImageDecodesExactlyAndCanBeReadAgain() throws IOException {
    byte[] image = new byte[3 * Base64Input.BLOCK + 1001];
    new Random(5).nextBytes(image);
    String json = "{\"created\":1713833628,\"unknown\":{\"a\":[1,2]},\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(image)
        + "\",\"revised_prompt\":\"r\"}],\"size\":\"1024x1536\",\"output_format\":\"png\",\"quality\":\"low\",\"usage\":{\"input_tokens\":50,"
        + "\"input_tokens_details\":{\"image_tokens\":40,\"text_tokens\":10},\"output_tokens\":408,\"total_tokens\":458}}";
    Answer a = Answer.read(new Buffer().writeUtf8(json));
    assertThat(a.created()).isEqualTo(1713833628L);
    assertThat(a.size()).isEqualTo("1024x1536");
    assertThat(a.quality()).isEqualTo("low");
    assertThat(a.usage()).isEqualTo(new Usage(10, 40, 408));
    assertThat(a.data()).hasSize(1);
    assertThat(a.data().get(0).revisedPrompt()).isEqualTo("r");
    Buffer text = a.data().get(0).b64();
    assertThat(decode(text)).isEqualTo(image);
    assertThat(decode(text)).isEqualTo(image); // the text is read through copies, never consumed
    assertThat(text.size()).isEqualTo(Base64.getEncoder().encodeToString(image).length());
  }

  @Test
  void escapedSlashesAreUndoneByMoshi() throws IOException {
    byte[] bytes = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x3F};
    String b64 = Base64.getEncoder().encodeToString(bytes); // "////Pw=="
    Answer a = Answer.read(new Buffer().writeUtf8("{\"data\":[{\"b64_json\":\"" + b64.replace("/", "\\/") + "\"}]}"));
    assertThat(decode(a.data().get(0).b64())).isEqualTo(bytes);
  }

  @Test
  void missingAndNullFieldsAreAbsentAndTextThatIsNotBase64FailsTheRead() throws IOException {
    Answer a = Answer.read(new Buffer().writeUtf8("{\"data\":[{\"b64_json\":null,\"url\":\"https://x/y.png\"}],\"usage\":null}"));
    assertThat(a.data().get(0).b64()).isNull();
    assertThat(a.data().get(0).url()).isEqualTo("https://x/y.png");
    assertThat(a.usage()).isNull();
    assertThat(Answer.read(new Buffer().writeUtf8("{\"data\":null}")).data()).isEmpty();
    Buffer bad = Answer.read(new Buffer().writeUtf8("{\"data\":[{\"b64_json\":\"not base64!\"}]}")).data().get(0).b64();
    assertThatThrownBy(() -> decode(bad)).isInstanceOf(IOException.class).hasMessageStartingWith("b64_json is not base64 near character 0");
    assertThatThrownBy(() -> Answer.read(new Buffer().writeUtf8("{\"data\":[{\"b64_json\":\"abc"))).isInstanceOf(IOException.class);
  }

  @Test
  void usageWithoutDetailsIsAllText() {
    assertThat(Usage.of(100, -1, -1, 272)).isEqualTo(new Usage(100, 0, 272));
    assertThat(Usage.of(100, -1, 30, 272)).isEqualTo(new Usage(70, 30, 272));
  }
}
