package org.zhaowo.sms;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.Map;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.Database;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.TestDatabase;
import org.zhaowo.ticketing.TicketService;

/**
 * {@code scripts/bench-sms [backlog] [tickets] [tickets-per-second]}: the outbox's throughput into
 * a local fake Twilio over real HTTP (a backlog drained as fast as the worker can), then the delay
 * from a ticket event to its text leaving (p50/p99) under a steady stream of new tickets.
 */
public final class OutboxBenchmark {
  private OutboxBenchmark() {}

  public static void main(String[] args) throws Exception {
    int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int tickets = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int perSecond = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    Clock clock = Clock.systemUTC(); // a benchmark runs in real time: its one clock, as the launcher's
    Database db = TestDatabase.fresh(clock, "sms");
    Vertx vertx = Vertx.vertx();
    Pool pool = db.pool(vertx, 16);
    try (FakeTwilio twilio = new FakeTwilio(clock)) {
      Config config = Config.of(Map.of("TWILIO_ACCOUNT_SID", FakeTwilio.ACCOUNT, "TWILIO_AUTH_TOKEN", FakeTwilio.TOKEN,
          "TWILIO_FROM_NUMBER", FakeTwilio.FROM, "TWILIO_API_URL", twilio.url(),
          OutboxWorker.RATE, "100000", OutboxWorker.DAILY_CAP, "1000000", OutboxWorker.BATCH, "50"));
      TicketService service = TicketService.start(pool, config, clock).await();
      System.out.printf("Outbox benchmark: fake Twilio at %s, batch 50, poll %s ms, no rate limit%n", twilio.url(),
          config.get(OutboxWorker.POLL_MS, "200"));

      queue(pool, backlog, clock);
      long start = System.nanoTime();
      SmsGateway gateway = SmsGateway.start(vertx, pool, service, config, clock).await();
      waitUntil(() -> twilio.sent().size() >= backlog);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("throughput: %d messages in %.2f s = %.0f msgs/s into the fake Twilio%n", backlog, seconds,
          backlog / seconds);

      Actor agent = new Actor("agent", Role.AGENT, null);
      long interval = 1_000_000_000L / perSecond;
      long next = System.nanoTime();
      for (int i = 0; i < tickets; i++) {
        while (System.nanoTime() < next) {
          Thread.onSpinWait();
        }
        next += interval;
        service.create(new NewTicket("13800138000", Channel.AGENT, "utilities", null, "基准测试 " + i, null, null,
            null, false, false, null), agent);
      }
      waitUntil(() -> twilio.sent().size() >= backlog + tickets);
      Row delay = pool.preparedQuery("""
          SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at)) * 1000 AS p50,
                 percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at)) * 1000 AS p99,
                 count(*) AS n
            FROM sms_outbox WHERE kind = 'registered' AND send_state = 'sent'
          """).execute().await().iterator().next();
      System.out.printf("event-to-send delay over %d tickets at %d/s: p50 %.0f ms, p99 %.0f ms%n",
          delay.getLong("n"), perSecond, delay.getDouble("p50"), delay.getDouble("p99"));
      gateway.stop().await();
    } finally {
      vertx.close().await();
    }
    System.exit(0);
  }

  private static void queue(Pool pool, int count, Clock clock) {
    pool.preparedQuery("""
        INSERT INTO sms_outbox (dedupe_key, kind, to_phone, language, body, encoding, segments, send_state,
                                next_attempt_at, created_at, updated_at)
        SELECT 'bench:' || n, 'progress', '138' || lpad(n::text, 8, '0'), 'zh-CN', '【96715】基准消息 ' || n,
               'UCS-2', 1, 'queued', $2, $2, $2
          FROM generate_series(1, $1) AS n
        """).execute(Tuple.of(count, OutboxSql.at(clock.instant()))).await();
  }

  private static void waitUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + 300_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("the outbox did not drain within 5 minutes");
      }
      Thread.sleep(5);
    }
  }
}
