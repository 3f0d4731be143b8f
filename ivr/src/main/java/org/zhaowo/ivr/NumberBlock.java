package org.zhaowo.ivr;

import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.TicketService;

/**
 * Ticket numbers this instance reserved in advance ({@link TicketService#reserveNumbers}), so that a caller
 * hears a real number even when the database is slow or away: the report is registered later under it. Refilled
 * in the background when fewer than half are left, never on a caller's path; numbers held when the process stops
 * are simply never used (a gap in the numbering, as a rolled-back registration leaves).
 *
 * <p>The block follows the calls: at each periodic refill it holds at least as many numbers as the reports of
 * the last period would take in {@code coverSeconds} (ZHAOWO_IVR_NUMBER_COVER_S, 60), up to {@value #MAX_HELD},
 * and never fewer than the configured size. So a database that stops in the middle of a storm (200 reports a
 * second) still leaves every caller of the next minute a real number; a quiet line holds the configured 50.
 */
final class NumberBlock {
  private static final Logger log = LoggerFactory.getLogger(NumberBlock.class);

  private final TicketService tickets;
  private final int size;
  private final long timeoutMs;
  private final ConcurrentLinkedQueue<String> held = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicBoolean refilling = new AtomicBoolean();
  /** The most numbers held however busy the line: a minute of a storm of about 170 reports a second. */
  static final int MAX_HELD = 10_000;
  private final java.time.Clock clock;
  private final int coverSeconds;
  private final AtomicInteger taken = new AtomicInteger();
  private java.time.Instant periodStart;
  private volatile int target;

  /** {@code size} numbers at most (zero: none held, every report takes its number when registered). */
  NumberBlock(TicketService tickets, int size, long timeoutMs) {
    this(tickets, size, timeoutMs, java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC), 0);
  }

  /** As above, holding more when the calls of the last period would take more in {@code coverSeconds}. */
  NumberBlock(TicketService tickets, int size, long timeoutMs, java.time.Clock clock, int coverSeconds) {
    this.tickets = tickets;
    this.size = Math.max(0, Math.min(size, TicketService.MAX_RESERVE));
    this.timeoutMs = timeoutMs;
    this.clock = clock;
    this.coverSeconds = Math.max(0, coverSeconds);
    this.target = this.size;
    this.periodStart = clock.instant();
  }

  /**
   * The periodic refill: sets how many to hold from the reports taken since the last one (at least the configured
   * size), then refills if fewer than half of that are held.
   */
  void refill() {
    java.time.Instant now = clock.instant();
    long ms = java.time.Duration.between(periodStart, now).toMillis();
    if (size > 0 && coverSeconds > 0 && ms >= 1_000) {
      double perSecond = taken.getAndSet(0) * 1_000.0 / ms;
      periodStart = now;
      int wanted = (int) Math.min(MAX_HELD, Math.max(size, Math.ceil(perSecond * coverSeconds)));
      if (wanted != target) {
        log.info("Holding {} ticket numbers in advance (was {}): {} reports a second", wanted, target,
            String.format(java.util.Locale.ROOT, "%.1f", perSecond));
        target = wanted;
      }
    }
    refillIfLow();
  }

  /** How many numbers the block aims to hold now. */
  int target() {
    return target;
  }

  /** A number nobody else will be given; empty when the block ran out (the database away for long). */
  Optional<String> take() {
    String number = held.poll();
    if (number != null) {
      count.decrementAndGet();
    }
    taken.incrementAndGet();
    refillIfLow();
    return Optional.ofNullable(number);
  }

  /** Numbers held now. */
  int held() {
    return count.get();
  }

  /** Reserves what is missing when fewer than half are held; one refill at a time, never awaited. */
  void refillIfLow() {
    int aim = target;
    int missing = Math.min(aim - count.get(), TicketService.MAX_RESERVE); // the rest at the next refill
    if (size == 0 || count.get() * 2 >= aim || !refilling.compareAndSet(false, true)) {
      return;
    }
    tickets.reserveNumbers(missing).timeout(timeoutMs, TimeUnit.MILLISECONDS).onComplete(reserved -> {
      if (reserved.succeeded()) {
        held.addAll(reserved.result());
        count.addAndGet(reserved.result().size());
      } else {
        log.debug("Could not reserve ticket numbers ({} held): {}", count.get(), reserved.cause().toString());
      }
      refilling.set(false);
      if (reserved.succeeded() && count.get() * 2 < target) {
        refillIfLow(); // a block larger than one reservation: the next part at once
      }
    });
  }
}
