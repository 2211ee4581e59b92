package dev.pictor;

import dev.pictor.internal.BatchHost;
import dev.pictor.internal.BatchSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a batch: one request template applied to many input images or seeds, or a list of
 * requests, run at most {@link #maxConcurrency} at a time (3 by default) on top of the token pool's
 * own limits. Partial failure never fails the other items unless {@link #failFast()} is set. Get one
 * from {@link GenerationClient#newBatch()}. Not thread-safe; build once.
 *
 * <pre>{@code
 * BatchResult result = client.newBatch()
 *     .template(GenerationRequest.edit("flux-kontext-pro").prompt(ProductPhotoPrompt.builder().build()))
 *     .images(List.of(ImageInput.of(Path.of("shoe.jpg")), ImageInput.fromJob(earlierJobId, 0)))
 *     .thenUpscale(2)
 *     .budget(Money.usd(5))
 *     .run();
 * }</pre>
 */
public final class BatchBuilder {
  private final GenerationClient client;
  private final List<BatchSpec.Item> items = new ArrayList<>();
  private final List<ChainStep> chain = new ArrayList<>();
  private GenerationRequest template;
  private String name;
  private String id;
  private int maxConcurrency = 3;
  private Money budget;
  private PriceList prices;
  private boolean failFast;
  private BatchListener listener = BatchListener.NONE;

  BatchBuilder(GenerationClient client) {
    this.client = Objects.requireNonNull(client, "client == null");
  }

  /** The request every image or seed item added after this call starts from. */
  public BatchBuilder template(GenerationRequest template) {
    this.template = Objects.requireNonNull(template, "template == null");
    return this;
  }

  /** As {@link #template(GenerationRequest)}; the builder is read now. */
  public BatchBuilder template(GenerationRequest.Builder template) {
    return template(template.build());
  }

  /** One item per image, each the template with that image as its input. */
  public BatchBuilder images(List<ImageInput> images) {
    requireTemplate("images");
    for (ImageInput image : images) {
      item(null, image.name(), template.toBuilder().images(List.of(image)).build());
    }
    return this;
  }

  /** As {@link #images(List)}. */
  public BatchBuilder images(ImageInput... images) {
    return images(List.of(images));
  }

  /** {@code count} items of the template with seeds 1 to {@code count}: reproducible, and different. */
  public BatchBuilder seeds(int count) {
    if (count < 1) throw new InvalidRequestException("seeds", "a batch needs at least 1 seed; got " + count);
    long[] seeds = new long[count];
    for (int i = 0; i < count; i++) seeds[i] = i + 1;
    return seeds(seeds);
  }

  /** One item of the template per seed. */
  public BatchBuilder seeds(long... seeds) {
    requireTemplate("seeds");
    for (long seed : seeds) item(null, null, template.toBuilder().seed(seed).build());
    return this;
  }

  /** One item running {@code request} as it is. */
  public BatchBuilder request(GenerationRequest request) {
    Objects.requireNonNull(request, "request == null");
    return item(null, request.images().isEmpty() ? null : request.images().get(0).name(), request);
  }

  /** One item per request. */
  public BatchBuilder requests(List<GenerationRequest> requests) {
    requests.forEach(this::request);
    return this;
  }

  BatchBuilder item(String variant, String input, GenerationRequest request) {
    items.add(new BatchSpec.Item(items.size(), variant, input, request));
    return this;
  }

  /** A name for progress lines and the manifest. */
  public BatchBuilder name(String name) {
    this.name = name;
    return this;
  }

  /**
   * Gives the batch an id of the caller's choosing instead of a random one: {@code "batch_" + id}
   * (as given when it starts with {@code batch_}), its items' jobs {@code "job_" + id + "-" + i}.
   * Starting a batch whose id is already stored is refused, so a retried request or a rerun script
   * cannot start the same work twice; {@link GenerationClient#batch(String)} finds the first.
   *
   * @param id 1 to 64 letters, digits, {@code -} or {@code .} (after the optional {@code batch_} prefix)
   * @throws InvalidRequestException when the id has other characters or length
   */
  public BatchBuilder id(String id) {
    String bare = id == null ? "" : id.startsWith("batch_") ? id.substring(6) : id;
    if (!bare.matches("[A-Za-z0-9.-]{1,64}")) {
      throw new InvalidRequestException("id", "a batch id is 1 to 64 letters, digits, '-' or '.', optionally after 'batch_'; got '"
          + id + "'");
    }
    this.id = "batch_" + bare;
    return this;
  }

  /** How many items run at once; 3 by default. */
  public BatchBuilder maxConcurrency(int maxConcurrency) {
    if (maxConcurrency < 1) {
      throw new InvalidRequestException("maxConcurrency", "maxConcurrency must be at least 1; got " + maxConcurrency);
    }
    this.maxConcurrency = maxConcurrency;
    return this;
  }

  /**
   * The most the batch may spend. No item is sent when what was spent plus the estimates of items in
   * flight plus its own would pass it; the items left then end canceled with a budget reason. Every
   * item must be priced in the budget's unit (by the catalogue in USD, or by {@link #prices}).
   */
  public BatchBuilder budget(Money budget) {
    this.budget = Objects.requireNonNull(budget, "budget == null");
    if (budget.amount().signum() < 0) throw new InvalidRequestException("budget", "budget " + budget + " must not be negative");
    return this;
  }

  /** Prices that replace the catalogue's, possibly in the host application's own credits. */
  public BatchBuilder prices(PriceList prices) {
    this.prices = Objects.requireNonNull(prices, "prices == null");
    return this;
  }

  /** The first item that fails cancels the rest. */
  public BatchBuilder failFast() {
    this.failFast = true;
    return this;
  }

  /** Events per item and for the batch. */
  public BatchBuilder listener(BatchListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener == null");
    return this;
  }

  /** Upscales every item's output by {@code factor}, as a job of its own per item. */
  public BatchBuilder thenUpscale(double factor) {
    chain.add(new ChainStep(Action.UPSCALE, null, factor));
    return this;
  }

  /** As {@link #thenUpscale(double)}, with a named model. */
  public BatchBuilder thenUpscale(double factor, String model) {
    chain.add(new ChainStep(Action.UPSCALE, Objects.requireNonNull(model, "model == null"), factor));
    return this;
  }

  /** Removes every item's background, as a job of its own per item. */
  public BatchBuilder thenRemoveBackground() {
    chain.add(new ChainStep(Action.REMOVE_BACKGROUND, null, null));
    return this;
  }

  /** As {@link #thenRemoveBackground()}, with a named model. */
  public BatchBuilder thenRemoveBackground(String model) {
    chain.add(new ChainStep(Action.REMOVE_BACKGROUND, Objects.requireNonNull(model, "model == null"), null));
    return this;
  }

  /**
   * The estimate per item and in total, before anything is sent.
   *
   * @throws InvalidRequestException when an item is invalid, naming it
   */
  public BatchEstimate estimate() {
    return host().estimateBatch(spec());
  }

  /**
   * Validates every item, stores the batch and starts it; returns at once.
   *
   * @throws InvalidRequestException when an item is invalid (naming it), or the budget cannot be
   *     checked because an item is unpriced; nothing is sent then
   */
  public Batch start() {
    return host().startBatch(spec(), id);
  }

  /** Starts the batch and waits for every item to end. */
  public BatchResult run() {
    return start().await();
  }

  private void requireTemplate(String what) {
    if (template == null) throw new InvalidRequestException("template", "set template(...) before " + what + "(...)");
  }

  private BatchHost host() {
    if (!(client instanceof BatchHost)) {
      throw new UnsupportedOperationException(client.getClass().getName() + " does not run batches");
    }
    return (BatchHost) client;
  }

  private BatchSpec spec() {
    if (items.isEmpty()) {
      throw new InvalidRequestException("items", "the batch has no items: add images(...), seeds(...) or request(...)");
    }
    List<BatchSpec.Item> all = items;
    if (!chain.isEmpty()) {
      all = new ArrayList<>(items.size());
      for (BatchSpec.Item i : items) {
        GenerationRequest.Builder b = i.request().toBuilder();
        chain.forEach(b::then);
        all.add(new BatchSpec.Item(i.index(), i.variant(), i.input(), b.build()));
      }
    }
    return new BatchSpec(name, all, maxConcurrency, budget, prices, failFast, listener);
  }
}
