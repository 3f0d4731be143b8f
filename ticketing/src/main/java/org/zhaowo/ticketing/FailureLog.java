package org.zhaowo.ticketing;

import io.vertx.core.AsyncResult;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Logs a periodic job's failures without flooding the log while a dependency (the database) is
 * away: the first failure, then at most one line a minute with the count in between, then a line
 * when it works again. Used from one verticle's context, so it needs no locking.
 */
public final class FailureLog {
  private static final long QUIET_NANOS = Duration.ofMinutes(1).toNanos();

  private final Logger log;
  private final String what;
  private boolean failing;
  private long lastLogged;
  private int suppressed;

  public FailureLog(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  /** Records one round's outcome. */
  public void record(AsyncResult<?> round) {
    if (round.failed()) {
      failed(round.cause());
    } else {
      succeeded();
    }
  }

  public void failed(Throwable failure) {
    long now = System.nanoTime();
    if (failing && now - lastLogged < QUIET_NANOS) {
      suppressed++;
      return;
    }
    log.warn("{} failed{}: {}", what, suppressed > 0 ? " (" + suppressed + " more times since)" : "", failure.toString());
    failing = true;
    lastLogged = now;
    suppressed = 0;
  }

  public void succeeded() {
    if (failing) {
      log.info("{} works again", what);
      failing = false;
      suppressed = 0;
    }
  }
}
