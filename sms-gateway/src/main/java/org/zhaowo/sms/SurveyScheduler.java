package org.zhaowo.sms;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.sms.AmiDialer.SurveyCall;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.DueSurvey;
import org.zhaowo.ticketing.FailureLog;
import org.zhaowo.ticketing.TicketService;

/**
 * The callback survey's schedule, and the AMI boundary: asks due surveys again (an SMS reminder,
 * or a phone call through Asterisk), and marks them unreachable after the last attempt. The survey
 * rows are ticketing's: this verticle claims and moves them through {@link TicketService}, in the
 * round's transaction together with the reminder texts it queues. A phone call is placed only inside the
 * calling window, checked again as it is placed, with a key the IVR checks; how it ended (Asterisk's
 * OriginateResponse) is kept on the survey and sets the next ask.
 */
final class SurveyScheduler extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SurveyScheduler.class);
  private final FailureLog failures = new FailureLog(log, "Survey round");
  static final String POLL_SECONDS = "ZHAOWO_SURVEY_POLL_SECONDS";
  /** How long a survey call's key is good: the call rings for 30 s, the AGI starts when it is answered. */
  private static final Duration KEY_VALID = Duration.ofHours(1);

  private final Pool pool;
  private final TicketService tickets;
  private final SmsTemplates templates;
  private final SurveyPolicy policy;
  private final AmiDialer dialer;
  private final Clock clock;
  private final long pollMs;
  private WorkerExecutor ami;
  private boolean running;
  private int waitingForAsterisk;

  SurveyScheduler(Pool pool, TicketService tickets, SmsTemplates templates, SurveyPolicy policy, AmiDialer dialer,
      Clock clock, Config config) {
    this.pool = pool;
    this.tickets = tickets;
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
    } else {
      Context context = vertx.getOrCreateContext();
      // asterisk-java calls from its event thread: the outcome is written from this verticle's context
      dialer.onOutcome((surveyId, attempt, placedAt, outcome) ->
          context.runOnContext(v -> recordOutcome(surveyId, attempt, placedAt, outcome)));
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

  private Future<List<SurveyCall>> due(SqlConnection tx, boolean canCall) {
    Instant now = clock.instant();
    return tickets.dueSurveys(tx, now, 50, canCall).compose(due -> {
      List<SurveyCall> calls = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (DueSurvey survey : due) {
        chain = chain.compose(v -> advance(tx, survey, now, calls));
      }
      return chain.map(calls);
    });
  }

  private Future<Void> advance(SqlConnection tx, DueSurvey survey, Instant now, List<SurveyCall> calls) {
    if (!survey.stillApplies()) {
      return tickets.cancelSurvey(tx, survey);
    }
    if (survey.attempts() >= policy.maxAttempts()) {
      log.info("Survey of ticket {} unreachable after {} attempts", survey.number(), survey.attempts());
      return tickets.surveyUnreachable(tx, survey);
    }
    boolean phone = "phone".equals(survey.channel());
    if (phone && !policy.inWindow(now)) {
      // due inside the window but reached only now (a slow round, Asterisk away): never ring outside it
      return tickets.surveyPostponed(tx, survey, policy.withinWindow(now));
    }
    Instant next = policy.next(survey.channel(), now, false);
    Future<Void> attempted = tickets.surveyAttempted(tx, survey, next);
    if (phone) {
      int attempt = survey.attempts() + 1;
      String key = tickets.surveyKeys().sign(survey.number(), survey.id(), attempt, now.plus(KEY_VALID));
      calls.add(new SurveyCall(survey.id(), attempt, survey.number(), survey.phone(), key, now));
      return attempted;
    }
    return attempted.compose(v -> remind(tx, survey, now));
  }

  /** Says how many phone surveys wait for Asterisk, whenever that number changes. */
  private Future<Void> reportWaiting() {
    return tickets.phoneSurveysDue(clock.instant()).map(waiting -> {
      if (waiting != waitingForAsterisk && waiting > 0) {
        log.info("{} phone survey(s) due but not placed: {}", waiting,
            dialer == null ? "no AMI settings (ZHAOWO_AMI_HOST, ZHAOWO_AMI_USER)" : "Asterisk is not reachable");
      }
      waitingForAsterisk = waiting;
      return null;
    });
  }

  private Future<Void> remind(SqlConnection tx, DueSurvey survey, Instant now) {
    String language = survey.language() == null ? "zh-CN" : survey.language();
    String body = templates.render("survey_reminder", language, Map.of("number", survey.number()));
    return new OutgoingText("survey:" + survey.id() + ":" + (survey.attempts() + 1), survey.ticketId(),
        "survey_reminder", survey.phone(), language, body, null).queue(tx, now);
  }

  private Future<Boolean> place(SurveyCall call) {
    // the AMI action waits for Asterisk's answer on a blocking socket
    return ami.executeBlocking(() -> dialer.originate(call), false)
        .recover(e -> {
          log.warn("Survey call for ticket {} not placed: {}", call.number(), e.toString());
          return Future.succeededFuture(false);
        })
        .compose(queued -> queued ? Future.succeededFuture(true)
            : recordOutcome(call.surveyId(), call.attempt(), call.placedAt(), SurveyCallOutcome.FAILED).map(false));
  }

  /** Keeps how a call ended and moves the survey's next ask by it; a failure to write it leaves the usual retry. */
  private Future<Void> recordOutcome(long surveyId, int attempt, Instant placedAt, SurveyCallOutcome outcome) {
    return tickets.surveyCallOutcome(surveyId, attempt, outcome.wire(), policy.retryAfter(outcome, placedAt))
        .<Void>mapEmpty()
        .recover(e -> {
          log.warn("Outcome {} of survey call {}/{} not recorded: {}", outcome.wire(), surveyId, attempt, e.toString());
          return Future.succeededFuture();
        });
  }
}
