package org.zhaowo.ticketing.http;

import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.Unit;

/** The organisation: district, departments, sub-districts, communities and grids with their heads' phones. */
final class UnitApi {
  private final TicketService tickets;

  UnitApi(TicketService tickets) {
    this.tickets = tickets;
  }

  /** {@code GET /api/units?level=community&parent=SD01}. */
  void list(RoutingContext ctx) {
    tickets.units(ctx.queryParams().get("level"), ctx.queryParams().get("parent"))
        .onSuccess(units -> Json.ok(ctx, new JsonArray(units.stream().map(Unit::toJson).toList())))
        .onFailure(ctx::fail);
  }
}
