package org.zhaowo.ticketing.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.TicketingException;

/**
 * The supervisor's queue (监督): reminders, supervision orders and unsatisfied callbacks on tickets
 * still open, newest first.
 */
final class SupervisionApi {
  private static final Set<String> KINDS = Set.of("due_soon", "reminder", "supervision", "unsatisfied", "handover");
  private final TicketService tickets;

  SupervisionApi(TicketService tickets) {
    this.tickets = tickets;
  }

  /** {@code GET /api/supervision?kind=supervision&unit=SD01&all=true} (default: open tickets only). */
  void list(RoutingContext ctx) {
    String kind = ctx.queryParams().get("kind");
    if (kind != null && !KINDS.contains(kind)) {
      throw TicketingException.invalid("kind must be one of " + KINDS);
    }
    Actor actor = TicketApi.actor(ctx);
    boolean openOnly = !"true".equals(ctx.queryParams().get("all"));
    tickets.supervisionOrders(kind, ctx.queryParams().get("unit"), openOnly, actor) // a unit user sees only their own
        .map(orders -> new JsonArray(orders.stream().map(order -> new JsonObject()
            .put("kind", order.kind())
            .put("number", order.number())
            .put("state", order.state().wire())
            .put("addressedTo", order.addressedTo())
            .put("handlingUnit", order.handlingUnit())
            .put("deadline", order.deadline().toString())
            .put("at", order.at().toString())).toList()))
        .onSuccess(orders -> Json.ok(ctx, orders))
        .onFailure(ctx::fail);
  }

  /** {@code GET /api/handover-limits}: every level in climbing order with its limit in working days (null: none). */
  void limits(RoutingContext ctx) {
    JsonObject limits = new JsonObject();
    tickets.handoverLimits().forEach(limits::put);
    Json.ok(ctx, limits);
  }

  /** {@code PUT /api/handover-limits/community {"workingDays": 2}} ({@code null}: no limit); supervisors and administrators. */
  void setLimit(RoutingContext ctx) {
    JsonObject body = Json.body(ctx);
    if (!body.containsKey("workingDays")) {
      throw TicketingException.invalid("give {\"workingDays\": n} (0 to 60, or null for no limit)");
    }
    Object days = body.getValue("workingDays");
    if (days != null && !(days instanceof Integer)) {
      throw TicketingException.invalid("workingDays must be a whole number of working days, or null");
    }
    String level = ctx.pathParam("level");
    tickets.setHandoverLimit(level, (Integer) days, TicketApi.actor(ctx))
        .onSuccess(v -> Json.ok(ctx, new JsonObject().put("level", level).put("workingDays", days)))
        .onFailure(ctx::fail);
  }
}
