package org.zhaowo.ticketing;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.zhaowo.ticketing.console.CallLog;
import org.zhaowo.ticketing.console.Console;
import org.zhaowo.ticketing.console.GatheredCall;
import org.slf4j.LoggerFactory;

/**
 * The HTTP boundary: health, metrics, the ticketing API, and whatever routes other modules mount
 * (the SMS gateway's webhooks). Listens on ZHAOWO_HTTP_HOST:ZHAOWO_HTTP_PORT.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(HttpVerticle.class);
  private static final long MAX_BODY = 64 * 1024;

  private final TicketService tickets;
  private final Pool pool;
  private final Config config;
  private final Clock clock;
  private final PrometheusMeterRegistry metrics;
  private final List<Consumer<Router>> extraRoutes;
  private final Map<String, Supplier<JsonObject>> healthDetails = new ConcurrentHashMap<>();
  private final CallLog callLog = new CallLog() { // whichever the IVR hands over, once it runs
    @Override
    public Future<java.util.Optional<GatheredCall>> call(String uniqueId) {
      return calls.call(uniqueId);
    }

    @Override
    public Future<List<GatheredCall>> recentCalls(String phone, int limit) {
      return calls.recentCalls(phone, limit);
    }

    @Override
    public java.util.Optional<java.nio.file.Path> recording(String name) {
      return calls.recording(name);
    }
  };
  private volatile CallLog calls = CallLog.NONE;
  private HttpServer server;

  public HttpVerticle(TicketService tickets, Pool pool, Config config, Clock clock, PrometheusMeterRegistry metrics,
      List<Consumer<Router>> extraRoutes) {
    this.tickets = tickets;
    this.pool = pool;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.extraRoutes = extraRoutes;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    // a request still waiting (on a hung database, say) gets 503 rather than hanging
    TimeoutHandler timeout = TimeoutHandler.create(config.getInt("ZHAOWO_HTTP_TIMEOUT_MS", 15_000), 503);
    router.route().handler(ctx -> {
      if (Console.isStream(ctx)) {
        ctx.next(); // an agent page's event stream stays open for as long as the page
      } else {
        timeout.handle(ctx);
      }
    });
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.get("/health").handler(ctx -> pool.query("SELECT 1").execute().timeout(2, TimeUnit.SECONDS)
        .onSuccess(rows -> Json.ok(ctx, health()))
        .onFailure(e -> Problems.send(ctx, 503, "the database is unreachable")));
    if (metrics != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    }
    Auth auth = new Auth(vertx, pool, clock);
    new TicketApi(tickets, auth, clock).mount(router);
    new Console(vertx, tickets, auth, config, clock, callLog).mount(router);
    extraRoutes.forEach(mount -> mount.accept(router));
    router.route().last().handler(ctx -> Problems.send(ctx, 404, "no such resource: " + ctx.request().path()));
    router.route().failureHandler(Problems::handle);
    String host = config.get("ZHAOWO_HTTP_HOST", "127.0.0.1");
    int port = config.getInt("ZHAOWO_HTTP_PORT", 8080);
    // a JSON body sent as a form (curl -d without a Content-Type) is decoded as one long field
    HttpServerOptions options = new HttpServerOptions().setMaxFormAttributeSize((int) MAX_BODY)
        .setMaxFormBufferedBytes((int) MAX_BODY);
    return vertx.createHttpServer(options).requestHandler(router).listen(port, host).onSuccess(s -> {
      server = s;
      log.info("HTTP API listening on http://{}:{}", host, s.actualPort());
    });
  }

  /**
   * Adds what another module reports under {@code name} in {@code /health} (the IVR: missing prompts,
   * the recordings folder). Detail only: the status follows the database, which decides whether this
   * instance can take work.
   */
  public HttpVerticle withHealthDetail(String name, Supplier<JsonObject> detail) {
    healthDetails.put(name, detail);
    return this;
  }

  /** What the IVR gathered on calls, for the agents' screen pops (the IVR starts after the HTTP server). */
  public HttpVerticle withCallLog(CallLog log) {
    this.calls = log;
    return this;
  }

  private JsonObject health() {
    JsonObject health = new JsonObject().put("status", "up");
    healthDetails.forEach((name, detail) -> health.put(name, detail.get()));
    return health;
  }

  /** Stops accepting connections and lets requests in flight finish (up to 10 s). */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(10, TimeUnit.SECONDS);
  }

  /** The port actually bound (useful with port 0 in tests). */
  public int port() {
    return server.actualPort();
  }
}
