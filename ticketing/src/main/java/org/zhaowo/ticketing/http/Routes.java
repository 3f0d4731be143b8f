package org.zhaowo.ticketing.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.zhaowo.ticketing.Auth;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.TicketService;

/**
 * Every entry point of the HTTP service, in the order the router tries them:
 * <ol>
 *   <li>infrastructure: what every request passes ({@link RequestChecks}: headers, the request timeout, the body's
 *       content type, the body reader, no NUL characters), {@code /health}, {@code /metrics};
 *   <li>the JSON API under {@code /api}, behind a bearer token ({@link TicketApi} and the smaller APIs);
 *   <li>Open311 GeoReport v2 under {@code /open311/v2/}, public but for a report's {@code api_key}, its errors
 *       the spec's error documents ({@link Open311Api});
 *   <li>the web console: its security headers, the public pages, then each signed-in area's gate (a session
 *       of its roles, the CSRF token on forms) before that area's pages and forms ({@link Console} and the
 *       pages' classes);
 *   <li>the SMS provider's webhooks, when an SMS gateway runs here ({@link SmsWebhooks});
 *   <li>the end: 404 for anything no route answered, and the failure handler that turns errors into
 *       {@code application/problem+json}.
 * </ol>
 * The handlers live with their pages and APIs; only the paths, methods, gates and order live here.
 */
final class Routes {
  private static final Set<Role> ANYONE = EnumSet.allOf(Role.class);
  private static final Set<Role> ADMINS = EnumSet.of(Role.ADMIN);

  private final HttpVerticle http;
  private final TicketApi api;
  private final UnitApi units;
  private final CalendarApi calendar;
  private final SupervisionApi supervision;
  private final Open311Api open311;
  private final Console console;
  private final AgentPages agent;
  private final TicketPages ticketPages;
  private final UnitPages unitPages;
  private final BoardPages board;
  private final KpiPages kpis;
  private final ResultsPage results;
  private final SmsWebhooks webhooks; // null when no SMS gateway runs here

  Routes(HttpVerticle http, TicketService tickets, Auth auth, LoginThrottle throttle, Clock clock, Console console,
      SmsWebhooks webhooks) {
    this.http = http;
    this.api = new TicketApi(tickets, auth, throttle, clock);
    this.units = new UnitApi(tickets);
    this.calendar = new CalendarApi(tickets);
    this.supervision = new SupervisionApi(tickets);
    this.open311 = new Open311Api(tickets, http.settings(), clock);
    this.console = console;
    this.agent = new AgentPages(console);
    this.ticketPages = new TicketPages(console);
    this.unitPages = new UnitPages(console);
    this.board = new BoardPages(console);
    this.kpis = new KpiPages(console);
    this.results = new ResultsPage(console);
    this.webhooks = webhooks;
  }

  /** The route table: one line per route, grouped as the class comment lists; the order is the router's. */
  void declare(Router router) {
    // infrastructure: headers on every answer, the timeout, a body of the right type, read, with no NUL in it
    router.route().handler(RequestChecks::headers);
    router.route().method(HttpMethod.HEAD).handler(Routes::headAsGet);
    router.route().handler(http::timeout);
    router.route().handler(RequestChecks::contentType);
    router.route().handler(BodyHandler.create(false).setBodyLimit(HttpVerticle.MAX_BODY));
    router.route().handler(RequestChecks::noNul);
    router.get("/health").handler(http::health);
    http.metrics().ifPresent(scrape -> router.get("/metrics").handler(scrape));

    // the JSON API: sign in, then a bearer token on everything else under /api
    router.post("/api/login").handler(api::login);
    router.route("/api/*").handler(api::authenticate);
    router.post("/api/logout").handler(api::logout);
    router.get("/api/categories").handler(api::categories);
    router.get("/api/units").handler(units::list);
    router.get("/api/residents/:phone").handler(api::resident);
    router.post("/api/tickets").handler(api::create);
    router.get("/api/tickets").handler(api::list);
    router.get("/api/tickets/:number").handler(api::get);
    router.post("/api/tickets/:number/survey").handler(api::survey);
    router.post("/api/tickets/:number/merge").handler(api::merge);
    router.post("/api/tickets/:number/not-duplicate").handler(api::notDuplicate);
    router.post("/api/tickets/:number/:action").handler(api::act);
    router.get("/api/duplicates").handler(api::duplicates);
    router.get("/api/kpis").handler(api::kpis);
    router.get("/api/supervision").handler(supervision::list);
    router.get("/api/handover-limits").handler(supervision::limits);
    router.put("/api/handover-limits/:level").handler(TicketApi.only(Console.SUPERVISORS)).handler(supervision::setLimit);
    router.get("/api/calendar").handler(calendar::list);
    router.put("/api/calendar/:day").handler(TicketApi.only(ADMINS)).handler(calendar::put);

    // Open311 GeoReport v2: its own error documents, in the path's format; {file} is "{id}.json" or "{id}.xml"
    router.route("/open311/v2/*").failureHandler(open311::failed);
    router.get("/open311/v2/services.json").handler(open311::services);
    router.get("/open311/v2/services.xml").handler(open311::services);
    router.post("/open311/v2/requests.json").handler(open311::create);
    router.post("/open311/v2/requests.xml").handler(open311::create);
    router.get("/open311/v2/requests.json").handler(open311::list);
    router.get("/open311/v2/requests.xml").handler(open311::list);
    router.get("/open311/v2/requests/:file").handler(open311::get);
    router.route("/open311/v2/*").handler(open311::notFound);

    // the console: security headers on its pages (after the API and /health, which answer without them)
    router.route().handler(console::securityHeaders);
    // ... its public pages
    router.get("/").handler(console::home).failureHandler(console::failed);
    router.get("/login").handler(console::loginPage).failureHandler(console::failed);
    router.post("/login").handler(console::login).failureHandler(console::failed);
    router.post("/logout").handler(console::logout).failureHandler(console::failed);
    router.get("/lang/:lang").handler(console::language).failureHandler(console::failed);
    router.get("/static/*").handler(StaticHandler.create("console/static").setCachingEnabled(true).setMaxAgeSeconds(3600));
    router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400));
    router.get("/results").handler(results::show).failureHandler(console::failed);
    // ... the agents' desk and the ticket pages
    area(router, "/agent", Console.HOTLINE);
    area(router, "/tickets", ANYONE);
    router.get("/agent").handler(agent::desk);
    router.get(AgentPages.EVENTS).handler(agent::events); // /agent/events: the request timeout leaves it open
    router.get("/agent/pop").handler(agent::pop);
    router.get("/agent/recordings/:name").handler(agent::recording);
    router.post("/agent/tickets").handler(agent::create);
    router.post("/agent/tickets/:number/repeat").handler(agent::repeat);
    router.get("/tickets/:number").handler(ticketPages::show);
    router.get("/tickets/:number/recording").handler(ticketPages::recording);
    router.post("/tickets/:number/merge").handler(ticketPages::merge);
    router.post("/tickets/:number/not-duplicate").handler(ticketPages::notDuplicate);
    router.post("/tickets/:number/:action").handler(ticketPages::act);
    // ... the handling units' worklist, the supervisors' board and KPIs
    area(router, "/unit", Console.UNITS);
    area(router, "/board", Console.SUPERVISORS);
    router.get("/unit").handler(unitPages::worklist);
    router.get("/board").handler(board::board);
    router.post("/board/supervise").handler(board::supervise);
    router.get("/board/kpis").handler(kpis::page);
    router.get("/board/kpis.json").handler(kpis::json);
    router.get("/board/kpis.csv").handler(kpis::csv);

    // the SMS provider's webhooks, each checked for the provider's signature first
    if (webhooks != null) {
      router.post(SmsWebhooks.STATUS_PATH).handler(webhooks::verify).handler(webhooks::status);
      router.post(SmsWebhooks.INBOUND_PATH).handler(webhooks::verify).handler(webhooks::inbound);
    }

    // the end: nothing answered, or something failed
    router.route().last().handler(Problems::notFound);
    router.route().failureHandler(Problems::handle);
    // a request no route can even be matched against (a path whose %-escapes do not decode, "/a%0~") fails past
    // every failure handler, with neither a failure nor a status on its context: the router's own plain "Bad
    // Request" otherwise
    router.errorHandler(400, ctx -> Problems.send(ctx, 400, "the request's path is malformed (a bad %-escape?)"));
  }

  /**
   * HEAD wherever GET is: the router's {@code get} routes match GET only, so a HEAD request is routed again as
   * the GET it asks about; the HTTP server sends the answer's head and no body, as it does for any HEAD.
   */
  private static void headAsGet(RoutingContext ctx) {
    ctx.reroute(HttpMethod.GET, ctx.request().uri());
  }

  /**
   * A signed-in area: {@code prefix} and everything under it pass {@code roles}' gate first, and its
   * failures are pages in the user's language.
   */
  private void area(Router router, String prefix, Set<Role> roles) {
    Handler<RoutingContext> gate = console.gate(roles);
    router.route(prefix).handler(gate).failureHandler(console::failed);
    router.route(prefix + "/*").handler(gate).failureHandler(console::failed);
  }
}
