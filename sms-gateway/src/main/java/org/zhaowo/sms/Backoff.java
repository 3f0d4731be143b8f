package org.zhaowo.sms;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: the n-th retry waits a random time up to base·2ⁿ⁻¹, capped. */
record Backoff(Duration base, Duration cap) {
  Duration after(int attempts) {
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(20, Math.max(0, attempts - 1)));
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }
}
