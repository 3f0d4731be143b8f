package org.zhaowo.ticketing.http;

import io.vertx.core.Handler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Auth;
import org.zhaowo.ticketing.Category;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Resident;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketEvent;
import org.zhaowo.ticketing.TicketNumbers;
import org.zhaowo.ticketing.TicketQuery;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.TicketingException;

/** The ticketing HTTP API under /api ({@link Routes} has its routes): one short handler each. */
final class TicketApi {
  private static final String ACTOR = "actor";
  private static final Set<Role> HOTLINE = EnumSet.of(Role.AGENT, Role.SUPERVISOR, Role.ADMIN);

  private final TicketService tickets;
  private final Auth auth;
  private final LoginThrottle throttle;
  private final Clock clock;

  TicketApi(TicketService tickets, Auth auth, LoginThrottle throttle, Clock clock) {
    this.tickets = tickets;
    this.auth = auth;
    this.throttle = throttle;
    this.clock = clock;
  }

  void login(RoutingContext ctx) {
    JsonObject body = Json.body(ctx);
    throttle.login(auth, Json.required(body, "username"), Json.required(body, "password"),
            ctx.request().remoteAddress().hostAddress())
        .onSuccess(token -> Json.ok(ctx, new JsonObject().put("token", token)))
        .onFailure(ctx::fail);
  }

  void logout(RoutingContext ctx) {
    auth.logout(bearer(ctx)).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    return header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
  }

  void authenticate(RoutingContext ctx) {
    auth.authenticate(bearer(ctx))
        .onSuccess(actor -> {
          ctx.put(ACTOR, actor);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  static Actor actor(RoutingContext ctx) {
    return ctx.get(ACTOR);
  }

  void categories(RoutingContext ctx) {
    tickets.categories()
        .onSuccess(list -> Json.ok(ctx, new JsonArray(list.stream().map(Category::toJson).toList())))
        .onFailure(ctx::fail);
  }

  /** The caller's record and recent tickets, for an agent taking the call. */
  void resident(RoutingContext ctx) {
    allow(ctx, HOTLINE, c -> {
      String phone = Phones.normalize(c.pathParam("phone"))
          .orElseThrow(() -> TicketingException.invalid("not a phone number: " + c.pathParam("phone")));
      tickets.resident(phone)
          .compose(resident -> tickets.list(TicketQuery.byCaller(phone), actor(c)).map(page -> new JsonObject()
              .put("resident", resident.map(Resident::toJson).orElse(null))
              .put("tickets", items(page.items()))))
          .onSuccess(json -> Json.ok(c, json))
          .onFailure(c::fail);
    });
  }

  void create(RoutingContext ctx) {
    allow(ctx, HOTLINE, c -> tickets.create(Json.newTicket(Json.body(c)), actor(c))
        .onSuccess(ticket -> Json.send(c, 201, ticket.toJson(clock.instant())))
        .onFailure(c::fail));
  }

  void get(RoutingContext ctx) {
    visible(tickets, ctx.pathParam("number"), actor(ctx))
        .compose(ticket -> tickets.events(ticket).map(events -> ticket.toJson(clock.instant())
            .put("events", new JsonArray(history(events, ticket, actor(ctx)).stream().map(TicketEvent::toJson).toList()))))
        .onSuccess(json -> Json.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    tickets.list(Json.query(ctx, tickets.calendar().zone()), actor(ctx))
        .onSuccess(page -> Json.ok(ctx, new JsonObject()
            .put("items", items(page.items()))
            .put("total", page.total())
            .put("totalCapped", page.totalCapped())
            .put("page", page.page())
            .put("size", page.size())))
        .onFailure(ctx::fail);
  }

  /** {@code POST /api/tickets/N/merge {"into": "M", "note": "…"}}: N repeats M, which carries on (returned). */
  void merge(RoutingContext ctx) {
    JsonObject body = Json.body(ctx);
    tickets.merge(ctx.pathParam("number"), Json.required(body, "into"), Json.string(body, "note"), actor(ctx))
        .onSuccess(ticket -> Json.ok(ctx, ticket.toJson(clock.instant())))
        .onFailure(ctx::fail);
  }

  /** {@code POST /api/tickets/N/not-duplicate {"of": "M"}}: the later report N is a different problem from M. */
  void notDuplicate(RoutingContext ctx) {
    String of = Json.required(Json.body(ctx), "of");
    tickets.notDuplicate(ctx.pathParam("number"), of, actor(ctx))
        .onSuccess(v -> Json.ok(ctx, new JsonObject().put("number", ctx.pathParam("number")).put("of", of)
            .put("decision", "distinct")))
        .onFailure(ctx::fail);
  }

  /** {@code GET /api/duplicates}: the reports (SMS, Open311) that may repeat an open ticket, to merge or keep apart. */
  void duplicates(RoutingContext ctx) {
    tickets.possibleDuplicates(actor(ctx))
        .onSuccess(pairs -> Json.ok(ctx, new JsonArray(pairs.stream().map(d -> new JsonObject()
            .put("ticket", d.ticket().toJson(clock.instant()))
            .put("of", d.of().toJson(clock.instant()))
            .put("reason", d.reason())
            .put("foundAt", d.foundAt().toString())).toList())))
        .onFailure(ctx::fail);
  }

  void act(RoutingContext ctx) {
    Action action = Action.parse(ctx.pathParam("action"));
    ActionRequest request = Json.actionRequest(Json.bodyOrEmpty(ctx), tickets.calendar());
    tickets.act(ctx.pathParam("number"), action, request, actor(ctx))
        .onSuccess(ticket -> Json.ok(ctx, ticket.toJson(clock.instant())))
        .onFailure(ctx::fail);
  }

  /** A survey answer taken by an agent on the phone (回访). */
  void survey(RoutingContext ctx) {
    allow(ctx, HOTLINE, c -> tickets.recordSurvey(c.pathParam("number"), Json.surveyAnswer(Json.body(c)), actor(c))
        .onSuccess(ticket -> Json.ok(c, ticket.toJson(clock.instant())))
        .onFailure(c::fail));
  }

  void kpis(RoutingContext ctx) {
    LocalDate to = Json.date(ctx, "to", LocalDate.now(clock.withZone(tickets.calendar().zone())));
    LocalDate from = Json.date(ctx, "from", to.minusDays(29));
    Json.inOrder(from, to);
    String unit = actor(ctx).role() == Role.UNIT ? actor(ctx).unitCode() : ctx.queryParams().get("unit");
    // the "112" hand-over figures are the district's, per level: given with the district's KPIs, not a unit's
    tickets.kpis(from, to, unit)
        .compose(k -> unit != null ? Future.succeededFuture(k.toJson()) : tickets.handoverKpis(from, to)
            .map(rates -> k.toJson().put("handover", new JsonArray(rates.stream().map(r -> r.toJson()).toList()))))
        .onSuccess(json -> Json.ok(ctx, json)).onFailure(ctx::fail);
  }

  private JsonArray items(java.util.List<Ticket> list) {
    return new JsonArray(list.stream().map(t -> t.toJson(clock.instant())).toList());
  }

  /**
   * A ticket to show the actor: a number with a wrong check digit is 400 before any look-up, and a ticket the
   * actor may not see (another unit's) the same 404 as a missing one, so a unit cannot learn which numbers exist.
   */
  static Future<Ticket> visible(TicketService tickets, String number, Actor actor) {
    if (!TicketNumbers.isValid(number)) {
      return Future.failedFuture(TicketingException.invalid("'" + number + "' is not a ticket number (check digit)"));
    }
    return tickets.get(number, actor).recover(e -> Future.failedFuture(
        e instanceof TicketingException t && t.kind() == TicketingException.Kind.FORBIDDEN
            ? TicketingException.notFound("no ticket " + number) : e));
  }

  /**
   * A ticket's history as the actor may read it: the events of the tickets merged into it are shown to hotline staff
   * whole, to anyone else (a unit, who may not see those tickets) without their notes — that the repeat came in and
   * was merged, not what its resident or the hotline wrote on it.
   */
  static java.util.List<TicketEvent> history(java.util.List<TicketEvent> events, Ticket ticket, Actor actor) {
    if (Console.HOTLINE.contains(actor.role())) {
      return events;
    }
    return events.stream().map(e -> e.ticketNumber() == null || e.ticketNumber().equals(ticket.number()) ? e
        : new TicketEvent(e.id(), e.at(), e.actor(), e.role(), e.action(), e.fromState(), e.toState(), null, null,
            null, e.ticketNumber())).toList();
  }

  /** A gate for a route only {@code roles} may use: anyone else gets 403. */
  static Handler<RoutingContext> only(Set<Role> roles) {
    return ctx -> allow(ctx, roles, RoutingContext::next);
  }

  private static void allow(RoutingContext ctx, Set<Role> roles, Handler<RoutingContext> handler) {
    Role role = actor(ctx).role();
    if (!roles.contains(role)) {
      ctx.fail(TicketingException.forbidden(role.wire() + " may not do this"));
      return;
    }
    handler.handle(ctx);
  }

}
