package dev.pictor.cli;

import dev.pictor.Action;
import dev.pictor.CommonParameter;
import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.ModelSpec;
import dev.pictor.ParameterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Builds the requests a command runs from its options; checks only what the core cannot. */
final class Requests {
  private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".webp");
  private static final long MAX_SEED = 4_294_967_295L;

  private Requests() {}

  /**
   * The request every item starts from. {@code batchHasImages} says whether {@code --images} gave
   * per-item images, which makes the default action an edit.
   */
  static GenerationRequest template(CommonOptions o, ProviderFactory.Selection sel, boolean batchHasImages) {
    Action action = o.action == null
        ? (o.hasImages() || batchHasImages ? Action.EDIT : Action.CREATE)
        : Action.fromWireName(o.action);
    String model = o.model != null ? o.model : sel.defaultModel();
    if (model == null) throw new UsageException("--model is required with --provider " + sel.kind().id);
    GenerationRequest.Builder b = GenerationRequest.builder(action, model);
    String prompt = o.prompt;
    if (prompt == null && (action == Action.CREATE || action == Action.EDIT)) prompt = sel.defaultPrompt();
    if (prompt != null) b.prompt(prompt);
    for (Path image : o.images) b.image(ImageInput.of(image));
    if (o.aspectRatio != null) b.aspectRatio(o.aspectRatio);
    if (o.seed != null) b.seed(o.seed);
    params(o.params).forEach(b::parameter);
    return b.build();
  }

  /** {@code --param k=v} values, in order; the core checks names and values against the model. */
  static Map<String, String> params(List<String> raw) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String p : raw) {
      int eq = p.indexOf('=');
      if (eq <= 0) throw new UsageException("--param '" + p + "' must be key=value, such as --param steps=20");
      params.put(p.substring(0, eq).trim(), p.substring(eq + 1));
    }
    return params;
  }

  /** One item per input image: the item's image first, then the template's own {@code --image} files. */
  static List<GenerationRequest> perImage(GenerationRequest template, List<Path> images) {
    List<GenerationRequest> items = new ArrayList<>();
    for (Path image : images) {
      List<ImageInput> inputs = new ArrayList<>();
      inputs.add(ImageInput.of(image));
      inputs.addAll(template.images());
      items.add(template.toBuilder().images(inputs).build());
    }
    return items;
  }

  /**
   * {@code count} copies of the template, each with its own seed fixed before submission: random, or
   * {@code --seed} plus the item's index. Models that take no seed get copies without one.
   */
  static List<GenerationRequest> counted(GenerationRequest template, int count, Optional<ModelSpec> spec) {
    Optional<ParameterSpec> seedSpec = spec.flatMap(s -> s.parameter(CommonParameter.SEED));
    List<GenerationRequest> items = new ArrayList<>();
    Long base = template.seed().orElse(null);
    for (int i = 0; i < count; i++) {
      if (seedSpec.isEmpty()) {
        items.add(template);
      } else {
        long seed = base != null ? base + i : randomSeed(seedSpec.get());
        items.add(template.toBuilder().seed(seed).build());
      }
    }
    return items;
  }

  private static long randomSeed(ParameterSpec spec) {
    long lo = Math.max(0, spec.min().map(Double::longValue).orElse(0L));
    long hi = Math.min(MAX_SEED, spec.max().map(Double::longValue).orElse(MAX_SEED));
    return hi <= lo ? lo : ThreadLocalRandom.current().nextLong(lo, hi + 1);
  }

  /** {@code --images} expanded: a directory means its .jpg, .jpeg, .png and .webp files, by name. */
  static List<Path> expandImages(List<Path> sources) {
    List<Path> files = new ArrayList<>();
    for (Path source : sources) {
      if (Files.isDirectory(source)) {
        List<Path> found = listImages(source);
        if (found.isEmpty()) {
          throw new UsageException("--images " + source + " holds no .jpg, .jpeg, .png or .webp file");
        }
        files.addAll(found);
      } else if (Files.exists(source)) {
        files.add(source);
      } else {
        throw new UsageException("--images " + source + ": no such file or directory");
      }
    }
    return files;
  }

  private static List<Path> listImages(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> IMAGE_EXTENSIONS.stream().anyMatch(ext -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UsageException("--images " + dir + " cannot be read: " + e.getMessage());
    }
  }
}
