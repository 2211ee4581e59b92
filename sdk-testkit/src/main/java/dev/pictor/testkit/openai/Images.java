package dev.pictor.testkit.openai;

import dev.pictor.testkit.internal.Json;
import dev.pictor.testkit.internal.SeededDice;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * Serves one images request: reads it, checks it against its model's rules (400), draws the faults
 * that strike before the charge (502 or 503, a reset, a moderation block), charges it, waits the
 * latency, draws the faults that strike after the charge (a dropped socket, a 500, half an answer),
 * and answers OpenAI's body: {@code b64_json} images of exactly the ordered size, or DALL-E URLs on
 * this host, and for GPT image models {@code background}, {@code output_format}, {@code quality},
 * {@code size} and {@code usage}. Thread-safe.
 */
final class Images {
  private static final Pattern FILE = Pattern.compile("img-[0-9a-f]{8}-([0-9]{1,5})x([0-9]{1,5})-([0-9])\\.png");

  private final String base;
  private final OpenAiSimulator.Faults faults;
  private final SeededDice dice;
  private final Pictures pictures;
  private final OpenAiLedger ledger;
  private final long latencyMillis;
  private final Clock clock;

  Images(String base, OpenAiSimulator.Faults faults, Pictures pictures, OpenAiLedger ledger, long latencyMillis, Clock clock) {
    this.base = base;
    this.faults = faults;
    this.dice = new SeededDice(faults.seed, ledger::fault);
    this.pictures = pictures;
    this.ledger = ledger;
    this.latencyMillis = latencyMillis;
    this.clock = clock;
  }

  MockResponse.Builder serve(RecordedRequest request, String key, boolean edit) throws InterruptedException {
    Requests.Parsed parsed;
    Rules.Order order;
    try {
      parsed = edit ? Requests.multipart(request) : Requests.json(request);
      order = Rules.check(edit, parsed);
    } catch (Requests.Unreadable e) {
      return Responses.error(400, e.getMessage(), "invalid_request_error", null, "invalid_request_body");
    } catch (Rules.Rejected e) {
      return Responses.invalid(e.problem);
    }
    if (dice.roll("serverErrors", faults.serverErrors)) return dice.coin() ? Responses.badGateway() : Responses.unavailable();
    if (dice.roll("resetsBeforeAnswer", faults.resetsBeforeAnswer)) return Responses.closeSocket();
    if (dice.roll("moderationBlocks", faults.moderationBlocks)) {
      return Responses.error(400, "Your request was rejected as a result of our safety system. Your request may contain content"
          + " that is not allowed by our safety system.", "image_generation_user_error", null, "moderation_blocked");
    }
    String route = edit ? Api.EDITS : Api.GENERATIONS;
    ledger.charge(key, route, String.valueOf(parsed.fields().get("model")), order.n(), Billing.cost(order), parsed.canonical());
    if (latencyMillis > 0) Thread.sleep(latencyMillis);
    if (dice.roll("dropAfterCharge", faults.dropAfterCharge)) return Responses.closeSocket();
    if (dice.roll("internalErrors", faults.internalErrors)) return Responses.internal();
    String json = Json.write(body(order, parsed));
    MockResponse.Builder answer = dice.roll("malformedJson", faults.malformedJson) ? Responses.truncated(json)
        : new MockResponse.Builder().code(200).setHeader("Content-Type", Responses.JSON).body(new Buffer().writeUtf8(json));
    answer.setHeader("openai-processing-ms", Long.toString(latencyMillis));
    if (dice.roll("slowAnswers", faults.slowAnswers)) answer = Responses.delayed(answer, faults.slowAnswerDelay);
    return answer;
  }

  private Map<String, Object> body(Rules.Order o, Requests.Parsed parsed) {
    int variant = (parsed.canonical().hashCode() & 0x7fffffff) % Pictures.VARIANTS;
    List<Object> data = new ArrayList<>(o.n());
    for (int i = 0; i < o.n(); i++) {
      int v = (variant + i) % Pictures.VARIANTS;
      Map<String, Object> item = o.b64() ? Json.object("b64_json", pictures.base64(o.format(), o.width(), o.height(), v))
          : Json.object("url", base + "/dalle/img-" + UUID.randomUUID().toString().substring(0, 8) + "-" + o.size() + "-" + v + ".png");
      if (o.model() == Models.DALL_E_3) item.put("revised_prompt", "A detailed rendering of: " + parsed.fields().get("prompt"));
      data.add(item);
    }
    Map<String, Object> body = Json.object("created", clock.millis() / 1000, "data", data);
    if (o.model().gpt()) {
      body.put("background", o.background());
      body.put("output_format", o.format());
      body.put("quality", o.quality());
      body.put("size", o.size());
      body.put("usage", Billing.tokens(o).usage());
    }
    return body;
  }

  /** A DALL-E image URL's file: a PNG of the size its name says. */
  MockResponse file(String name) {
    Matcher m = FILE.matcher(name);
    if (!m.matches()) return Responses.error(404, "The specified blob does not exist.", "invalid_request_error", null, null).build();
    byte[] png = pictures.bytes("png", Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png").body(new Buffer().write(png)).build();
  }
}
