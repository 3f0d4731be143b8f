package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Sign-in with username and password; sessions are bearer tokens kept (hashed) in PostgreSQL. */
public interface Auth {
  /** Sign-in over the users and sessions of {@code pool}; sessions start and expire by {@code clock}. */
  static Auth create(Vertx vertx, Pool pool, Clock clock) {
    return new PgAuth(vertx, pool, clock);
  }

  /** How long a session lasts from sign-in. */
  static Duration sessionLength() {
    return Duration.ofHours(12);
  }

  /** A new session token, or UNAUTHORIZED for a wrong username or password (not saying which). */
  Future<String> login(String username, String password);

  /** Ends the session of a token; unknown tokens are ignored. */
  Future<Void> logout(String token);

  /**
   * The user who sits at the phone with this Asterisk interface ({@code PJSIP/agent01}, the queue member's
   * interface), if any: the console pops a call connected to that phone up on their page.
   */
  Future<Optional<String>> userAtPhone(String phoneInterface);

  /** The actor a token belongs to, or UNAUTHORIZED when it is unknown or expired. */
  Future<Actor> authenticate(String token);
}
