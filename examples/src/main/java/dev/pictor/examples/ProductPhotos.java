package dev.pictor.examples;

import dev.pictor.Batch;
import dev.pictor.BatchItem;
import dev.pictor.BatchListener;
import dev.pictor.BatchResult;
import dev.pictor.JobError;
import dev.pictor.JobStatus;
import dev.pictor.prompt.ProductPhotoPrompt;
import dev.pictor.prompt.Shadow;
import dev.pictor.GenerationClient;
import dev.pictor.GeneratedImage;
import dev.pictor.ImageInput;
import dev.pictor.Money;
import dev.pictor.OutputSink;
import dev.pictor.runpod.ProductPhotoPreset;
import dev.pictor.runpod.RunPodModels;
import dev.pictor.runpod.RunPodProvider;
import dev.pictor.testkit.TestImages;
import dev.pictor.testkit.runpod.RunPodSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Seed 003's product flow on RunPod's FLUX.1 Kontext [dev] endpoint, as one batch: every photo in a
 * folder becomes a clean studio shot (white background, a soft shadow, watermarks removed, from
 * {@link ProductPhotoPrompt}), at most 3 at a time, each saved next to its original as
 * {@code <name>-studio.<ext>} with its cost printed as it finishes, then the batch's total.
 *
 * <p>With {@code RUNPOD_API_KEY} set it talks to RunPod (the images must then be reachable by URL, so
 * pass an {@code InputUploader}); without it, it runs against the testkit's RunPod simulator, which
 * takes small images inline. With no folder given it makes three sample photos first.
 *
 * <pre>{@code
 * mvn -q -pl examples exec:java -Dexec.mainClass=dev.pictor.examples.ProductPhotos -Dexec.args=photos/
 * }</pre>
 *
 * <p>A program, not a library type: run it once per process.
 */
public final class ProductPhotos {
  /** The instruction for every photo: the product kept as it is, only its surroundings changed. */
  static final String PROMPT = ProductPhotoPrompt.builder().shadow(Shadow.SOFT).background("white").build();
  static final int MAX_CONCURRENT = 3;

  private ProductPhotos() {}

  public static void main(String[] args) throws Exception {
    Path folder = args.length > 0 ? Path.of(args[0]) : samplePhotos();
    List<Path> photos = photosIn(folder);
    String key = System.getenv("RUNPOD_API_KEY");
    RunPodSimulator sim = key == null ? RunPodSimulator.builder().build().start() : null;
    RunPodProvider.Builder provider = RunPodProvider.builder().apiKey(key != null ? key : "rpa_simulated");
    if (sim != null) {
      // The simulator's Kontext endpoint takes small images inline; real RunPod needs an InputUploader.
      provider.baseUrl(sim.baseUrl())
          .inlineImages(RunPodModels.FLUX_KONTEXT_DEV_ENDPOINT, RunPodProvider.Builder.MAX_INLINE_BYTES);
    }
    try (GenerationClient client = GenerationClient.builder()
        .provider(provider.build())
        .outputs(OutputSink.files(folder.resolve(".pictor"), "{job}-{n}.{ext}"))
        .build()) {
      List<ImageInput> inputs = photos.stream().map(ImageInput::of).toList();
      BatchResult result = client.newBatch()
          .template(ProductPhotoPreset.DEFAULTS.edit(inputs.get(0), PROMPT).owner("catalogue"))
          .images(inputs)
          .maxConcurrency(MAX_CONCURRENT)
          .listener(new BatchListener() {
            @Override
            public void onItemDone(Batch batch, BatchItem item) {
              report(client, photos.get(item.index()), item);
            }
          })
          .run();
      System.out.println(result.progress());
    } finally {
      if (sim != null) sim.close();
    }
  }

  private static void report(GenerationClient client, Path photo, BatchItem item) {
    if (item.status() != JobStatus.SUCCEEDED) {
      System.out.println(photo.getFileName() + ": " + item.status().wireName() + ": "
          + item.error().map(JobError::message).orElse(""));
      return;
    }
    GeneratedImage image = client.await(item.jobId()).images().get(0);
    String name = photo.getFileName().toString();
    String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    Path saved = image.saveTo(photo.resolveSibling(base + "-studio." + image.format().extension()));
    System.out.println(name + " -> " + saved.getFileName() + "  " + item.actualCost().map(Money::toString).orElse("cost unknown"));
  }

  static List<Path> photosIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".webp")) && !n.contains("-studio.");
      }).sorted().toList();
    }
  }

  private static Path samplePhotos() throws IOException {
    Path dir = Files.createTempDirectory("pictor-products");
    for (int i = 1; i <= 3; i++) Files.write(dir.resolve("product-" + i + ".jpg"), TestImages.jpeg(i, 320, 240));
    System.out.println("sample photos in " + dir);
    return dir;
  }
}
