package org.zhaowo.ticketing.console;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Auth;
import org.zhaowo.ticketing.Phones;

/**
 * Pushes a call to the screen of the agent whose phone the queue connected it to: each agent page
 * holds one Server-Sent Events stream ({@code GET /agent/events}); a {@link QueueConnect} heard on the
 * event bus is matched to the user sitting at that phone ({@code users.phone_interface}) and sent as
 * a {@code pop} event to that user's streams only. Every instance hears its own Asterisk's events, so
 * each pushes to the pages connected to it. A comment line every 15 s keeps proxies from closing an
 * idle stream.
 */
final class ScreenPops {
  private static final Logger log = LoggerFactory.getLogger(ScreenPops.class);
  private static final long KEEPALIVE_MS = 15_000;

  private final Auth auth;
  private final Map<String, Set<HttpServerResponse>> streams = new ConcurrentHashMap<>();

  ScreenPops(Vertx vertx, Auth auth) {
    this.auth = auth;
    vertx.eventBus().<JsonObject>consumer(QueueConnect.ADDRESS, message -> connected(QueueConnect.fromJson(message.body())));
    vertx.setPeriodic(KEEPALIVE_MS, id -> streams.values().forEach(set -> set.forEach(r -> r.write(": keepalive\n\n"))));
  }

  /** Opens the stream of a signed-in user's page. */
  void open(RoutingContext ctx, String username) {
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    Set<HttpServerResponse> mine = streams.computeIfAbsent(username, u -> ConcurrentHashMap.newKeySet());
    mine.add(response);
    response.closeHandler(v -> remove(username, response));
    response.exceptionHandler(e -> remove(username, response));
    response.write("retry: 2000\n: connected\n\n");
  }

  private void remove(String username, HttpServerResponse response) {
    streams.computeIfPresent(username, (u, set) -> {
      set.remove(response);
      return set.isEmpty() ? null : set;
    });
  }

  /** How many pages of this user are listening (tests, health). */
  int listening(String username) {
    Set<HttpServerResponse> set = streams.get(username);
    return set == null ? 0 : set.size();
  }

  private void connected(QueueConnect call) {
    if (call.agentInterface() == null) {
      return;
    }
    auth.userAtPhone(call.agentInterface())
        .onSuccess(user -> user.ifPresentOrElse(username -> push(username, call),
            () -> log.info("Call {} connected to {}: no console user sits at that phone", call.uniqueId(), call.agentInterface())))
        .onFailure(e -> log.warn("Call {} connected to {}: the screen pop failed: {}", call.uniqueId(), call.agentInterface(),
            e.toString()));
  }

  private void push(String username, QueueConnect call) {
    Set<HttpServerResponse> set = streams.getOrDefault(username, Set.of());
    log.info("Call {} from {} connected to {} ({}): popped on {} page(s)", call.uniqueId(), Phones.mask(call.caller()),
        call.agentInterface(), username, set.size());
    String data = new JsonObject().put("uniqueId", call.uniqueId()).put("caller", call.caller())
        .put("ticket", call.ticketNumber()).put("queue", call.queue()).encode();
    set.forEach(response -> response.write("event: pop\ndata: " + data + "\n\n"));
  }
}
