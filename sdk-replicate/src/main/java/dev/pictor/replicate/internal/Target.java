package dev.pictor.replicate.internal;

/**
 * Where a create goes, from a spec's provider reference: {@code deployments/owner/name}, an
 * {@code owner/name:version} or bare version id, a community model whose latest version is looked up,
 * or an official model. Immutable.
 *
 * @param kind the endpoint family
 * @param model {@code owner/name}, or null for a bare version id
 * @param version the version id for {@link Kind#VERSION}, else null
 * @param deployment {@code owner/name} of the deployment for {@link Kind#DEPLOYMENT}, else null
 */
public record Target(Kind kind, String model, String version, String deployment) {
  /** The endpoint families. */
  public enum Kind {
    /** {@code POST /models/{owner}/{name}/predictions}. */
    OFFICIAL,
    /** {@code POST /predictions} with {@code version}. */
    VERSION,
    /** A version is looked up first ({@code latest_version}), then as {@link #VERSION}. */
    LATEST_VERSION,
    /** {@code POST /deployments/{owner}/{name}/predictions}. */
    DEPLOYMENT
  }

  static final String DEPLOYMENTS = "deployments/";

  /** The target for {@code providerRef}; {@code community} says an {@code owner/name} needs a version. */
  public static Target of(String providerRef, boolean community) {
    if (providerRef.startsWith(DEPLOYMENTS)) {
      return new Target(Kind.DEPLOYMENT, null, null, providerRef.substring(DEPLOYMENTS.length()));
    }
    int colon = providerRef.indexOf(':');
    if (colon >= 0) return new Target(Kind.VERSION, providerRef.substring(0, colon), providerRef.substring(colon + 1), null);
    if (providerRef.indexOf('/') < 0) return new Target(Kind.VERSION, null, providerRef, null);
    return new Target(community ? Kind.LATEST_VERSION : Kind.OFFICIAL, providerRef, null, null);
  }

  public static Target version(String model, String version) {
    return new Target(Kind.VERSION, model, version, null);
  }

  /** The {@code owner/name} part of a provider reference, or null for a bare version id. */
  public static String ownerName(String providerRef) {
    if (providerRef.startsWith(DEPLOYMENTS)) return providerRef.substring(DEPLOYMENTS.length());
    int colon = providerRef.indexOf(':');
    String base = colon >= 0 ? providerRef.substring(0, colon) : providerRef;
    return base.indexOf('/') < 0 ? null : base;
  }

  /** The API path segments of the create. */
  public String createPath() {
    switch (kind) {
      case OFFICIAL:
        return "models/" + model + "/predictions";
      case DEPLOYMENT:
        return "deployments/" + deployment + "/predictions";
      default:
        return "predictions";
    }
  }
}
