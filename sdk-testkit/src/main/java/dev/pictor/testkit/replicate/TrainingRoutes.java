package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;

/**
 * The model and training endpoints: read and create models, list a model's versions, create, read,
 * cancel and list trainings. A succeeded training adds {@code output.version} to its destination
 * model, usable at once on {@code POST /v1/predictions}. Thread-safe.
 */
final class TrainingRoutes {
  private static final Set<String> MODEL_KEYS = Set.of("owner", "name", "visibility", "hardware", "description",
      "github_url", "paper_url", "license_url", "cover_image_url");
  private static final Set<String> TRAINING_KEYS = Set.of("destination", "input", "webhook", "webhook_events_filter");

  private final String apiBase;
  private final Clock clock;
  private final Jobs jobs;
  private final Catalogue catalogue;
  private final ReplicateLedger ledger;
  private final Pager pager;

  TrainingRoutes(String apiBase, Clock clock, Jobs jobs, Catalogue catalogue, ReplicateLedger ledger, Pager pager) {
    this.apiBase = apiBase;
    this.clock = clock;
    this.jobs = jobs;
    this.catalogue = catalogue;
    this.ledger = ledger;
    this.pager = pager;
  }

  MockResponse getModel(Exchange ex) {
    Catalogue.Model model = catalogue.find(ex.segment(1) + "/" + ex.segment(2));
    return model == null ? Responses.notFound() : ex.ok(catalogue.toJson(model));
  }

  MockResponse versions(Exchange ex) {
    Catalogue.Model model = catalogue.find(ex.segment(1) + "/" + ex.segment(2));
    if (model == null) return Responses.notFound();
    List<Object> results = new ArrayList<>();
    List<String> versions = model.versions();
    for (int i = versions.size() - 1; i >= 0; i--) results.add(catalogue.versionJson(model, versions.get(i)));
    return ex.ok(Json.object("next", null, "previous", null, "results", results));
  }

  MockResponse createModel(Exchange ex) {
    Map<String, Object> body = Requests.object(ex);
    if (body == null) return Responses.problem(400, "Bad request", "The request body must be a JSON object.");
    MockResponse invalid = Requests.unknownKeys(body, MODEL_KEYS);
    if (invalid != null) return invalid;
    for (String key : List.of("owner", "name", "hardware")) {
      if (!(body.get(key) instanceof String) || ((String) body.get(key)).isEmpty()) {
        return Responses.invalid("- " + key + ": " + key + " is required");
      }
    }
    Object visibility = body.get("visibility");
    if (!"public".equals(visibility) && !"private".equals(visibility)) {
      return Responses.invalid("- visibility: visibility must be one of public, private");
    }
    String ref = body.get("owner") + "/" + body.get("name");
    if (!Catalogue.OWNER_NAME.matcher(ref).matches()) return Responses.invalid("- name: invalid model name " + ref);
    Object description = body.get("description");
    Catalogue.Model model = catalogue.create(ref, (String) visibility, (String) body.get("hardware"),
        description instanceof String ? (String) description : null, clock.instant());
    if (model == null) return Responses.problem(409, "Conflict", "A model with that name and owner already exists.");
    return Responses.json(201, catalogue.toJson(model));
  }

  MockResponse createTraining(Exchange ex) {
    Catalogue.Model trainer = catalogue.find(ex.segment(1) + "/" + ex.segment(2));
    if (trainer == null) return Responses.notFound();
    String version = ex.segment(4);
    if (!Catalogue.VERSION_ID.matcher(version).matches() || (trainer.created && !trainer.hasVersion(version))) {
      return Responses.invalid("Invalid version or not permitted: " + version);
    }
    Map<String, Object> body = Requests.object(ex);
    if (body == null) return Responses.problem(400, "Bad request", "The request body must be a JSON object.");
    MockResponse invalid = Requests.unknownKeys(body, TRAINING_KEYS);
    if (invalid == null) invalid = Requests.checkInput(body);
    if (invalid == null) invalid = Requests.checkWebhook(body);
    if (invalid != null) return invalid;
    Object destination = body.get("destination");
    if (!(destination instanceof String) || !Catalogue.OWNER_NAME.matcher((String) destination).matches()) {
      return Responses.invalid("- destination: destination must be owner/name");
    }
    Catalogue.Model target = catalogue.find((String) destination);
    if (target == null || !target.created) {
      return Responses.invalid("The specified training destination " + destination + " does not exist or is not yours: create it with POST /v1/models");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> input = (Map<String, Object>) body.get("input");
    Instant now = clock.instant();
    Job job = new Job(Job.Kind.TRAINING, Jobs.newId(), jobs.nextSeq(), ex.token, trainer.ref(), version, input,
        (String) body.get("webhook"), Requests.events(body), now, null, null, target.ref(), false);
    ledger.training();
    Map<String, Object> answer = job.toJson(apiBase);
    jobs.submit(job);
    return Responses.json(201, answer);
  }

  MockResponse get(Exchange ex) {
    Job job = jobs.get(ex.segment(1), ex.token, Job.Kind.TRAINING);
    return job == null ? Responses.notFound() : ex.ok(job.toJson(apiBase));
  }

  MockResponse cancel(Exchange ex) {
    Job job = jobs.get(ex.segment(1), ex.token, Job.Kind.TRAINING);
    if (job == null) return Responses.notFound();
    jobs.cancel(job);
    return Responses.json(200, job.toJson(apiBase));
  }

  MockResponse list(Exchange ex) {
    return PredictionRoutes.list(ex, Job.Kind.TRAINING, jobs, pager, apiBase);
  }
}
