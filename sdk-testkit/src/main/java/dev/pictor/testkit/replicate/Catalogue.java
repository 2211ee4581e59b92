package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The models the simulator knows: public ones given at build time (official models run without a
 * version, community models need one) and models created through {@code POST /v1/models}, which
 * gain versions when a training into them succeeds. Thread-safe.
 */
final class Catalogue {
  static final Pattern VERSION_ID = Pattern.compile("[0-9a-f]{64}");
  static final Pattern OWNER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Substrings of {@code owner/name} whose models return one URL instead of an array of URLs. */
  private static final List<String> SINGLE_OUTPUT = List.of("kontext", "esrgan", "recraft", "nano-banana", "imagen",
      "ideogram", "bria", "birefnet", "background-remover", "stable-diffusion", "flux-fill");

  /** Fact sheet section 2: official models, callable as {@code POST /v1/models/{owner}/{name}/predictions}. */
  static final List<String> DEFAULT_OFFICIAL = List.of(
      "black-forest-labs/flux-schnell", "black-forest-labs/flux-kontext-pro", "black-forest-labs/flux-fill-pro",
      "stability-ai/stable-diffusion-3.5-large", "google/nano-banana", "google/imagen-4", "bytedance/seedream-4",
      "recraft-ai/recraft-v3", "recraft-ai/recraft-crisp-upscale", "ideogram-ai/ideogram-v3-turbo",
      "flux-kontext-apps/multi-image-kontext-pro", "bria/remove-background");

  /** Fact sheet section 2: community models, which need a version on {@code POST /v1/predictions}. */
  static final List<String> DEFAULT_COMMUNITY = List.of(
      "bytedance/sdxl-lightning-4step", "nightmareai/real-esrgan", "philz1337x/clarity-upscaler",
      "851-labs/background-remover", "men1scus/birefnet", "ostris/flux-dev-lora-trainer");

  /** The version id the fact sheet quotes for sdxl-lightning-4step, kept so documented examples work. */
  private static final Map<String, String> KNOWN_VERSIONS = Map.of(
      "bytedance/sdxl-lightning-4step", "5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637");

  /** A model; {@code created} models accept only the versions their trainings made. Versions guarded by this. */
  static final class Model {
    final String owner;
    final String name;
    final boolean official;
    final boolean created;
    final String visibility;
    final String hardware;
    final String description;
    final Instant createdAt;
    private final List<String> versions = new ArrayList<>();

    Model(String ownerName, boolean official, boolean created, String visibility, String hardware, String description,
        Instant createdAt) {
      int slash = ownerName.indexOf('/');
      this.owner = ownerName.substring(0, slash);
      this.name = ownerName.substring(slash + 1);
      this.official = official;
      this.created = created;
      this.visibility = visibility;
      this.hardware = hardware;
      this.description = description;
      this.createdAt = createdAt;
    }

    String ref() {
      return owner + "/" + name;
    }

    synchronized String latestVersion() {
      return versions.isEmpty() ? null : versions.get(versions.size() - 1);
    }

    synchronized boolean hasVersion(String id) {
      return versions.contains(id);
    }

    synchronized void addVersion(String id) {
      if (!versions.contains(id)) versions.add(id);
    }

    synchronized List<String> versions() {
      return List.copyOf(versions);
    }
  }

  /** The outcome of resolving {@code version} on {@code POST /v1/predictions}. */
  record Resolved(Model model, String version) {}

  private final Map<String, Model> models = new ConcurrentHashMap<>();
  private final Map<String, Model> byVersion = new ConcurrentHashMap<>();
  private final Instant epoch;

  Catalogue(Collection<String> official, Collection<String> community, Instant epoch) {
    this.epoch = epoch;
    for (String ref : official) register(ref, true);
    for (String ref : community) register(ref, false);
  }

  private void register(String ref, boolean official) {
    Model model = new Model(ref, official, false, "public", "gpu-l40s", null, epoch);
    models.put(ref, model);
    String version = KNOWN_VERSIONS.getOrDefault(ref, versionId("model:" + ref));
    model.addVersion(version);
    byVersion.put(version, model);
  }

  Model find(String ref) {
    return models.get(ref);
  }

  /** Creates a model, or returns null when {@code owner/name} exists already. */
  Model create(String ref, String visibility, String hardware, String description, Instant now) {
    Model model = new Model(ref, false, true, visibility, hardware, description, now);
    return models.putIfAbsent(ref, model) == null ? model : null;
  }

  void addVersion(Model model, String version) {
    model.addVersion(version);
    byVersion.put(version, model);
  }

  /**
   * Resolves the three accepted forms: {@code owner/name} (official models only),
   * {@code owner/name:<64 hex>} and a bare 64-hex id. Returns null when the version cannot be used.
   * A public model accepts any well-formed version id (the simulator cannot know Replicate's real
   * ones); a model created here accepts only the versions its trainings produced.
   */
  Resolved resolve(String version) {
    int colon = version.indexOf(':');
    if (colon < 0 && VERSION_ID.matcher(version).matches()) {
      Model model = byVersion.get(version);
      return model == null ? null : new Resolved(model, version);
    }
    String ref = colon < 0 ? version : version.substring(0, colon);
    Model model = models.get(ref);
    if (model == null) return null;
    if (colon < 0) return model.official ? new Resolved(model, "hidden") : null;
    String id = version.substring(colon + 1);
    if (!VERSION_ID.matcher(id).matches()) return null;
    if (model.created && !model.hasVersion(id)) return null;
    return new Resolved(model, id);
  }

  /** The model object of {@code GET /v1/models/{owner}/{name}}. */
  Map<String, Object> toJson(Model model) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("url", "https://replicate.com/" + model.ref());
    json.put("owner", model.owner);
    json.put("name", model.name);
    json.put("description", model.description);
    json.put("visibility", model.visibility);
    json.put("github_url", null);
    json.put("paper_url", null);
    json.put("license_url", null);
    json.put("run_count", 0);
    json.put("cover_image_url", null);
    json.put("default_example", null);
    String latest = model.latestVersion();
    json.put("latest_version", latest == null ? null : versionJson(model, latest));
    return json;
  }

  Map<String, Object> versionJson(Model model, String id) {
    return Json.object("id", id, "created_at", Job.time(model.createdAt), "cog_version", "0.14.0",
        "openapi_schema", Json.object());
  }

  /** Whether {@code model}'s output is a single URL (else an array of URLs). */
  static boolean singleOutput(String model) {
    String lower = model.toLowerCase(Locale.ROOT);
    for (String s : SINGLE_OUTPUT) if (lower.contains(s)) return true;
    return false;
  }

  /** A stable 64-hex version id derived from {@code seed}. */
  static String versionId(String seed) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
