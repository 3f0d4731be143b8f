package org.zhaowo.ticketing.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import org.zhaowo.ticketing.DateBounds;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.TicketingException;

/** Public holidays and make-up working days, listed and set by an administrator. */
final class CalendarApi {
  private final TicketService tickets;

  CalendarApi(TicketService tickets) {
    this.tickets = tickets;
  }

  /** The days the service counts with: a row whose day is out of bounds is left out, as the calendar leaves it out. */
  void list(RoutingContext ctx) {
    tickets.calendarDays()
        .map(listed -> new JsonArray(listed.stream()
            .map(day -> new JsonObject()
                .put("day", day.day().toString())
                .put("kind", day.kind())
                .put("name", day.name()))
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
    tickets.setCalendarDay(day, kind, Json.string(body, "name"))
        .onSuccess(v -> Json.ok(ctx, new JsonObject().put("day", day.toString()).put("kind", kind)))
        .onFailure(ctx::fail);
  }
}
