package dev.pictor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds an A/B comparison: named prompt variants × seeds × inputs, run as one batch whose result
 * groups items by variant ({@link BatchResult#byVariant()}). Get one from
 * {@link GenerationClient#newVariants()}. Not thread-safe; build once.
 *
 * <pre>{@code
 * BatchResult ab = client.newVariants()
 *     .template(GenerationRequest.edit("flux-kontext-pro"))
 *     .variants(ProductPhotoPrompt.abTest())          // minimal, soft, dramatic
 *     .variant("studio", "Place the product on a seamless studio backdrop")
 *     .images(List.of(ImageInput.of(Path.of("shoe.jpg"))))
 *     .seeds(1, 2)
 *     .run();
 * ab.byVariant().forEach((name, items) -> show(name, items));
 * }</pre>
 */
public final class VariantsBuilder {
  private final GenerationClient client;
  /** Batch settings, applied to a fresh batch builder each time the variants are expanded. */
  private final List<java.util.function.Consumer<BatchBuilder>> settings = new ArrayList<>();
  private final Map<String, String> variants = new LinkedHashMap<>();
  private final List<ImageInput> images = new ArrayList<>();
  private long[] seeds;
  private GenerationRequest template;

  VariantsBuilder(GenerationClient client) {
    this.client = client;
  }

  /** The request each variant starts from; a variant replaces its prompt. */
  public VariantsBuilder template(GenerationRequest template) {
    this.template = Objects.requireNonNull(template, "template == null");
    return this;
  }

  /** As {@link #template(GenerationRequest)}; the builder is read now. */
  public VariantsBuilder template(GenerationRequest.Builder template) {
    return template(template.build());
  }

  /** Adds a named variant with its prompt. */
  public VariantsBuilder variant(String name, String prompt) {
    Objects.requireNonNull(name, "name == null");
    if (name.isBlank()) throw new InvalidRequestException("variants", "a variant needs a name");
    if (prompt == null || prompt.isBlank()) throw new InvalidRequestException("variants", "variant '" + name + "' needs a prompt");
    if (variants.putIfAbsent(name, prompt) != null) {
      throw new InvalidRequestException("variants", "variant '" + name + "' is given twice; names must be unique");
    }
    return this;
  }

  /** Adds every variant of the map, in its order. */
  public VariantsBuilder variants(Map<String, String> named) {
    named.forEach(this::variant);
    return this;
  }

  /** The seeds each variant runs with; by default one item per variant and input, with no seed set. */
  public VariantsBuilder seeds(long... seeds) {
    if (seeds.length == 0) throw new InvalidRequestException("seeds", "give at least one seed");
    this.seeds = seeds.clone();
    return this;
  }

  /** The inputs each variant runs on; none for text to image. */
  public VariantsBuilder images(List<ImageInput> images) {
    this.images.addAll(images);
    return this;
  }

  /** As {@link #images(List)}. */
  public VariantsBuilder images(ImageInput... images) {
    return images(List.of(images));
  }

  /** A name for progress lines and the manifest; see {@link BatchBuilder#name}. */
  public VariantsBuilder name(String name) {
    settings.add(b -> b.name(name));
    return this;
  }

  /** The batch's own id; see {@link BatchBuilder#id}. */
  public VariantsBuilder id(String id) {
    new BatchBuilder(client).id(id); // checked now, not at start
    settings.add(b -> b.id(id));
    return this;
  }

  /** How many jobs run at once; see {@link BatchBuilder#maxConcurrency}. */
  public VariantsBuilder maxConcurrency(int maxConcurrency) {
    new BatchBuilder(client).maxConcurrency(maxConcurrency); // checks it now
    settings.add(b -> b.maxConcurrency(maxConcurrency));
    return this;
  }

  /** The most the comparison may spend; see {@link BatchBuilder#budget}. */
  public VariantsBuilder budget(Money budget) {
    new BatchBuilder(client).budget(budget);
    settings.add(b -> b.budget(budget));
    return this;
  }

  /** Prices replacing the catalogue's; see {@link BatchBuilder#prices}. */
  public VariantsBuilder prices(PriceList prices) {
    settings.add(b -> b.prices(prices));
    return this;
  }

  /** Events per job and for the comparison; see {@link BatchBuilder#listener}. */
  public VariantsBuilder listener(BatchListener listener) {
    settings.add(b -> b.listener(listener));
    return this;
  }

  /** The first failure cancels the rest; see {@link BatchBuilder#failFast}. */
  public VariantsBuilder failFast() {
    settings.add(BatchBuilder::failFast);
    return this;
  }

  /** The cost before anything is sent; see {@link BatchBuilder#estimate()}. */
  public BatchEstimate estimate() {
    return items().estimate();
  }

  /** Starts every variant × seed × input as one batch; returns at once. */
  public Batch start() {
    return items().start();
  }

  /** Starts and waits for every item. */
  public BatchResult run() {
    return start().await();
  }

  /** A fresh batch of every variant × input × seed as the builder stands now. */
  private BatchBuilder items() {
    BatchBuilder batch = new BatchBuilder(client);
    settings.forEach(s -> s.accept(batch));
    if (template == null) throw new InvalidRequestException("template", "set template(...) before starting the variants");
    if (variants.isEmpty()) throw new InvalidRequestException("variants", "add at least one variant(name, prompt)");
    List<ImageInput> inputs = images.isEmpty() ? java.util.Collections.singletonList(null) : images;
    for (Map.Entry<String, String> v : variants.entrySet()) {
      for (ImageInput input : inputs) {
        for (int s = 0; s < (seeds == null ? 1 : seeds.length); s++) {
          GenerationRequest.Builder b = template.toBuilder().prompt(v.getValue());
          if (seeds != null) b.seed(seeds[s]);
          if (input != null) b.images(List.of(input));
          batch.item(v.getKey(), input == null ? null : input.name(), b.build());
        }
      }
    }
    return batch;
  }
}
