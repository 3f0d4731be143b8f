package org.zhaowo.ticketing.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server's limits on connections, before any route: at most {@code maxPerAddress} open at once from
 * one client address (one more is closed at once), and a request head due within {@code headMillis} of the
 * connection opening or of the previous answer ending (a client trickling a header a byte at a time, which the
 * idle timeout alone would let through, is closed). Behind a reverse proxy every connection comes from the
 * proxy's address: raise the cap to what the proxy may open.
 */
final class Connections {
  private static final Logger log = LoggerFactory.getLogger(Connections.class);

  private final Vertx vertx;
  private final int maxPerAddress;
  private final long headMillis;
  private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>(); // only addresses with connections
  private final Map<HttpConnection, Long> headTimers = new ConcurrentHashMap<>();

  Connections(Vertx vertx, int maxPerAddress, long headMillis) {
    this.vertx = vertx;
    this.maxPerAddress = maxPerAddress;
    this.headMillis = headMillis;
  }

  /** The server's connection handler: counts the connection against its address and starts its head timer. */
  void opened(HttpConnection connection) {
    String address = connection.remoteAddress() == null ? "?" : connection.remoteAddress().hostAddress();
    int count = open.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
    connection.closeHandler(v -> closed(connection, address));
    if (count > maxPerAddress) {
      log.warn("Connection from {} closed: {} already open from there (ZHAOWO_HTTP_MAX_CONNECTIONS_PER_ADDRESS)", address,
          count - 1);
      connection.close();
      return;
    }
    awaitHead(connection);
  }

  /** Wraps the router: a request whose head has arrived stops its connection's timer until the answer ends. */
  Handler<HttpServerRequest> heads(Handler<HttpServerRequest> router) {
    return request -> {
      HttpConnection connection = request.connection();
      cancel(connection);
      if (request.version() != HttpVersion.HTTP_2) { // HTTP/2 streams share their connection: the idle timeout covers it
        request.response().endHandler(v -> awaitHead(connection));
      }
      router.handle(request);
    };
  }

  private void awaitHead(HttpConnection connection) {
    long timer = vertx.setTimer(headMillis, id -> {
      if (headTimers.remove(connection, id)) {
        log.info("Connection from {} closed: no complete request head within {} ms", connection.remoteAddress(), headMillis);
        connection.close();
      }
    });
    Long previous = headTimers.put(connection, timer);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }

  private void cancel(HttpConnection connection) {
    Long timer = headTimers.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  private void closed(HttpConnection connection, String address) {
    cancel(connection);
    open.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
  }
}
