package org.zhaowo.ticketing.http;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Auth;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.TicketingException;

/**
 * Slows password guessing, for the API's {@code POST /api/login} and the console's login form alike: after
 * ZHAOWO_LOGIN_FAILURES_PER_USER failed sign-ins of one username within ZHAOWO_LOGIN_WINDOW_MINUTES, or
 * ZHAOWO_LOGIN_FAILURES_PER_ADDRESS from one client address, further attempts are refused (429, Retry-After)
 * until the oldest failure leaves the window. A success clears its username's failures. Each failure is
 * logged at warn, the username masked, never the password.
 *
 * <p>An attempt counts as a failure from the moment it starts (200 guesses sent at once are counted before the
 * first hash is checked) and is taken back if it succeeds or the database fails. The state is this instance's
 * memory, bounded: at most {@link #MAX_KEYS} usernames and as many addresses, the least recently seen dropped
 * first, and failures older than the window forgotten. Time is the injected clock's.
 */
final class LoginThrottle {
  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
  /** The most usernames (and, apart, addresses) remembered at once. */
  static final int MAX_KEYS = 10_000;

  private final Clock clock;
  private final Duration window;
  private final Failures users;
  private final Failures addresses;

  LoginThrottle(Config config, Clock clock) {
    this.clock = clock;
    this.window = Duration.ofMinutes(config.getInt("ZHAOWO_LOGIN_WINDOW_MINUTES", 15));
    this.users = new Failures(config.getInt("ZHAOWO_LOGIN_FAILURES_PER_USER", 5));
    this.addresses = new Failures(config.getInt("ZHAOWO_LOGIN_FAILURES_PER_ADDRESS", 20));
  }

  /** Signs in through {@code auth} unless this username or address has failed too often: then 429. */
  Future<String> login(Auth auth, String username, String password, String address) {
    String user = username.strip().toLowerCase(Locale.ROOT);
    Instant at = clock.instant();
    Duration wait = admit(user, address, at);
    if (wait != null) {
      log.warn("Sign-in of {} from {} refused: too many failures, next try in {} s", mask(username), address, wait.toSeconds());
      return Future.failedFuture(new Problems.Refused(429, "too many failed sign-ins; try again in " + wait.toSeconds() + " s")
          .withHeader("Retry-After", Long.toString(wait.toSeconds())));
    }
    return auth.login(username, password).onComplete(result -> {
      if (result.succeeded()) {
        settle(user, address, at, true);
      } else if (result.cause() instanceof TicketingException e && e.kind() == TicketingException.Kind.UNAUTHORIZED) {
        log.warn("Sign-in of {} from {} failed: wrong username or password", mask(username), address);
      } else {
        settle(user, address, at, false); // an outage is not a guess
      }
    });
  }

  /** The first letter and stars: enough to tell users apart in a log, not to learn a username from it. */
  static String mask(String username) {
    String s = username.strip();
    return s.isEmpty() ? "***" : s.substring(0, s.offsetByCodePoints(0, 1)) + "***";
  }

  /** How many usernames and addresses are remembered now: at most {@link #MAX_KEYS} of each. */
  synchronized int remembered() {
    return users.byKey.size() + addresses.byKey.size();
  }

  /** Counts the attempt as a failure now and returns null; or, when either limit is reached, how long to wait. */
  private synchronized Duration admit(String user, String address, Instant now) {
    Instant since = now.minus(window);
    Instant userFree = users.freeAt(user, since);
    Instant addressFree = addresses.freeAt(address, since);
    if (userFree != null || addressFree != null) {
      Instant free = userFree == null ? addressFree : addressFree == null ? userFree
          : userFree.isAfter(addressFree) ? userFree : addressFree;
      return Duration.between(now, free.plus(window)).plusSeconds(1).withNanos(0);
    }
    users.add(user, now, since);
    addresses.add(address, now, since);
    return null;
  }

  /** An attempt that was not a wrong password: taken back; a success also clears the username's failures. */
  private synchronized void settle(String user, String address, Instant at, boolean success) {
    if (success) {
      users.clear(user);
    } else {
      users.remove(user, at);
    }
    addresses.remove(address, at);
  }

  /** Recent failures per key, the least recently touched key first; at most {@link #MAX_KEYS} keys. */
  private static final class Failures {
    private final int limit;
    private final LinkedHashMap<String, ArrayDeque<Instant>> byKey = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Instant>> eldest) {
        return size() > MAX_KEYS;
      }
    };

    Failures(int limit) {
      this.limit = limit;
    }

    /** When the key is at its limit, the oldest failure that keeps it there; else null. */
    Instant freeAt(String key, Instant since) {
      ArrayDeque<Instant> times = byKey.get(key);
      if (times == null) {
        return null;
      }
      times.removeIf(t -> t.isBefore(since));
      if (times.isEmpty()) {
        byKey.remove(key);
        return null;
      }
      return times.size() >= limit ? times.peekFirst() : null;
    }

    void add(String key, Instant at, Instant since) {
      forgetStale(since);
      ArrayDeque<Instant> times = byKey.computeIfAbsent(key, k -> new ArrayDeque<>());
      times.addLast(at);
      while (times.size() > limit) {
        times.removeFirst();
      }
    }

    void remove(String key, Instant at) {
      ArrayDeque<Instant> times = byKey.get(key);
      if (times != null) {
        times.removeLastOccurrence(at);
      }
    }

    void clear(String key) {
      byKey.remove(key);
    }

    /** Drops, from the least recently touched end, keys whose newest failure has left the window. */
    private void forgetStale(Instant since) {
      Iterator<ArrayDeque<Instant>> eldest = byKey.values().iterator();
      while (eldest.hasNext()) {
        ArrayDeque<Instant> times = eldest.next();
        if (!times.isEmpty() && !times.peekLast().isBefore(since)) {
          return;
        }
        eldest.remove();
      }
    }
  }
}
