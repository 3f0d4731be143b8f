package org.zhaowo.ticketing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the deadline watch and the hand-over watch (grace ZHAOWO_HANDOVER_GRACE_HOURS, default 24) every
 * ZHAOWO_SUPERVISION_SECONDS (default 60), and re-reads the calendar and the hand-over limits.
 */
public final class SupervisionVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SupervisionVerticle.class);

  private final FailureLog failures = new FailureLog(log, "Deadline watch");
  private final FailureLog handoverFailures = new FailureLog(log, "Hand-over watch");
  private final TicketService tickets;
  private final Supervision supervision;
  private final Clock clock;
  private final long periodMillis;
  private final Counter dueSoon;
  private final Counter reminders;
  private final Counter supervisions;
  private final Counter handoverReminders;
  private final Counter handedOn;
  private final Duration handoverGrace;
  private long timer;

  /** @param metrics where the counts of reminders and supervision orders go; null for none */
  public SupervisionVerticle(TicketService tickets, Supervision supervision, Clock clock, Config config,
      MeterRegistry metrics) {
    this.tickets = tickets;
    this.supervision = supervision;
    this.clock = clock;
    this.periodMillis = 1000L * config.getInt("ZHAOWO_SUPERVISION_SECONDS", 60);
    MeterRegistry registry = metrics == null ? new SimpleMeterRegistry() : metrics;
    this.dueSoon = registry.counter("zhaowo.supervision.orders", "kind", "due_soon");
    this.reminders = registry.counter("zhaowo.supervision.orders", "kind", "reminder");
    this.supervisions = registry.counter("zhaowo.supervision.orders", "kind", "supervision");
    this.handoverReminders = registry.counter("zhaowo.supervision.orders", "kind", "handover");
    this.handedOn = registry.counter("zhaowo.handover.handed_on");
    this.handoverGrace = Duration.ofHours(config.getInt("ZHAOWO_HANDOVER_GRACE_HOURS", 24));
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(1_000, periodMillis, id -> sweep());
    return Future.succeededFuture();
  }

  private void sweep() {
    tickets.reloadCalendar()
        .compose(v -> supervision.sweep(clock.instant()))
        .onSuccess(s -> {
          dueSoon.increment(s.dueSoon());
          reminders.increment(s.reminders());
          supervisions.increment(s.supervisions());
          if (s.dueSoon() + s.reminders() + s.supervisions() > 0) {
            log.info("Deadline watch: {} due soon, {} reminders, {} supervision orders", s.dueSoon(), s.reminders(),
                s.supervisions());
          }
        })
        .onComplete(failures::record);
    // its own run: a failed deadline sweep must not skip the hand-overs (nor they it)
    tickets.handoverWatch(clock.instant(), handoverGrace)
        .onSuccess(h -> {
          handoverReminders.increment(h.reminders());
          handedOn.increment(h.handedOn());
          if (h.reminders() + h.handedOn() > 0) {
            log.info("Hand-over watch: {} reminders, {} tickets handed on", h.reminders(), h.handedOn());
          }
        })
        .onComplete(handoverFailures::record);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
