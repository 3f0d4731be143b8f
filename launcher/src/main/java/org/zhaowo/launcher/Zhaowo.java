package org.zhaowo.launcher;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ivr.IvrServer;
import org.zhaowo.sms.SmsGateway;
import org.zhaowo.ticketing.CallLog;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.Database;
import org.zhaowo.ticketing.DemoDistrict;
import org.zhaowo.ticketing.Supervision;
import org.zhaowo.ticketing.SupervisionVerticle;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.http.HttpVerticle;

/** The whole service: the database, then one verticle per I/O boundary, in order. */
public final class Zhaowo implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Zhaowo.class);

  private final Database database;
  private final Vertx vertx;
  private final HttpVerticle http;
  private final IvrServer ivr;

  private Zhaowo(Database database, Vertx vertx, HttpVerticle http, IvrServer ivr) {
    this.database = database;
    this.vertx = vertx;
    this.http = http;
    this.ivr = ivr;
  }

  /**
   * Starts everything; blocks until it listens. {@code clock} is the service's one source of time:
   * every module and worker reads it, and every business timestamp is written from it.
   */
  public static Zhaowo start(Config config, Clock clock) throws Exception {
    Database database = Database.open(config);
    try {
      return startOn(database, config, clock);
    } catch (Exception | Error e) {
      database.close(); // an embedded server is not left running by a start that failed
      throw e;
    }
  }

  private static Zhaowo startOn(Database database, Config config, Clock clock) throws Exception {
    database.migrate("ticketing");
    database.migrate("ivr");
    database.migrate("sms");
    if (config.getBoolean("ZHAOWO_DEMO", true)) {
      String password = config.get("ZHAOWO_DEMO_PASSWORD", "demo");
      if (DemoDistrict.loadIfEmpty(database, password, clock)) {
        System.out.println("Demo district loaded (演示区). Users " + DemoDistrict.USERS + ", password: " + password);
      }
    }
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(metrics))
        .build();
    Pool pool = database.pool(vertx, config.getInt("ZHAOWO_DB_POOL", 16));
    TicketService tickets = TicketService.start(pool, config, clock).await();
    // counted as events are written; a rolled-back transaction (rare) still counts
    tickets.addListener((tx, ticket, event) -> {
      metrics.counter("zhaowo.ticket.events", "action", event.action()).increment();
      return Future.succeededFuture();
    });
    SmsGateway sms = SmsGateway.start(vertx, pool, tickets, config, clock).await();
    // the IVR before the HTTP server, whose pages and health show what the IVR gathered and checked
    IvrServer ivr = IvrServer.start(vertx, tickets, pool, config, clock, metrics).await();
    HttpVerticle http = new HttpVerticle(tickets, pool, config, clock, metrics, sms.webhooks())
        .withHealthDetail("ivr", ivr::health).withCallLog(ivr.callLog());
    vertx.deployVerticle(http).await();
    vertx.deployVerticle(new SupervisionVerticle(tickets, Supervision.fromConfig(pool, config), clock, config, metrics)).await();
    return new Zhaowo(database, vertx, http, ivr);
  }

  public int httpPort() {
    return http.port();
  }

  /** What the IVR gathered on calls, as the agents' screen pops show it. */
  public CallLog callLog() {
    return ivr.callLog();
  }

  public int agiPort() {
    return ivr.port();
  }

  /** Stops taking work, lets running requests finish, then stops the database. */
  @Override
  public void close() throws Exception {
    log.info("Shutting down");
    vertx.close().await();
    database.close();
    log.info("Stopped");
  }
}
