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
 */
final class NumberBlock {
  private static final Logger log = LoggerFactory.getLogger(NumberBlock.class);

  private final TicketService tickets;
  private final int size;
  private final long timeoutMs;
  private final ConcurrentLinkedQueue<String> held = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicBoolean refilling = new AtomicBoolean();

  /** {@code size} numbers at most (zero: none held, every report takes its number when registered). */
  NumberBlock(TicketService tickets, int size, long timeoutMs) {
    this.tickets = tickets;
    this.size = Math.max(0, Math.min(size, TicketService.MAX_RESERVE));
    this.timeoutMs = timeoutMs;
  }

  /** A number nobody else will be given; empty when the block ran out (the database away for long). */
  Optional<String> take() {
    String number = held.poll();
    if (number != null) {
      count.decrementAndGet();
    }
    refillIfLow();
    return Optional.ofNullable(number);
  }

  /** Numbers held now. */
  int held() {
    return count.get();
  }

  /** Reserves what is missing when fewer than half are held; one refill at a time, never awaited. */
  void refillIfLow() {
    int missing = size - count.get();
    if (size == 0 || count.get() * 2 >= size || !refilling.compareAndSet(false, true)) {
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
    });
  }
}
