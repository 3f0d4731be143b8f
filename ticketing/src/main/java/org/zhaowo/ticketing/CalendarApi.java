package org.zhaowo.ticketing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Public holidays and make-up working days, listed and set by an administrator. */
final class CalendarApi {
  private static final String LIST = "SELECT day, kind, name FROM calendar_days ORDER BY day";
  private static final String UPSERT = """
      INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)
      ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name
      """;

  private final Pool pool;
  private final TicketService tickets;

  CalendarApi(Pool pool, TicketService tickets) {
    this.pool = pool;
    this.tickets = tickets;
  }

  void list(RoutingContext ctx) {
    pool.query(LIST).execute()
        .map(rows -> new JsonArray(TicketSql.map(rows, row -> new JsonObject()
            .put("day", row.getLocalDate("day").toString())
            .put("kind", row.getString("kind"))
            .put("name", row.getString("name")))))
        .onSuccess(days -> Json.ok(ctx, days))
        .onFailure(ctx::fail);
  }

  /** {@code PUT /api/calendar/2026-10-01 {"kind": "holiday", "name": "国庆节"}}. */
  void put(RoutingContext ctx) {
    LocalDate day;
    try {
      day = LocalDate.parse(ctx.pathParam("day"));
    } catch (DateTimeParseException e) {
      throw TicketingException.invalid("the day must look like 2026-10-01");
    }
    JsonObject body = Json.body(ctx);
    String kind = Json.required(body, "kind");
    if (!kind.equals("holiday") && !kind.equals("workday")) {
      throw TicketingException.invalid("kind must be holiday or workday");
    }
    pool.preparedQuery(UPSERT).execute(Tuple.of(day, kind, Json.string(body, "name")))
        .compose(v -> tickets.reloadCalendar())
        .onSuccess(v -> Json.ok(ctx, new JsonObject().put("day", day.toString()).put("kind", kind)))
        .onFailure(ctx::fail);
  }
}
