package org.zhaowo.ticketing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Api;
import org.zhaowo.ticketing.Auth;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.MutableClock;
import org.zhaowo.ticketing.TestService;
import org.zhaowo.ticketing.TicketingException;

/** Password guessing is slowed per username and per address, on the API and the console form alike. */
class LoginThrottleTest {
  private static final Instant MONDAY = Instant.parse("2026-11-23T02:00:00Z");

  private static Api.Reply login(Api api, String user, String password) {
    return api.send("POST", "/api/login", null, new JsonObject().put("username", user).put("password", password).encode());
  }

  @Test
  void fiveWrongPasswordsForAUserAreAnsweredThen429UntilTheWindowPasses() {
    try (TestService service = new TestService(MONDAY)) {
      Api api = service.api();
      for (int i = 0; i < 5; i++) {
        assertEquals(401, login(api, "agent", "guess" + i).status());
      }
      Api.Reply refused = login(api, "agent", "demo"); // even the right password: the account is resting
      assertEquals(429, refused.status(), refused.body());
      long retryAfter = Long.parseLong(refused.header("Retry-After"));
      assertTrue(retryAfter > 14 * 60 && retryAfter <= 15 * 60 + 1, "Retry-After " + retryAfter);
      assertEquals("no-store", refused.header("Cache-Control"));
      assertEquals(429, login(api, "AGENT ", "demo").status(), "the same user however it is typed");
      assertEquals(200, login(api, "supervisor", "demo").status(), "other users are not held up");

      // the console's form is the same door
      Browserless browser = new Browserless(service.httpPort());
      Browserless.Reply form = browser.post("/login", Map.of("username", "agent", "password", "demo",
          "csrf", Browserless.field(browser.get("/login").body())));
      assertEquals(429, form.status());
      assertFalse(form.header("Retry-After").isEmpty());
      assertTrue(form.body().contains("登录失败次数过多"), form.body());

      service.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
      assertEquals(200, login(api, "agent", "demo").status(), "the window has passed");
    }
  }

  @Test
  void aSuccessClearsTheUsersFailures() {
    try (TestService service = new TestService(MONDAY)) {
      Api api = service.api();
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 4; i++) {
          assertEquals(401, login(api, "unit", "guess").status());
        }
        assertEquals(200, login(api, "unit", "demo").status());
      }
    }
  }

  @Test
  void twentyFailuresFromOneAddressHoldUpEveryUsernameFromIt() {
    try (TestService service = new TestService(MONDAY)) {
      Api api = service.api();
      for (int i = 0; i < 20; i++) {
        assertEquals(401, login(api, "nobody" + i, "guess").status());
      }
      Api.Reply refused = login(api, "admin", "demo");
      assertEquals(429, refused.status(), refused.body());
      assertFalse(refused.header("Retry-After").isEmpty());
      service.clock.advance(Duration.ofMinutes(16));
      assertEquals(200, login(api, "admin", "demo").status());
    }
  }

  @Test
  void eachFailureIsLoggedWithTheUsernameMaskedAndNeverThePassword() {
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LoginThrottle.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try (TestService service = new TestService(MONDAY)) {
      login(service.api(), "supervisor", "Secret-Guess-42");
      ILoggingEvent failure = copyOf(events).stream().filter(e -> e.getLevel() == Level.WARN).findFirst().orElseThrow();
      String line = failure.getFormattedMessage();
      assertTrue(line.contains("s***") && line.contains("127.0.0.1"), line);
      assertFalse(line.contains("supervisor") || line.contains("Secret-Guess-42"), line);
    } finally {
      logger.detachAppender(events);
    }
  }

  @Test
  void anUnknownUsernameCostsTheSamePasswordHashAsAWrongPassword() {
    try (TestService service = new TestService(MONDAY, Map.of("ZHAOWO_LOGIN_FAILURES_PER_ADDRESS", "1000",
        "ZHAOWO_LOGIN_FAILURES_PER_USER", "1000"))) {
      Api api = service.api();
      login(api, "agent", "warm-up");
      long[] known = new long[7];
      long[] unknown = new long[7];
      for (int i = 0; i < known.length; i++) {
        known[i] = timed(() -> assertEquals(401, login(api, "agent", "wrong").status()));
        unknown[i] = timed(() -> assertEquals(401, login(api, "no-such-user-" + System.identityHashCode(api), "wrong").status()));
      }
      double ratio = (double) median(unknown) / median(known);
      assertTrue(ratio > 0.6 && ratio < 1.6, "unknown/known sign-in time " + ratio + ": " + Arrays.toString(unknown)
          + " vs " + Arrays.toString(known));
    }
  }

  @Test
  void theStateIsBoundedAndForgetsWhatLeftTheWindow() {
    MutableClock clock = new MutableClock(MONDAY);
    LoginThrottle throttle = new LoginThrottle(Config.of(Map.of()), clock);
    Auth wrong = new Auth() {
      @Override
      public Future<String> login(String username, String password) {
        return Future.failedFuture(new TicketingException(TicketingException.Kind.UNAUTHORIZED, "wrong"));
      }

      @Override
      public Future<Void> logout(String token) {
        return Future.succeededFuture();
      }

      @Override
      public Future<Optional<String>> userAtPhone(String phoneInterface) {
        return Future.succeededFuture(Optional.empty());
      }

      @Override
      public Future<Actor> authenticate(String token) {
        return Future.failedFuture(new TicketingException(TicketingException.Kind.UNAUTHORIZED, "no"));
      }
    };
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LoginThrottle.class);
    Level level = logger.getLevel();
    logger.setLevel(Level.ERROR); // 25,000 warnings say nothing here
    try {
      for (int i = 0; i < LoginThrottle.MAX_KEYS + 2_500; i++) {
        throttle.login(wrong, "user" + i, "guess", "10.0." + (i / 250) + "." + (i % 250));
      }
      assertEquals(2 * LoginThrottle.MAX_KEYS, throttle.remembered(), "capped at MAX_KEYS usernames and addresses");
      clock.advance(Duration.ofMinutes(16));
      throttle.login(wrong, "late", "guess", "10.9.9.9");
      assertEquals(2, throttle.remembered(), "only the failure still in the window");
    } finally {
      logger.setLevel(level);
    }
  }

  private static long timed(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return System.nanoTime() - start;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** What the appender holds, read under its own lock (AppenderBase.doAppend), while other threads may still log. */
  private static java.util.List<ILoggingEvent> copyOf(
      ListAppender<ILoggingEvent> appender) {
    synchronized (appender) {
      return java.util.List.copyOf(appender.list);
    }
  }
}
