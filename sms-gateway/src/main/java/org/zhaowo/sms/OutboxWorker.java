package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.FailureLog;
import org.zhaowo.ticketing.Phones;

/**
 * The outbox's sending side: claims due rows in batches ({@code FOR UPDATE SKIP LOCKED}, so any
 * number of instances share the table), sends them through the provider within the sender's rate,
 * and records the outcome: sent, retried later with backoff, failed for good, or dead.
 */
final class OutboxWorker extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
  static final String POLL_MS = "ZHAOWO_SMS_POLL_MS";
  static final String BATCH = "ZHAOWO_SMS_BATCH";
  static final String RATE = "ZHAOWO_SMS_RATE_PER_SECOND";
  static final String DAILY_CAP = "ZHAOWO_SMS_DAILY_CAP";
  /** Grid heads get a text per ticket of their grid and per command: a cap of their own, apart from residents'. */
  static final String GRID_HEAD_DAILY_CAP = "ZHAOWO_SMS_GRID_HEAD_DAILY_CAP";
  /** Transient failures are retried until the message is this old, then it is dead. */
  static final String GIVE_UP_HOURS = "ZHAOWO_SMS_GIVE_UP_HOURS";
  static final String LEASE_SECONDS = "ZHAOWO_SMS_LEASE_SECONDS";
  static final String SENDERS = "ZHAOWO_SMS_SENDERS";   // provider calls in flight at once

  private final Pool pool;
  private final SmsProvider provider;
  private final Clock clock;
  private final int batch;
  private final int dailyCap;
  private final int gridHeadDailyCap;
  private final Duration giveUp;
  private final long pollMs;
  private final Duration lease;
  private final RateLimiter rate;
  private final Backoff backoff;
  private final int senders;
  private WorkerExecutor sending;
  private OutboxWakeups wakeups;
  private final FailureLog failures = new FailureLog(log, "Outbox round");
  private boolean draining;
  private boolean again;

  OutboxWorker(Pool pool, SmsProvider provider, String sender, Config config, Clock clock) {
    this.pool = pool;
    this.provider = provider;
    this.clock = clock;
    this.batch = config.getInt(BATCH, 20);
    this.dailyCap = config.getInt(DAILY_CAP, 20);
    this.gridHeadDailyCap = config.getInt(GRID_HEAD_DAILY_CAP, 200);
    this.giveUp = Duration.ofHours(config.getInt(GIVE_UP_HOURS, 24));
    this.pollMs = config.getInt(POLL_MS, 200);
    this.lease = Duration.ofSeconds(config.getInt(LEASE_SECONDS, 180));
    this.senders = config.getInt(SENDERS, 16);
    this.rate = new RateLimiter(pool, sender, config.getInt(RATE, 10));
    this.backoff = new Backoff(Duration.ofMillis(config.getInt("ZHAOWO_SMS_RETRY_BASE_MS", 2_000)),
        Duration.ofMinutes(config.getInt("ZHAOWO_SMS_RETRY_CAP_MINUTES", 10)));
  }

  @Override
  public Future<?> start() {
    sending = vertx.createSharedWorkerExecutor("zhaowo-sms-sender", senders);
    wakeups = new OutboxWakeups(vertx, pool, this::tick);
    wakeups.start();
    // while the wake-ups listen, a queued text wakes a worker at once: the poll is then only for retries coming due
    // and texts left by a worker that died, every tenth period
    vertx.setPeriodic(pollMs, id -> {
      if (!wakeups.listening() || ++polls % 10 == 0) {
        tick();
      }
    });
    return rate.start();
  }

  @Override
  public Future<?> stop() {
    return wakeups.stop().eventually(() -> sending.close());
  }

  private long polls;

  /** Drains the outbox; a wake-up that arrives meanwhile runs another round right after. */
  private void tick() {
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    again = false;
    drain().onComplete(done -> {
      draining = false;
      failures.record(done);
      if (again) {
        tick();
      }
    });
  }

  /**
   * Claims and sends batches while full batches keep coming and the rate allows. A round with nothing due reads
   * one row and writes nothing (the rate bucket is not touched): an idle service polls at the cost of an index probe.
   */
  private Future<Void> drain() {
    return pool.preparedQuery(OutboxSql.ANY_DUE).execute(Tuple.of(OutboxSql.at(clock.instant())))
        .compose(due -> !due.iterator().next().getBoolean(0) ? Future.succeededFuture()
            : rate.take(batch).compose(permits -> permits == 0 ? Future.succeededFuture() : drain(permits)));
  }

  private Future<Void> drain(int permits) {
    Instant now = clock.instant();
    Tuple claim = Tuple.of(OutboxSql.at(now), OutboxSql.at(now.plus(lease)), permits);
    return pool.preparedQuery(OutboxSql.CLAIM).execute(claim)
        .map(rows -> {
          List<OutboxRow> claimed = new ArrayList<>();
          rows.forEach(r -> claimed.add(OutboxRow.of(r)));
          return claimed;
        })
        .compose(claimed -> rate.giveBack(permits - claimed.size()).map(claimed))
        .compose(claimed -> Future.join(claimed.stream().map(this::deliver).toList())
            .transform(v -> claimed.size() == permits ? drain() : Future.succeededFuture()));
  }

  private Future<Void> deliver(OutboxRow row) {
    Instant dayAgo = clock.instant().minus(Duration.ofDays(1));
    Tuple who = Tuple.of(row.toPhone(), OutboxSql.at(dayAgo), row.id(), row.toGridHead());
    return pool.preparedQuery(OutboxSql.RECIPIENT).execute(who)
        .compose(rows -> {
          var recipient = rows.iterator().next();
          if (recipient.getBoolean("opted_out")) {
            return skip(row, "opted_out");
          }
          if (recipient.getLong("sent_today") >= (row.toGridHead() ? gridHeadDailyCap : dailyCap)) {
            return skip(row, "daily_cap");
          }
          return send(row).compose(accepted -> record(row, accepted), refused -> record(row, refused));
        });
  }

  private Future<SmsProvider.Accepted> send(OutboxRow row) {
    // twilio-java's HTTP call blocks: run it on a worker thread, never on the event loop
    return sending.executeBlocking(() -> {
      if (row.attempts() > 1) {
        // any earlier attempt may have reached Twilio (a timeout after it accepted, a worker that died)
        var earlier = provider.find(row.toPhone(), row.body(), row.createdAt().minusSeconds(60));
        if (earlier.isPresent()) {
          log.info("Outbox #{} was already handed over as {}; not sending again", row.id(), earlier.get().sid());
          return earlier.get();
        }
      }
      return provider.send(row.id(), row.toPhone(), row.body());
    }, false);
  }

  private Future<Void> record(OutboxRow row, SmsProvider.Accepted accepted) {
    Instant now = clock.instant();
    return pool.preparedQuery(OutboxSql.SENT)
        .execute(Tuple.of(row.id(), accepted.sid(), accepted.status(), OutboxSql.at(now)))
        .mapEmpty();
  }

  private Future<Void> record(OutboxRow row, Throwable failure) {
    Instant now = clock.instant();
    String state = state(row, failure, now);
    Instant next = "queued".equals(state) ? now.plus(backoff.after(row.attempts())) : now;
    // the provider's own text can carry the full number: logs get the code only, last_error the text
    String summary = failure instanceof SmsProvider.Refused refused ? refused.summary() : failure.getClass().getSimpleName();
    log.warn("Outbox #{} to {} not sent (attempt {}): {} -> {}", row.id(), Phones.mask(row.toPhone()), row.attempts(),
        summary, state);
    Future<?> optOut = unsubscribed(failure)
        ? pool.preparedQuery(ReplySql.OPT_OUT).execute(Tuple.of(row.toPhone(), OutboxSql.at(now)))
        : Future.succeededFuture();
    return optOut.compose(v -> pool.preparedQuery(OutboxSql.NOT_SENT)
        .execute(Tuple.of(row.id(), state, OutboxSql.at(next), String.valueOf(failure.getMessage()), OutboxSql.at(now))))
        .mapEmpty();
  }

  /** failed for good, dead once too old to be worth sending, or queued for another try. */
  private String state(OutboxRow row, Throwable failure, Instant now) {
    if (failure instanceof SmsProvider.Refused refused && refused.permanent()) {
      return "failed";
    }
    return row.createdAt().plus(giveUp).isAfter(now) ? "queued" : "dead";
  }

  /** Twilio says the recipient texted STOP to our number: remember it like a STOP we received. */
  private static boolean unsubscribed(Throwable failure) {
    return failure instanceof SmsProvider.Refused refused
        && Integer.valueOf(SmsProvider.Refused.UNSUBSCRIBED).equals(refused.code());
  }

  private Future<Void> skip(OutboxRow row, String reason) {
    log.info("Outbox #{} to {} skipped: {}", row.id(), Phones.mask(row.toPhone()), reason);
    return pool.preparedQuery(OutboxSql.SKIPPED).execute(Tuple.of(row.id(), reason, OutboxSql.at(clock.instant())))
        .mapEmpty();
  }
}
