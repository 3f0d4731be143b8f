package org.zhaowo.ticketing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Set;

/**
 * The supervisor's queue (监督): reminders, supervision orders and unsatisfied callbacks on tickets
 * still open, newest first.
 */
final class SupervisionApi {
  private static final Set<String> KINDS = Set.of("due_soon", "reminder", "supervision", "unsatisfied");
  private static final String LIST = """
      SELECT o.kind, o.unit_code, o.deadline, o.created_at, t.number, t.state, t.unit_code AS handling_unit
        FROM supervision_orders o JOIN tickets t ON t.id = o.ticket_id
       WHERE ($1::text IS NULL OR o.kind = $1)
         AND ($2::text IS NULL OR o.unit_code = $2 OR t.unit_code = $2)
         AND (NOT $3 OR t.state IN ('received', 'dispatched', 'in_progress'))
       ORDER BY o.created_at DESC, o.id DESC LIMIT 500
      """;

  private final Pool pool;

  SupervisionApi(Pool pool) {
    this.pool = pool;
  }

  /** {@code GET /api/supervision?kind=supervision&unit=SD01&all=true} (default: open tickets only). */
  void list(RoutingContext ctx) {
    String kind = ctx.queryParams().get("kind");
    if (kind != null && !KINDS.contains(kind)) {
      throw TicketingException.invalid("kind must be one of " + KINDS);
    }
    Actor actor = TicketApi.actor(ctx);
    String unit = actor.role() == Role.UNIT ? actor.unitCode() : ctx.queryParams().get("unit");
    boolean openOnly = !"true".equals(ctx.queryParams().get("all"));
    pool.preparedQuery(LIST).execute(Tuple.of(kind, unit, openOnly))
        .map(rows -> new JsonArray(TicketSql.map(rows, row -> new JsonObject()
            .put("kind", row.getString("kind"))
            .put("number", row.getString("number"))
            .put("state", row.getString("state"))
            .put("addressedTo", row.getString("unit_code"))
            .put("handlingUnit", row.getString("handling_unit"))
            .put("deadline", TicketSql.instant(row, "deadline").toString())
            .put("at", TicketSql.instant(row, "created_at").toString()))))
        .onSuccess(orders -> Json.ok(ctx, orders))
        .onFailure(ctx::fail);
  }
}
