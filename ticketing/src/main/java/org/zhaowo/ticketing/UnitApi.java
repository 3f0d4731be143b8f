package org.zhaowo.ticketing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** The organisation: district, departments, sub-districts, communities and grids with their heads' phones. */
final class UnitApi {
  private static final String LIST = """
      SELECT code, name, level, parent_code, phone, head_name, households FROM units
       WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR parent_code = $2)
       ORDER BY code
      """;

  private final Pool pool;

  UnitApi(Pool pool) {
    this.pool = pool;
  }

  /** {@code GET /api/units?level=community&parent=SD01}. */
  void list(RoutingContext ctx) {
    String level = ctx.queryParams().get("level");
    pool.preparedQuery(LIST).execute(Tuple.of(level, ctx.queryParams().get("parent")))
        .map(rows -> new JsonArray(TicketSql.map(rows, row -> new JsonObject()
            .put("code", row.getString("code"))
            .put("name", row.getString("name"))
            .put("level", row.getString("level"))
            .put("parent", row.getString("parent_code"))
            .put("phone", row.getString("phone"))
            .put("headName", row.getString("head_name"))
            .put("households", row.getInteger("households")))))
        .onSuccess(units -> Json.ok(ctx, units))
        .onFailure(ctx::fail);
  }
}
