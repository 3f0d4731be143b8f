package org.zhaowo.ticketing.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Auth;
import org.zhaowo.ticketing.CallLog;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.TicketingException;

/**
 * The web console the service serves itself: agents' screen pops and intake, handling units'
 * worklists, the supervisors' board, and the public results page. Server-rendered pages
 * ({@link Pages}); every action goes through {@link TicketService} and its permission rules. The
 * browser signs in with a session cookie ({@link Sessions}); the bearer API is unchanged. Its routes
 * are in {@link Routes}; the pages' classes share what this holds.
 */
final class Console {
  private static final Logger log = LoggerFactory.getLogger(Console.class);
  private static final String ACTOR = "console.actor";
  private static final String TOKEN = "console.token";
  static final Set<Role> HOTLINE = EnumSet.of(Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
  static final Set<Role> UNITS = EnumSet.of(Role.UNIT, Role.ADMIN);
  static final Set<Role> SUPERVISORS = EnumSet.of(Role.SUPERVISOR, Role.ADMIN);
  /** The security headers of every console page: scripts and styles only from this service. */
  private static final String CSP = "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
      + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

  final TicketService tickets;
  final Auth auth;
  final LoginThrottle throttle;
  final Clock clock;
  final CallLog calls;
  final Pages pages;
  final Sessions sessions;
  final ScreenPops pops;

  Console(Vertx vertx, TicketService tickets, Auth auth, LoginThrottle throttle, Config config, Clock clock, CallLog calls) {
    this.tickets = tickets;
    this.auth = auth;
    this.throttle = throttle;
    this.clock = clock;
    this.calls = calls;
    this.pages = new Pages(tickets.calendar().zone());
    this.sessions = new Sessions(config.getBoolean("ZHAOWO_COOKIE_SECURE", false));
    this.pops = new ScreenPops(vertx, auth, clock, HttpVerticle.idleSeconds(config));
  }

  /** The paths that stay open (Server-Sent Events): the HTTP server's request timeout must leave them alone. */
  static boolean isStream(RoutingContext ctx) {
    return ctx.request().path().equals(AgentPages.EVENTS);
  }

  /** The gate of a signed-in area: a session of one of {@code roles}, and the CSRF token on anything but GET. */
  Handler<RoutingContext> gate(Set<Role> roles) {
    return ctx -> signedIn(ctx, roles);
  }

  static Actor actor(RoutingContext ctx) {
    return ctx.get(ACTOR);
  }

  /** The session token of a signed-in request. */
  static String token(RoutingContext ctx) {
    return ctx.get(TOKEN);
  }

  /** The signed-in page's CSRF token, for its forms. */
  static String csrf(RoutingContext ctx) {
    String token = ctx.get(TOKEN);
    return token == null ? null : Sessions.csrf(token);
  }

  /** Renders a signed-in page. */
  void page(RoutingContext ctx, String template, Map<String, Object> model) {
    page(ctx, 200, template, model);
  }

  /** A page that fails to render fails the request (an error page), rather than leaving it to time out. */
  void page(RoutingContext ctx, int status, String template, Map<String, Object> model) {
    try {
      pages.send(ctx, status, template, model, actor(ctx), csrf(ctx));
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  /**
   * A path of this site to go back to ({@code back=} of forms and links), else null: only plain path
   * characters, so neither {@code //host}, a backslash, nor a tab or line break a browser would strip
   * can turn it into another site.
   */
  static String localPath(String back) {
    return back != null && back.matches("/(?![/\\\\])[A-Za-z0-9/_?=&.%~+-]*") ? back : null;
  }

  /** After a form: back to a page with GET (post/redirect/get), so reloading never repeats an action. */
  static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }

  void securityHeaders(RoutingContext ctx) {
    if (!ctx.request().path().startsWith("/api/")) {
      securityHeaders(ctx.response());
    }
    ctx.next();
  }

  /** The console's headers, also set by every page rendered (an error page of a request refused before the route). */
  static void securityHeaders(io.vertx.core.http.HttpServerResponse response) {
    response.putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("X-Frame-Options", "DENY");
  }

  private void signedIn(RoutingContext ctx, Set<Role> roles) {
    String token = Sessions.token(ctx);
    if (token == null) {
      toLogin(ctx);
      return;
    }
    auth.authenticate(token).onComplete(result -> {
      if (result.failed()) {
        if (result.cause() instanceof TicketingException e && e.kind() == TicketingException.Kind.UNAUTHORIZED) {
          sessions.end(ctx);
          toLogin(ctx);
        } else {
          ctx.fail(result.cause());
        }
        return;
      }
      Actor actor = result.result();
      ctx.put(ACTOR, actor);
      ctx.put(TOKEN, token);
      if (!roles.contains(actor.role())) {
        ctx.fail(TicketingException.forbidden(actor.role().wire() + " may not open " + ctx.request().path()));
      } else if (ctx.request().method() != HttpMethod.GET && !Sessions.csrfOk(ctx, token)) {
        ctx.fail(TicketingException.forbidden("the form's security token is missing or stale: reload the page"));
      } else {
        ctx.next();
      }
    });
  }

  /** Pages go to the login page; scripts (fetch, event streams) get 401. */
  private void toLogin(RoutingContext ctx) {
    if (fromScript(ctx)) {
      Problems.send(ctx, 401, "sign in again");
    } else {
      redirect(ctx, "/login");
    }
  }

  private static boolean fromScript(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return ctx.request().getHeader(Sessions.HEADER) != null || ctx.request().getHeader("X-Requested-With") != null
        || (accept != null && (accept.contains("text/event-stream") || accept.startsWith("application/json")));
  }

  /** A failed console request: a page saying what went wrong in the user's language, or a problem to a script. */
  void failed(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = failure == null ? (ctx.statusCode() < 400 ? 500 : ctx.statusCode()) : Problems.status(failure);
    String detail = Problems.detail(ctx, failure, status); // logs a 5xx with its cause
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (failure instanceof Problems.Refused refused) {
      refused.headers.forEach(ctx.response()::putHeader);
    }
    if (fromScript(ctx)) {
      Problems.send(ctx, status, detail);
      return;
    }
    Map<String, Object> model = new HashMap<>();
    model.put("status", status);
    model.put("detail", detail);
    try {
      pages.send(ctx, status, "error.ftlh", model, actor(ctx), csrf(ctx));
    } catch (RuntimeException e) {
      log.error("The error page failed too", e);
      Problems.send(ctx, status, detail);
    }
  }

  void home(RoutingContext ctx) {
    String token = Sessions.token(ctx);
    if (token == null) {
      loginPage(ctx);
      return;
    }
    auth.authenticate(token).onSuccess(actor -> redirect(ctx, homeOf(actor.role()))).onFailure(e -> {
      sessions.end(ctx);
      loginPage(ctx);
    });
  }

  static String homeOf(Role role) {
    return switch (role) {
      case UNIT -> "/unit";
      case SUPERVISOR, ADMIN -> "/board";
      default -> "/agent";
    };
  }

  void loginPage(RoutingContext ctx) {
    loginPage(ctx, 200, null);
  }

  private void loginPage(RoutingContext ctx, int status, String error) {
    Map<String, Object> model = new HashMap<>();
    model.put("loginToken", sessions.loginToken(ctx));
    model.put("error", error == null ? "" : error);
    model.put("username", ctx.request().getFormAttribute("username") == null ? "" : ctx.request().getFormAttribute("username"));
    try {
      pages.send(ctx, status, "login.ftlh", model, null, null);
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  void login(RoutingContext ctx) {
    if (!Sessions.loginTokenOk(ctx)) {
      loginPage(ctx, 403, "login.stale");
      return;
    }
    String username = ctx.request().getFormAttribute("username");
    String password = ctx.request().getFormAttribute("password");
    if (username == null || username.isBlank() || password == null || password.isEmpty()) {
      loginPage(ctx, 400, "login.missing");
      return;
    }
    throttle.login(auth, username.trim(), password, ctx.request().remoteAddress().hostAddress())
        .compose(token -> auth.authenticate(token).map(actor -> Map.entry(token, actor)))
        .onSuccess(signedIn -> {
          sessions.start(ctx, signedIn.getKey(), Auth.sessionLength());
          log.info("Console sign-in: {} ({})", signedIn.getValue().name(), signedIn.getValue().role().wire());
          redirect(ctx, homeOf(signedIn.getValue().role()));
        })
        .onFailure(e -> {
          if (e instanceof TicketingException t && t.kind() == TicketingException.Kind.UNAUTHORIZED) {
            loginPage(ctx, 401, "login.wrong");
          } else if (e instanceof Problems.Refused refused && refused.status == 429) {
            refused.headers.forEach(ctx.response()::putHeader);
            loginPage(ctx, 429, "login.throttled");
          } else {
            ctx.fail(e);
          }
        });
  }

  void logout(RoutingContext ctx) {
    String token = Sessions.token(ctx);
    if (token == null || !Sessions.csrfOk(ctx, token)) {
      redirect(ctx, "/login"); // nothing to end, or a forged request: the session stays as it was
      return;
    }
    auth.logout(token).onComplete(done -> {
      pops.sessionEnded(token);
      sessions.end(ctx);
      redirect(ctx, "/login");
    });
  }

  /** {@code /lang/en?back=/agent}: the labels' language, kept a year; back only to a path of this site. */
  void language(RoutingContext ctx) {
    String lang = ctx.pathParam("lang");
    if (!Pages.LANGUAGES.contains(lang)) {
      ctx.fail(TicketingException.invalid("language must be one of " + Pages.LANGUAGES));
      return;
    }
    ctx.response().addCookie(io.vertx.core.http.Cookie.cookie(Pages.LANG_COOKIE, lang).setPath("/")
        .setMaxAge(365L * 24 * 3600).setSameSite(io.vertx.core.http.CookieSameSite.LAX));
    String back = localPath(ctx.queryParams().get("back"));
    redirect(ctx, back != null ? back : "/");
  }
}
