package org.zhaowo.ticketing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/** Public holidays and make-up working days, listed and set by an administrator. */
final class CalendarApi {
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

  /** The days the service counts with: a row whose day is out of bounds is left out, as the calendar leaves it out. */
  void list(RoutingContext ctx) {
    pool.query(TicketSql.CALENDAR).execute()
        .map(rows -> new JsonArray(TicketSql.map(rows, TicketSql::listedDay).stream().flatMap(Optional::stream)
            .map(listed -> new JsonObject()
                .put("day", listed.day().toString())
                .put("kind", listed.kind().name().toLowerCase(Locale.ROOT))
                .put("name", listed.name()))
            .toList()))
        .onSuccess(days -> Json.ok(ctx, days))
        .onFailure(ctx::fail);
  }

  /** {@code PUT /api/calendar/2026-10-01 {"kind": "holiday", "name": "国庆节"}}. */
  void put(RoutingContext ctx) {
    LocalDate day = DateBounds.day("day", ctx.pathParam("day"));
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
