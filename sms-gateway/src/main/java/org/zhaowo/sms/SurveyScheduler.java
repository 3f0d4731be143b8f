package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.FailureLog;

/**
 * The callback survey's schedule, and the AMI boundary: asks due surveys again (an SMS reminder,
 * or a phone call through Asterisk), and marks them unreachable after the last attempt.
 */
final class SurveyScheduler extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SurveyScheduler.class);
  private final FailureLog failures = new FailureLog(log, "Survey round");
  static final String POLL_SECONDS = "ZHAOWO_SURVEY_POLL_SECONDS";

  /** A phone survey to place once its attempt is committed. */
  private record Call(String phone, String number) {}

  private final Pool pool;
  private final SmsTemplates templates;
  private final SurveyPolicy policy;
  private final AmiDialer dialer;
  private final Clock clock;
  private final long pollMs;
  private WorkerExecutor ami;
  private boolean running;
  private int waitingForAsterisk;

  SurveyScheduler(Pool pool, SmsTemplates templates, SurveyPolicy policy, AmiDialer dialer, Clock clock, Config config) {
    this.pool = pool;
    this.templates = templates;
    this.policy = policy;
    this.dialer = dialer;
    this.clock = clock;
    this.pollMs = config.getInt(POLL_SECONDS, 30) * 1000L;
  }

  @Override
  public Future<?> start() {
    // its own threads: AMI login and Originate wait up to 10 s each and must not queue ahead of
    // (or behind) other blocking work on Vert.x's shared worker pool
    ami = vertx.createSharedWorkerExecutor("zhaowo-ami", 2);
    if (dialer == null) {
      log.info("No AMI settings (ZHAOWO_AMI_HOST, ZHAOWO_AMI_USER): phone surveys stay queued until they are set");
    }
    vertx.setPeriodic(pollMs, id -> {
      if (!running) {
        running = true;
        runOnce().onComplete(done -> {
          running = false;
          failures.record(done);
        });
      }
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    // logging off waits for Asterisk's answer on a blocking socket
    Future<Void> loggedOff = dialer == null ? Future.succeededFuture() : ami.executeBlocking(() -> {
      dialer.close();
      return null;
    });
    return loggedOff.eventually(() -> ami.close());
  }

  /** One round: every due survey moves on; returns how many phone calls were placed. */
  Future<Integer> runOnce() {
    // logging in to Asterisk blocks on its socket
    Future<Boolean> ready = dialer == null ? Future.succeededFuture(false) : ami.executeBlocking(dialer::connect, false);
    return ready.compose(canCall -> pool.withTransaction(tx -> due(tx, canCall)).compose(calls -> {
      if (!canCall) {
        return reportWaiting().map(0);
      }
      return Future.join(calls.stream().map(this::place).toList()).map(calls.size());
    }));
  }

  private Future<List<Call>> due(SqlConnection tx, boolean canCall) {
    Instant now = clock.instant();
    return tx.preparedQuery(SurveySql.DUE).execute(Tuple.of(OutboxSql.at(now), 50, canCall)).compose(rows -> {
      List<Call> calls = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (var row : rows) {
        SurveySql.Due survey = SurveySql.Due.of(row);
        chain = chain.compose(v -> advance(tx, survey, now, calls));
      }
      return chain.map(calls);
    });
  }

  private Future<Void> advance(SqlConnection tx, SurveySql.Due survey, Instant now, List<Call> calls) {
    if (!"resolved".equals(survey.ticketState())) {
      return giveUp(tx, survey, "cancelled");
    }
    if (survey.attempts() >= policy.maxAttempts()) {
      log.info("Survey of ticket {} unreachable after {} attempts", survey.number(), survey.attempts());
      return giveUp(tx, survey, "unreachable");
    }
    Instant next = policy.next(survey.channel(), now, false);
    Future<Void> attempted = tx.preparedQuery(SurveySql.ATTEMPTED).execute(Tuple.of(survey.id(), OutboxSql.at(next))).mapEmpty();
    if ("phone".equals(survey.channel())) {
      calls.add(new Call(survey.phone(), survey.number()));
      return attempted;
    }
    return attempted.compose(v -> remind(tx, survey, now));
  }

  /** Says how many phone surveys wait for Asterisk, whenever that number changes. */
  private Future<Void> reportWaiting() {
    return pool.preparedQuery(SurveySql.PHONE_WAITING).execute(Tuple.of(OutboxSql.at(clock.instant()))).map(rows -> {
      int waiting = rows.iterator().next().getLong(0).intValue();
      if (waiting != waitingForAsterisk && waiting > 0) {
        log.info("{} phone survey(s) due but not placed: {}", waiting,
            dialer == null ? "no AMI settings (ZHAOWO_AMI_HOST, ZHAOWO_AMI_USER)" : "Asterisk is not reachable");
      }
      waitingForAsterisk = waiting;
      return null;
    });
  }

  private Future<Void> remind(SqlConnection tx, SurveySql.Due survey, Instant now) {
    String language = survey.language() == null ? "zh-CN" : survey.language();
    String body = templates.render("survey_reminder", language, Map.of("number", survey.number()));
    return new OutgoingText("survey:" + survey.id() + ":" + (survey.attempts() + 1), survey.ticketId(),
        "survey_reminder", survey.phone(), language, body, null).queue(tx, now);
  }

  private Future<Void> giveUp(SqlConnection tx, SurveySql.Due survey, String state) {
    return tx.preparedQuery(SurveySql.GIVE_UP).execute(Tuple.of(survey.id(), state)).mapEmpty();
  }

  private Future<Boolean> place(Call call) {
    // the AMI action waits for Asterisk's answer on a blocking socket
    return ami.executeBlocking(() -> dialer.originate(call.phone(), call.number()), false)
        .recover(e -> {
          log.warn("Survey call for ticket {} not placed: {}", call.number(), e.toString());
          return Future.succeededFuture(false);
        });
  }
}
