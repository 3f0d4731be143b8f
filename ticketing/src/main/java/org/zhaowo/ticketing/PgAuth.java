package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** {@link Auth} over the {@code users} and {@code sessions} tables. */
final class PgAuth implements Auth {
  private static final String UNKNOWN_USER_HASH = Passwords.hash("no such user");
  private static final String USER = "SELECT * FROM users WHERE username = $1";
  private static final String NEW_SESSION = "INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES ($1, $2, $3, $4)";
  private static final String END_SESSION = "DELETE FROM sessions WHERE token_hash = $1";
  private static final String SESSION_USER = """
      SELECT u.* FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = $1 AND s.expires_at > $2
      """;

  private static final String AT_PHONE = "SELECT username FROM users WHERE phone_interface = $1";

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;

  PgAuth(Vertx vertx, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
  }

  @Override
  public Future<String> login(String username, String password) {
    return pool.preparedQuery(USER).execute(Tuple.of(username))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          // an unknown user costs the same hash as a known one, so timing does not tell which exist
          String stored = row == null ? UNKNOWN_USER_HASH : row.getString("password_hash");
          // PBKDF2 takes tens of milliseconds: keep it off the event loop, unordered so logins run in parallel
          return vertx.executeBlocking(() -> Passwords.verify(password, stored) && row != null, false);
        })
        .compose(ok -> {
          if (!ok) {
            throw new TicketingException(TicketingException.Kind.UNAUTHORIZED, "wrong username or password");
          }
          String token = Passwords.newToken();
          Instant now = clock.instant();
          return pool.preparedQuery(NEW_SESSION).execute(Tuple.of(Passwords.tokenHash(token), username,
                  TicketSql.timestamp(now), TicketSql.timestamp(now.plus(Auth.sessionLength()))))
              .map(token);
        });
  }

  @Override
  public Future<Void> logout(String token) {
    return pool.preparedQuery(END_SESSION).execute(Tuple.of(Passwords.tokenHash(token))).mapEmpty();
  }

  @Override
  public Future<Optional<String>> userAtPhone(String phoneInterface) {
    return pool.preparedQuery(AT_PHONE).execute(Tuple.of(phoneInterface))
        .map(rows -> rows.size() == 0 ? Optional.<String>empty()
            : Optional.of(rows.iterator().next().getString("username")));
  }

  @Override
  public Future<Actor> authenticate(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new TicketingException(TicketingException.Kind.UNAUTHORIZED,
          "sign in with POST /api/login and send Authorization: Bearer <token>"));
    }
    Instant now = clock.instant();
    return pool.preparedQuery(SESSION_USER).execute(Tuple.of(Passwords.tokenHash(token), TicketSql.timestamp(now)))
        .map(rows -> {
          if (rows.size() == 0) {
            throw new TicketingException(TicketingException.Kind.UNAUTHORIZED, "the token is unknown or has expired");
          }
          Row row = rows.iterator().next();
          return new Actor(row.getString("username"), Role.parse(row.getString("role")), row.getString("unit_code"));
        });
  }
}
