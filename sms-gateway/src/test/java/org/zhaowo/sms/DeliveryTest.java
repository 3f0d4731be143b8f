package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zhaowo.sms.Hotline.eventually;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.TestRows;
import org.zhaowo.ticketing.Ticket;

/**
 * The outbox's guarantees against a real PostgreSQL and a fake Twilio over HTTP: nothing lost and
 * nothing sent twice through crashes, outages and concurrent workers.
 */
class DeliveryTest {
  private Hotline hotline;
  private final List<Vertx> workers = new java.util.ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    workers.forEach(v -> v.close().await());
    hotline.close();
  }

  /** An outbox worker on a Vert.x and pool of its own, as another service instance would run it, on the test's clock. */
  private Pool startWorker(Map<String, String> extra) {
    Clock clock = hotline.service.clock;
    Vertx vertx = Vertx.vertx();
    workers.add(vertx);
    Pool pool = hotline.service.db.pool(vertx, 4);
    Config config = hotline.config.with(extra);
    vertx.deployVerticle(new OutboxWorker(pool, new TwilioProvider(config, null), FakeTwilio.FROM, config, clock)).await();
    return pool;
  }

  /** Queues {@code count} texts, due now by the test's clock. */
  private void queue(int count) {
    List<Map<String, Object>> rows = new java.util.ArrayList<>();
    for (int n = 1; n <= count; n++) {
      rows.add(Map.of("dedupe_key", "load:" + n, "kind", "progress", "to_phone", String.format("1380013%04d", n),
          "language", "zh-CN", "body", "【96715】测试消息 " + n, "encoding", "UCS-2", "segments", 1,
          "send_state", "queued"));
    }
    TestRows.insertAll(hotline.service.pool, hotline.service.clock, "sms_outbox", rows);
  }

  private long countState(String state) {
    return hotline.rows("SELECT count(*) FROM sms_outbox WHERE send_state = $1", state).get(0).getLong(0);
  }

  private void assertEachSentOnce(int expected) {
    Set<String> bodies = new HashSet<>();
    hotline.twilio.sent().forEach(m -> assertTrue(bodies.add(m.body()), "sent twice: " + m.body()));
    assertEquals(expected, bodies.size());
  }

  @Test
  void aMessageQueuedWhileNoWorkerRunsIsSentOnceWhenOneStarts() throws Exception {
    hotline = new Hotline(Map.of(SmsGateway.WORKER, "false"));
    Ticket ticket = hotline.create("13800138000");
    assertTrue(hotline.twilio.sent().isEmpty()); // no worker runs anywhere: nothing could have sent it
    assertEquals("queued", hotline.outbox(ticket.id()).get(0).getString("send_state"));

    startWorker(Map.of());

    eventually("sent", () -> "sent".equals(hotline.outbox(ticket.id()).get(0).getString("send_state")));
    assertEquals(1, hotline.sentTo("+8613800138000").size());
  }

  @Test
  void killingTheWorkerMidBatchLosesNothingAndSendsNothingTwice() throws Exception {
    hotline = new Hotline(Map.of(SmsGateway.WORKER, "false"));
    queue(12);
    hotline.twilio.delay(500);
    Pool doomed = startWorker(Map.of(OutboxWorker.BATCH, "4", OutboxWorker.LEASE_SECONDS, "1"));
    eventually("the first batch reaches Twilio", () -> hotline.twilio.sent().size() >= 4);
    doomed.close().await(); // the process dies before it records what Twilio accepted
    workers.remove(0).close().await();
    assertTrue(countState("sending") >= 1, "some rows were in flight when it died");

    hotline.twilio.delay(0);
    hotline.service.clock.advance(Duration.ofSeconds(2)); // the dead worker's lease runs out
    startWorker(Map.of(OutboxWorker.LEASE_SECONDS, "1"));

    eventually("every row sent", () -> countState("sent") == 12);
    assertEachSentOnce(12);
  }

  @Test
  void aRowClaimedByAWorkerThatDiedBeforeSendingIsSentAfterItsLease() throws Exception {
    hotline = new Hotline(Map.of(SmsGateway.WORKER, "false"));
    queue(3);
    Instant now = hotline.service.clock.instant();
    hotline.service.pool.preparedQuery(OutboxSql.CLAIM)
        .execute(Tuple.of(OutboxSql.at(now), OutboxSql.at(now.plusSeconds(1)), 3)).await();

    startWorker(Map.of());
    hotline.service.clock.advance(Duration.ofSeconds(2)); // the lease of the worker that died runs out

    eventually("sent after the lease", () -> countState("sent") == 3);
    assertEachSentOnce(3);
  }

  @Test
  void twoWorkersAtOnceShareTheQueueWithoutSendingAnythingTwice() throws Exception {
    hotline = new Hotline(Map.of(SmsGateway.WORKER, "false"));
    queue(300);
    hotline.twilio.delay(2);

    startWorker(Map.of(OutboxWorker.BATCH, "10"));
    startWorker(Map.of(OutboxWorker.BATCH, "10"));

    eventually("all sent", () -> countState("sent") == 300);
    assertEachSentOnce(300);
    assertEquals(300, hotline.twilio.requests());
  }

  @Test
  void whileTwilioIsDownTheMessageWaitsWithBackoffThenGoesOnce() throws Exception {
    hotline = new Hotline(Map.of("ZHAOWO_SMS_RETRY_BASE_MS", "60000"));
    hotline.twilio.fail(Integer.MAX_VALUE, 503);
    Ticket ticket = hotline.create("13800138000");

    eventually("first attempt failed", () -> hotline.outbox(ticket.id()).get(0).getInteger("attempts") == 1
        && "queued".equals(hotline.outbox(ticket.id()).get(0).getString("send_state")));
    Row waiting = hotline.outbox(ticket.id()).get(0);
    assertTrue(waiting.getString("last_error").contains("503"), waiting.getString("last_error"));
    assertTrue(waiting.getOffsetDateTime("next_attempt_at").toInstant().isAfter(hotline.service.clock.instant()),
        "the retry waits");

    hotline.service.clock.advance(Duration.ofMinutes(1));
    eventually("second attempt failed", () -> hotline.outbox(ticket.id()).get(0).getInteger("attempts") == 2
        && "queued".equals(hotline.outbox(ticket.id()).get(0).getString("send_state")));

    hotline.twilio.fail(0, 503);
    hotline.twilio.fail(1, 429);
    hotline.service.clock.advance(Duration.ofMinutes(2));
    eventually("throttled once more", () -> hotline.outbox(ticket.id()).get(0).getInteger("attempts") == 3);
    hotline.service.clock.advance(Duration.ofMinutes(4));
    eventually("sent once Twilio is back", () -> "sent".equals(hotline.outbox(ticket.id()).get(0).getString("send_state")));
    assertEquals(1, hotline.sentTo("+8613800138000").size());
  }

  private Row only(Ticket ticket) {
    return hotline.outbox(ticket.id()).get(0);
  }

  @Test
  void aLongOutageIsRetriedUntilTheGiveUpAgeThenTheMessageIsDeadWithItsReason() throws Exception {
    hotline = new Hotline(Map.of(OutboxWorker.GIVE_UP_HOURS, "1", "ZHAOWO_SMS_RETRY_BASE_MS", "1000",
        "ZHAOWO_SMS_RETRY_CAP_MINUTES", "1"));
    hotline.twilio.fail(Integer.MAX_VALUE, 500);
    Ticket ticket = hotline.create("13800138000");
    for (int attempt = 1; attempt <= 10; attempt++) { // past the old limit of 8 attempts
      int n = attempt;
      eventually("attempt " + n + " failed", () -> only(ticket).getInteger("attempts") == n
          && "queued".equals(only(ticket).getString("send_state")));
      hotline.service.clock.advance(Duration.ofMinutes(1));
    }

    hotline.service.clock.advance(Duration.ofHours(1));

    eventually("dead", () -> "dead".equals(only(ticket).getString("send_state")));
    assertTrue(only(ticket).getString("last_error").contains("500"));
  }

  @Test
  void aRotatedAuthTokenKeepsTextsWaitingInsteadOfFailingThem() throws Exception {
    hotline = new Hotline(Map.of("TWILIO_AUTH_TOKEN", "a-rotated-token"));
    Ticket ticket = hotline.create("13800138000");

    eventually("first attempt refused", () -> only(ticket).getInteger("attempts") == 1
        && !"sending".equals(only(ticket).getString("send_state")));
    assertEquals("queued", only(ticket).getString("send_state"));
    assertTrue(only(ticket).getString("last_error").contains("401"), only(ticket).getString("last_error"));
  }

  @Test
  void aSendWhoseAnswerWasLostIsFoundAtTwilioAndNotSentAgain() throws Exception {
    hotline = new Hotline(Map.of("ZHAOWO_SMS_RETRY_BASE_MS", "1000"));
    hotline.twilio.acceptButFail(Integer.MAX_VALUE); // Twilio takes it, but its answer never arrives
    Ticket ticket = hotline.create("13800138000");
    eventually("first attempt failed", () -> only(ticket).getInteger("attempts") == 1
        && "queued".equals(only(ticket).getString("send_state")));
    hotline.twilio.acceptButFail(0);
    List<FakeTwilio.Sent> accepted = hotline.sentTo("+8613800138000");

    hotline.service.clock.advance(Duration.ofMinutes(10));

    eventually("recorded as sent", () -> "sent".equals(only(ticket).getString("send_state")));
    assertEquals(accepted, hotline.sentTo("+8613800138000"), "not handed to Twilio again");
    assertTrue(accepted.stream().anyMatch(m -> m.sid().equals(only(ticket).getString("provider_sid"))));
  }

  @Test
  void anUnsubscribedRecipientReportedByTwilioIsOptedOut() throws Exception {
    hotline = new Hotline();
    hotline.twilio.rejectAsUnsubscribed("+8613600136000");
    Ticket first = hotline.create("13600136000"); // not a resident
    eventually("failed", () -> "failed".equals(only(first).getString("send_state")));
    assertEquals(1, hotline.rows("SELECT * FROM sms_opt_outs WHERE phone = '13600136000'").size());

    Ticket second = hotline.create("13600136000");

    assertEquals("opted_out", only(second).getString("skip_reason"));
  }

  @Test
  void anInvalidNumberFailsAtOnceWithoutRetriesAndTheNumberStaysOutOfTheLogs() throws Exception {
    hotline = new Hotline();
    hotline.twilio.rejectAsInvalid("+8613800138000");
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ROOT");
    var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    logged.start();
    root.addAppender(logged);
    try {
      Ticket ticket = hotline.create("13800138000");

      eventually("failed", () -> "failed".equals(only(ticket).getString("send_state")));
      hotline.service.clock.advance(Duration.ofHours(1));
      Ticket later = hotline.create("13700137000");
      eventually("the worker sent a text after the hour passed", () -> "sent".equals(only(later).getString("send_state")));
      assertEquals(2, hotline.twilio.requests(), "the failed text was not tried again");
      assertTrue(only(ticket).getString("last_error").contains("21211"));
      assertTrue(only(ticket).getString("last_error").contains("+8613800138000"), "the full text is kept");
      assertTrue(copyOf(logged).stream().anyMatch(e -> e.getFormattedMessage().contains("21211")), "the code is logged");
      copyOf(logged).forEach(e -> assertFalse(e.getFormattedMessage().contains("13800138000"), e.getFormattedMessage()));
    } finally {
      root.detachAppender(logged);
    }
  }

  @Test
  void aRecipientsDailyCapStopsAPump() throws Exception {
    hotline = new Hotline(Map.of(OutboxWorker.DAILY_CAP, "3"));
    for (int i = 0; i < 5; i++) {
      hotline.create("13800138000");
    }

    eventually("five decided", () -> countState("sent") + countState("skipped") == 5);
    assertEquals(3, countState("sent"));
    assertEquals(2, hotline.rows("SELECT count(*) FROM sms_outbox WHERE skip_reason = 'daily_cap'").get(0).getLong(0));
    assertEquals(3, hotline.sentTo("+8613800138000").size());
  }

  @Test
  void theSendersRateLimitHoldsAcrossInstances() throws Exception {
    hotline = new Hotline(Map.of(SmsGateway.WORKER, "false"));
    queue(30);
    long start = System.nanoTime();
    startWorker(Map.of(OutboxWorker.RATE, "10"));
    startWorker(Map.of(OutboxWorker.RATE, "10"));

    eventually("all sent in the end", () -> countState("sent") == 30);
    // One bucket of 10 a second (burst 10) for both: the 30th text cannot be granted until 2 s of the
    // database's real clock after the bucket was made, whatever the load; a bucket per instance, or no
    // limit, sends them all within about 0.5 s. A lower bound only: a busy machine just takes longer.
    double seconds = (hotline.twilio.lastRequestNanos() - start) / 1e9;
    assertTrue(seconds >= 1.9, "30 texts at 10/s with a burst of 10 took only " + seconds + " s");
  }

  /** What the appender holds, read under its own lock (AppenderBase.doAppend), while other threads may still log. */
  private static java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> copyOf(
      ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender) {
    synchronized (appender) {
      return java.util.List.copyOf(appender.list);
    }
  }
}
