package org.zhaowo.ivr;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a caller may wait on the database for their registration now. At most {@code maxInFlight}
 * registrations are in the database at once (counted until the database answers, not until the caller stops
 * waiting), and after one timed out none waits for {@code openFor} (by the service's clock): a report beyond
 * those goes to the spool at once. Without this, every caller of an overload waited the full timeout and then
 * failed, keeping the database as busy as before: the overload sustained itself.
 */
final class RegistrationGate {
  private static final Logger log = LoggerFactory.getLogger(RegistrationGate.class);

  private final int maxInFlight;
  private final Duration openFor;
  private final Clock clock;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong attempted = new AtomicLong();
  private final AtomicLong shed = new AtomicLong();
  private volatile Instant openUntil = Instant.MIN;

  RegistrationGate(int maxInFlight, Duration openFor, Clock clock) {
    this.maxInFlight = Math.max(1, maxInFlight);
    this.openFor = openFor;
    this.clock = clock;
  }

  /** True while a recent timeout keeps callers from waiting on the database (the circuit is open). */
  boolean open() {
    return clock.instant().isBefore(openUntil);
  }

  /**
   * The registration {@code start} begins, counted in flight until it completes; null, and nothing started,
   * when the circuit is open or {@code maxInFlight} are in the database already: the caller does not wait.
   */
  <T> Future<T> enter(java.util.function.Supplier<Future<T>> start) {
    if (open() || !claim()) {
      shed.incrementAndGet();
      return null;
    }
    attempted.incrementAndGet();
    try {
      return start.get().onComplete(done -> inFlight.decrementAndGet());
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
  }

  private boolean claim() {
    if (inFlight.incrementAndGet() <= maxInFlight) {
      return true;
    }
    inFlight.decrementAndGet();
    return false;
  }

  /** A call on the phone path got no answer in time: nobody waits on the database for a while. */
  void timedOut() {
    if (!open()) {
      log.warn("The database did not answer in time: reports go to the spool at once for {} s", openFor.toSeconds());
    }
    openUntil = clock.instant().plus(openFor);
  }

  /** Registrations sent to the database from the phone path, since start (for tests and figures). */
  long attempted() {
    return attempted.get();
  }

  /** Reports sent to the spool without waiting, since start. */
  long shed() {
    return shed.get();
  }
}
