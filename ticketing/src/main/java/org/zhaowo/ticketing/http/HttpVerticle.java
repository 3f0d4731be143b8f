package org.zhaowo.ticketing.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Auth;
import org.zhaowo.ticketing.CallLog;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.TicketService;

/**
 * The HTTP boundary: health, metrics, the ticketing API, the web console and the SMS gateway's
 * webhooks, every route declared in {@link Routes}. Listens on ZHAOWO_HTTP_HOST:ZHAOWO_HTTP_PORT.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(HttpVerticle.class);
  /** The largest request body (and form) the server reads. */
  static final long MAX_BODY = 64 * 1024;

  private final TicketService tickets;
  private final Pool pool;
  private final Config config;
  private final Clock clock;
  private final PrometheusMeterRegistry metrics;
  private final SmsWebhooks webhooks; // null when no SMS gateway runs here
  private final Map<String, Supplier<JsonObject>> healthDetails = new ConcurrentHashMap<>();
  private CallLog callLog = CallLog.NONE; // the IVR's, when one runs here (set before deploying)
  private TimeoutHandler requestTimeout;
  private HttpServer server;

  /** Without an SMS gateway: its webhooks' paths answer 404. */
  public HttpVerticle(TicketService tickets, Pool pool, Config config, Clock clock, PrometheusMeterRegistry metrics) {
    this(tickets, pool, config, clock, metrics, null);
  }

  /** With {@code metrics} for {@code /metrics} (none when null) and the SMS gateway's {@code webhooks}. */
  public HttpVerticle(TicketService tickets, Pool pool, Config config, Clock clock, PrometheusMeterRegistry metrics,
      SmsWebhooks webhooks) {
    this.tickets = tickets;
    this.pool = pool;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.webhooks = webhooks;
  }

  @Override
  public Future<?> start() {
    requestTimeout = TimeoutHandler.create(config.getInt("ZHAOWO_HTTP_TIMEOUT_MS", 15_000), 503);
    Auth auth = Auth.create(vertx, pool, clock);
    LoginThrottle throttle = new LoginThrottle(config, clock);
    Console console = new Console(vertx, tickets, auth, throttle, config, clock, callLog);
    Router router = Router.router(vertx);
    new Routes(this, tickets, auth, throttle, clock, console, webhooks).declare(router);
    String host = config.get("ZHAOWO_HTTP_HOST", "127.0.0.1");
    int port = config.getInt("ZHAOWO_HTTP_PORT", 8080);
    Connections connections = new Connections(vertx, config.getInt("ZHAOWO_HTTP_MAX_CONNECTIONS_PER_ADDRESS", 64),
        config.getInt("ZHAOWO_HTTP_HEAD_SECONDS", 10) * 1000L);
    // console forms can be longer than the form decoder's usual 8 KB (a description of 4000 characters);
    // no HTTP/2 over plain TCP (no browser speaks it): a connection is HTTP/1 from its first byte, so the
    // per-address cap and the head deadline apply from the moment it opens
    HttpServerOptions options = new HttpServerOptions().setMaxFormAttributeSize((int) MAX_BODY)
        .setMaxFormBufferedBytes((int) MAX_BODY).setHttp2ClearTextEnabled(false)
        .setIdleTimeout(idleSeconds(config)).setIdleTimeoutUnit(TimeUnit.SECONDS);
    return vertx.createHttpServer(options).connectionHandler(connections::opened)
        .requestHandler(connections.heads(router)).listen(port, host).onSuccess(s -> {
          server = s;
          log.info("HTTP API listening on http://{}:{}", host, s.actualPort());
        });
  }

  /**
   * A connection that neither sends nor receives for this long is closed (a half-sent request, say); the
   * agents' event streams send a comment more often ({@link ScreenPops}).
   */
  static int idleSeconds(Config config) {
    return config.getInt("ZHAOWO_HTTP_IDLE_SECONDS", 30);
  }

  /** A request still waiting (on a hung database, say) gets 503 rather than hanging. */
  void timeout(RoutingContext ctx) {
    if (Console.isStream(ctx)) {
      ctx.next(); // an agent page's event stream stays open for as long as the page
    } else {
      requestTimeout.handle(ctx);
    }
  }

  /** {@code /health}: up while the database answers, with what other modules report. */
  void health(RoutingContext ctx) {
    pool.query("SELECT 1").execute().timeout(2, TimeUnit.SECONDS)
        .onSuccess(rows -> Json.ok(ctx, report()))
        .onFailure(e -> Problems.send(ctx, 503, "the database is unreachable"));
  }

  /** Prometheus' scrape of {@code /metrics}, when this server was given a registry. */
  Optional<Handler<RoutingContext>> metrics() {
    return Optional.ofNullable(metrics).map(registry -> PrometheusScrapingHandler.create(registry));
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

  /** What the IVR gathered on calls, for the agents' screen pops; before deploying (the pages take it at start). */
  public HttpVerticle withCallLog(CallLog log) {
    this.callLog = log;
    return this;
  }

  private JsonObject report() {
    JsonObject health = new JsonObject().put("status", "up");
    healthDetails.forEach((name, detail) -> health.put(name, detail.get()));
    return health;
  }

  /** Stops accepting connections and lets requests in flight finish (up to 10 s). */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(10, TimeUnit.SECONDS);
  }

  /** The configuration the routes' handlers read their own keys from (Open311's api keys). */
  Config settings() {
    return config;
  }

  /** The port actually bound (useful with port 0 in tests). */
  public int port() {
    return server.actualPort();
  }
}
