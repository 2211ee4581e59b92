package dev.pictor.replicate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A Replicate API played from a script, for {@code MockWebServer.setDispatcher}: requests are keyed
 * {@code "METHOD /path"}; a key's answers are given in turn, the last one repeated; a key without
 * answers gets a 404 problem. Every key asked is recorded. A {@link Gate} may hold a key's answers
 * back. Thread-safe.
 */
final class ScriptedApi extends Dispatcher {
  /** Runs before a request is answered; it may wait. */
  interface Gate {
    void before(String key) throws InterruptedException;
  }

  private final Map<String, List<MockResponse>> script = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
  private final List<String> asked = Collections.synchronizedList(new ArrayList<>());
  private final Gate gate;

  ScriptedApi(Gate gate) {
    this.gate = gate;
  }

  /** From now on, {@code key} is answered with {@code responses} in turn. */
  ScriptedApi on(String key, MockResponse... responses) {
    script.put(key, List.of(responses));
    answered.remove(key);
    return this;
  }

  /** How often {@code key} was answered from the script. */
  int count(String key) {
    AtomicInteger n = answered.get(key);
    return n == null ? 0 : n.get();
  }

  /** Every key asked, in order. */
  List<String> asked() {
    synchronized (asked) {
      return List.copyOf(asked);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String key = request.getMethod() + " " + request.getUrl().encodedPath();
    asked.add(key);
    gate.before(key);
    List<MockResponse> answers = script.get(key);
    if (answers == null) return Wire.json(404, "{\"title\":\"Not found\",\"status\":404}");
    int turn = answered.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
    return answers.get(Math.min(turn, answers.size() - 1));
  }
}
