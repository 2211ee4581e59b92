package dev.pictor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A succeeded job and its downloaded images. Immutable and thread-safe.
 *
 * <pre>{@code
 * GenerationResult r = client.generate(request);
 * r.images().get(0).saveTo(Path.of("out.png"));
 * System.out.println(r.job().actualCost());
 * }</pre>
 */
public final class GenerationResult {
  private final Job job;
  private final List<GeneratedImage> images;

  public GenerationResult(Job job, List<GeneratedImage> images) {
    this.job = Objects.requireNonNull(job, "job == null");
    this.images = List.copyOf(images);
  }

  /** The job's id. */
  public String id() {
    return job.id();
  }

  /** The succeeded job, with timings, cost and provider id. */
  public Job job() {
    return job;
  }

  /** The output images, in the provider's order. */
  public List<GeneratedImage> images() {
    return images;
  }

  /** The cost the provider reported or the catalogue's price. */
  public Optional<Money> cost() {
    return job.actualCost();
  }

  @Override
  public String toString() {
    return "GenerationResult{" + job.id() + ", " + images.size() + " images}";
  }
}
