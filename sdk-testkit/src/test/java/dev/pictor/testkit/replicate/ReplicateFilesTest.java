package dev.pictor.testkit.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.testkit.TestImages;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Files API: upload, read, download, delete, and the size limit. */
class ReplicateFilesTest {
  private static final String TOKEN = "r8_files_test_token_000000001";
  private ReplicateSimulator sim;

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  private static MultipartBody upload(byte[] content) {
    return new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("content", "photo.png", RequestBody.create(content, MediaType.get("application/octet-stream")))
        .addFormDataPart("filename", "photo.png")
        .addFormDataPart("type", "image/png")
        .addFormDataPart("metadata", "{\"customer\":\"c-1\"}")
        .build();
  }

  @Test
  void anUploadedFileCanBeReadDownloadedAndDeletedByItsTokenOnly() throws Exception {
    sim = ReplicateSimulator.builder().build().start();
    Http http = new Http(sim.baseUrl(), TOKEN);
    byte[] png = TestImages.png(3, 32, 32);
    Http.Reply created = http.post("/files", upload(png));
    assertThat(created.code()).isEqualTo(201);
    Map<String, Object> file = created.json();
    String id = (String) file.get("id");
    assertThat(file).containsEntry("content_type", "image/png").containsEntry("name", "photo.png")
        .containsEntry("size", new java.math.BigDecimal(png.length)).containsEntry("metadata", Map.of("customer", "c-1"))
        .containsKeys("created_at", "expires_at");
    assertThat(file.get("checksums")).isEqualTo(Map.of("sha256", ByteString.of(png).sha256().hex(), "md5", ByteString.of(png).md5().hex()));
    assertThat(file.get("urls")).isEqualTo(Map.of("get", sim.baseUrl() + "/files/" + id));

    assertThat(http.get("/files/" + id).json()).isEqualTo(file);
    assertThat(http.as("r8_other_files_token_000000002").get("/files/" + id).code()).isEqualTo(404);
    assertThat(((java.util.List<?>) http.get("/files").json().get("results"))).hasSize(1);
    assertThat(sim.ledger().uploads()).isEqualTo(1);
    assertThat(sim.ledger().uploadedBytes()).isEqualTo(png.length);

    Http.Reply deleted = http.delete("/files/" + id);
    assertThat(deleted.code()).isEqualTo(204);
    assertThat(http.get("/files/" + id).code()).isEqualTo(404);
  }

  @Test
  void aFileAtTheLimitIsRefusedWith413() throws Exception {
    sim = ReplicateSimulator.builder().maxFileSize(1000).build().start();
    Http http = new Http(sim.baseUrl(), TOKEN);
    Http.Reply tooBig = http.post("/files", upload(new byte[1000]));
    assertThat(tooBig.code()).isEqualTo(413);
    assertThat(tooBig.contentType()).isEqualTo("application/problem+json");
    assertThat(tooBig.json()).containsEntry("detail", "Files must be less than 100MB in size");
    // Far over the limit: the body is not even kept.
    assertThat(http.post("/files", upload(new byte[3 * 1024 * 1024])).code()).isEqualTo(413);
    assertThat(http.post("/files", upload(new byte[999])).code()).isEqualTo(201);
    assertThat(sim.ledger().uploads()).isEqualTo(1);
  }

  @Test
  void anUploadWithoutContentIsRefused() throws Exception {
    sim = ReplicateSimulator.builder().build().start();
    Http http = new Http(sim.baseUrl(), TOKEN);
    MultipartBody noContent = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("filename", "x.png").build();
    assertThat(http.post("/files", noContent).code()).isEqualTo(422);
    assertThat(http.post("/files", "{}").code()).isEqualTo(400);
  }
}
