package org.zhaowo.ticketing.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The browser's session: the ticketing session token (the same as the API's bearer tokens, kept
 * hashed in PostgreSQL) in an {@code HttpOnly}, {@code SameSite=Strict} cookie, and a CSRF token
 * derived from it (HMAC-SHA256 keyed by the session token), which every form and every script
 * request sends back ({@code csrf} field or {@code X-CSRF-Token} header). A page of another site
 * can neither read the cookie nor compute the token. Before sign-in the login form is guarded the
 * same way by a random cookie of its own (no login CSRF).
 */
final class Sessions {
  static final String COOKIE = "zhaowo_session";
  static final String LOGIN_COOKIE = "zhaowo_login";
  static final String FIELD = "csrf";
  static final String HEADER = "X-CSRF-Token";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean secure;

  /** {@code secure}: cookies only over HTTPS (set ZHAOWO_COOKIE_SECURE=true behind a TLS proxy). */
  Sessions(boolean secure) {
    this.secure = secure;
  }

  static String token(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue();
  }

  void start(RoutingContext ctx, String token, Duration length) {
    ctx.response().addCookie(cookie(COOKIE, token).setMaxAge(length.toSeconds()));
    ctx.response().addCookie(cookie(LOGIN_COOKIE, "").setMaxAge(0));
  }

  void end(RoutingContext ctx) {
    ctx.response().addCookie(cookie(COOKIE, "").setMaxAge(0));
  }

  /** The login form's token: the cookie's when the browser has one, else a new one set now. */
  String loginToken(RoutingContext ctx) {
    Cookie existing = ctx.request().getCookie(LOGIN_COOKIE);
    if (existing != null && existing.getValue().length() >= 32) {
      return existing.getValue();
    }
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ctx.response().addCookie(cookie(LOGIN_COOKIE, token).setMaxAge(Duration.ofHours(1).toSeconds()));
    return token;
  }

  static boolean loginTokenOk(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(LOGIN_COOKIE);
    return cookie != null && cookie.getValue().length() >= 32 && same(cookie.getValue(), sent(ctx));
  }

  /** The CSRF token of a session. */
  static String csrf(String sessionToken) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(sessionToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal("zhaowo-console-csrf".getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  static boolean csrfOk(RoutingContext ctx, String sessionToken) {
    return sessionToken != null && same(csrf(sessionToken), sent(ctx));
  }

  private static String sent(RoutingContext ctx) {
    String header = ctx.request().getHeader(HEADER);
    return header != null ? header : ctx.request().getFormAttribute(FIELD);
  }

  private static boolean same(String expected, String sent) {
    return sent != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }

  private Cookie cookie(String name, String value) {
    return Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSecure(secure).setSameSite(CookieSameSite.STRICT);
  }
}
