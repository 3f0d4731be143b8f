package org.zhaowo.ticketing.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Auth;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.QueueConnect;
import org.zhaowo.ticketing.TicketingException;

/**
 * Pushes a call to the screen of the agent whose phone the queue connected it to: each agent page
 * holds one Server-Sent Events stream ({@code GET /agent/events}); a {@link QueueConnect} heard on the
 * event bus is matched to the user sitting at that phone ({@code users.phone_interface}) and sent as
 * a {@code pop} event to that user's streams only. The event names the call, not the caller: the page
 * fetches the pop ({@code /agent/pop?call=…}), which the server renders from what it was told here
 * (kept {@link #REMEMBERED}) and what the IVR gathered. Every instance hears its own Asterisk's
 * events, so each pushes to the pages connected to it.
 *
 * <p>A stream lives no longer than its session: signing out closes it, and every 15 s (the keep-alive
 * comment that also keeps proxies, and the server's own idle timeout, from closing an idle stream: more
 * often when that timeout is under 30 s) each stream's session is checked again, so an expired or ended
 * one is closed.
 */
final class ScreenPops {
  private static final Logger log = LoggerFactory.getLogger(ScreenPops.class);
  /** The keep-alive comment's period, at most: more often when the server's idle timeout is shorter. */
  private static final long KEEPALIVE_MS = 15_000;
  /** How long a connected call can still be opened by its unique id after the event. */
  static final Duration REMEMBERED = Duration.ofMinutes(30);

  private record Stream(String username, String token, HttpServerResponse response) {}

  private record Connected(QueueConnect call, String username, Instant at) {}

  private final Auth auth;
  private final Clock clock;
  private final Map<HttpServerResponse, Stream> streams = new ConcurrentHashMap<>();
  private final Map<String, Connected> recent = new ConcurrentHashMap<>();

  /** {@code idleSeconds}: the HTTP server's idle timeout, which a healthy stream must never reach. */
  ScreenPops(Vertx vertx, Auth auth, Clock clock, int idleSeconds) {
    this.auth = auth;
    this.clock = clock;
    vertx.eventBus().<JsonObject>consumer(QueueConnect.ADDRESS, message -> connected(QueueConnect.fromJson(message.body())));
    vertx.setPeriodic(Math.max(250, Math.min(KEEPALIVE_MS, idleSeconds * 1000L / 2)), id -> keepAlive());
  }

  /** Opens the stream of a signed-in user's page. */
  void open(RoutingContext ctx, String username, String token) {
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    streams.put(response, new Stream(username, token, response));
    response.closeHandler(v -> streams.remove(response));
    response.exceptionHandler(e -> streams.remove(response));
    response.write("retry: 2000\n: connected\n\n");
  }

  /** Closes the streams of a session that has ended (sign-out). */
  void sessionEnded(String token) {
    streams.values().stream().filter(s -> s.token().equals(token)).forEach(this::close);
  }

  /**
   * The call connected to this user's phone with that unique id, if it was, recently: who called and
   * the ticket the IVR registered, as Asterisk said.
   */
  Optional<QueueConnect> connectedTo(String username, String uniqueId) {
    Connected connected = uniqueId == null ? null : recent.get(uniqueId);
    return connected != null && connected.username().equals(username) ? Optional.of(connected.call()) : Optional.empty();
  }

  private void keepAlive() {
    Instant forgotten = clock.instant().minus(REMEMBERED);
    recent.values().removeIf(c -> c.at().isBefore(forgotten));
    // one check per session, however many of its pages are open
    streams.values().stream().collect(java.util.stream.Collectors.groupingBy(Stream::token)).forEach((token, pages) ->
        auth.authenticate(token).onComplete(checked -> {
          boolean ended = checked.failed() && checked.cause() instanceof TicketingException e
              && e.kind() == TicketingException.Kind.UNAUTHORIZED; // signed out elsewhere, or expired
          for (Stream stream : pages) {
            if (ended) {
              close(stream);
            } else {
              stream.response().write(": keepalive\n\n"); // also when the database is briefly away: the session may be fine
            }
          }
        }));
  }

  private void close(Stream stream) {
    streams.remove(stream.response());
    stream.response().end();
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
    if (call.uniqueId() != null) {
      recent.put(call.uniqueId(), new Connected(call, username, clock.instant()));
    }
    String data = new JsonObject().put("uniqueId", call.uniqueId()).put("caller", Phones.mask(call.caller()))
        .put("ticket", call.ticketNumber()).encode();
    int pages = 0;
    for (Stream stream : streams.values()) {
      if (stream.username().equals(username)) {
        stream.response().write("event: pop\ndata: " + data + "\n\n");
        pages++;
      }
    }
    log.info("Call {} from {} connected to {} ({}): popped on {} page(s)", call.uniqueId(), Phones.mask(call.caller()),
        call.agentInterface(), username, pages);
  }
}
