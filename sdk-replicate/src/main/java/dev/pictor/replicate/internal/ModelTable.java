package dev.pictor.replicate.internal;

import dev.pictor.Action;
import dev.pictor.CommonParameter;
import dev.pictor.ModelCatalog;
import dev.pictor.ModelSpec;
import dev.pictor.ParameterSpec;
import dev.pictor.replicate.internal.ModelEntry.Images;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The catalogue and the names that resolve outside it: a catalogue id, a catalogue model's
 * {@code owner/name} (optionally {@code :version}), any other {@code owner/name[:version]}, a bare
 * version id, or {@code deployments/owner/name}. Immutable and thread-safe.
 */
public final class ModelTable {
  private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9]+");
  /** Inputs for a model outside the catalogue: one image goes to {@code image}, several to {@code image_input}. */
  static final Images GENERIC_IMAGES = new Images(List.of("image"), "image_input");

  public static final ModelTable INSTANCE = new ModelTable();

  private final List<ModelEntry> entries;
  private final Map<String, ModelEntry> byId = new LinkedHashMap<>();
  private final Map<String, ModelEntry> byOwnerName = new LinkedHashMap<>();
  private final ModelCatalog catalog;

  private ModelTable() {
    List<ModelEntry> all = new ArrayList<>(CreateModels.all());
    all.addAll(ImageModels.all());
    this.entries = List.copyOf(all);
    List<ModelSpec> specs = new ArrayList<>();
    for (ModelEntry e : entries) {
      byId.put(e.spec().id(), e);
      byOwnerName.put(e.ownerName().toLowerCase(Locale.ROOT), e);
      specs.add(e.spec());
    }
    this.catalog = ModelCatalog.of(Settings.PROVIDER, specs);
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  public List<ModelEntry> entries() {
    return entries;
  }

  /** The catalogue model with this id. */
  public ModelSpec spec(String id) {
    ModelEntry e = byId.get(id);
    if (e == null) throw new IllegalArgumentException("no catalogue model " + id);
    return e.spec();
  }

  /** The spec a request's model name stands for; empty when the name is not one Replicate could know. */
  public Optional<ModelSpec> resolve(String name) {
    if (name == null || name.isBlank()) return Optional.empty();
    ModelEntry byCatalogId = byId.get(name);
    if (byCatalogId != null) return Optional.of(byCatalogId.spec());
    if (name.startsWith(Target.DEPLOYMENTS)) {
      return isOwnerName(name.substring(Target.DEPLOYMENTS.length())) ? Optional.of(generic(name)) : Optional.empty();
    }
    int colon = name.indexOf(':');
    String base = colon < 0 ? name : name.substring(0, colon);
    String version = colon < 0 ? null : name.substring(colon + 1);
    if (version != null && !VERSION.matcher(version).matches()) return Optional.empty();
    if (!isOwnerName(base)) {
      // A bare version id names a model by its version alone.
      return colon < 0 && name.length() >= 32 && VERSION.matcher(name).matches() ? Optional.of(generic(name)) : Optional.empty();
    }
    ModelEntry known = byOwnerName.get(base.toLowerCase(Locale.ROOT));
    if (known == null) return Optional.of(generic(name));
    if (version == null) return Optional.of(known.spec());
    return Optional.of(Specs.copy(known.spec(), name, known.ownerName() + ":" + version));
  }

  /** What Pictor knows about the model of {@code spec}; a generic entry for models outside the catalogue. */
  public ModelEntry entryFor(ModelSpec spec) {
    String ownerName = Target.ownerName(spec.providerRef());
    if (!spec.providerRef().startsWith(Target.DEPLOYMENTS) && ownerName != null) {
      ModelEntry known = byOwnerName.get(ownerName.toLowerCase(Locale.ROOT));
      if (known != null) return known;
    }
    return new ModelEntry(spec, ownerName, false, "prompt", GENERIC_IMAGES, Map.of());
  }

  private static boolean isOwnerName(String s) {
    int slash = s.indexOf('/');
    return slash > 0 && SLUG.matcher(s.substring(0, slash)).matches() && SLUG.matcher(s.substring(slash + 1)).matches();
  }

  /**
   * A model outside the catalogue: every action, any parameter passed through, and the common fields
   * bound to the names most Replicate image models use.
   */
  static ModelSpec generic(String name) {
    return ModelSpec.builder(name, name)
        .description("a Replicate model outside Pictor's catalogue; parameters are passed through unchecked")
        .actions(Action.CREATE, Action.EDIT, Action.UPSCALE, Action.REMOVE_BACKGROUND)
        .inputImages(0, 16).promptRequired(false).maxInputBytes(CreateModels.MAX_INPUT_BYTES)
        .acceptUnknownParameters()
        .parameter(ParameterSpec.string("negative_prompt"), CommonParameter.NEGATIVE_PROMPT)
        .parameter(Params.seed(), CommonParameter.SEED)
        .parameter(ParameterSpec.integer("num_inference_steps", 1, 1000), CommonParameter.STEPS)
        .parameter(ParameterSpec.number("guidance_scale", 0, 100), CommonParameter.GUIDANCE)
        .parameter(ParameterSpec.integer("num_outputs", 1, 16), CommonParameter.NUM_OUTPUTS)
        .parameter(ParameterSpec.integer("width", 1, 16384), CommonParameter.WIDTH)
        .parameter(ParameterSpec.integer("height", 1, 16384), CommonParameter.HEIGHT)
        .parameter(ParameterSpec.string("aspect_ratio"), CommonParameter.ASPECT_RATIO)
        .parameter(ParameterSpec.string("output_format"), CommonParameter.OUTPUT_FORMAT)
        .parameter(ParameterSpec.number("scale", 0, 100), CommonParameter.UPSCALE_FACTOR)
        .build();
  }
}
