package org.zhaowo.ticketing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The test's one source of time: the service, its workers, the fakes and the rows a test inserts all
 * read it, so none of them sees the real date. Tests move it by hand to cross deadlines without
 * waiting, and only forwards: workers run beside the test, and a clock turned back would have them
 * meet rows stamped "in the future".
 */
public final class MutableClock extends Clock {
  private final ZoneId zone;
  private final MutableClock source;
  private volatile Instant now;

  public MutableClock(Instant start) {
    this.zone = ZoneOffset.UTC;
    this.source = this;
    this.now = start;
  }

  private MutableClock(MutableClock source, ZoneId zone) {
    this.zone = zone;
    this.source = source;
  }

  /** Moves the clock on to {@code instant}; refuses to turn it back. */
  public synchronized void set(Instant instant) {
    if (source != this) {
      source.set(instant);
      return;
    }
    if (instant.isBefore(now)) {
      throw new IllegalArgumentException("a test clock only moves forwards: " + instant + " is before " + now);
    }
    now = instant;
  }

  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a test clock only moves forwards: " + duration);
    }
    set(instant().plus(duration));
  }

  @Override
  public Instant instant() {
    return source == this ? now : source.instant();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same moving clock seen in another zone (not a snapshot). */
  @Override
  public Clock withZone(ZoneId other) {
    return other.equals(zone) ? this : new MutableClock(source, other);
  }
}
