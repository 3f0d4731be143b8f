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
  private static final Set<String> KINDS = Set.of("due_soon", "reminder", "supervision", "unsatisfied");
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
}
