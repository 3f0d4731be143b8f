package org.zhaowo.ticketing.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.Map;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.DateBounds;
import org.zhaowo.ticketing.ItemKind;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.SurveyAnswer;
import org.zhaowo.ticketing.TicketQuery;
import org.zhaowo.ticketing.TicketState;
import org.zhaowo.ticketing.TicketingException;
import org.zhaowo.ticketing.WorkCalendar;

/** Reading requests and writing JSON replies; every malformed input becomes a 400 with a detail. */
final class Json {
  private Json() {}

  static JsonObject body(RoutingContext ctx) {
    JsonObject body = bodyOrEmpty(ctx);
    if (body.isEmpty() && noBody(ctx)) {
      throw TicketingException.invalid("a JSON object body is required");
    }
    return body;
  }

  /**
   * The JSON object of the body, or an empty one when there is none: the one place a JSON body is read, so a
   * body that is not an object, or a text in it with a NUL character (which PostgreSQL cannot store), is
   * refused here for every endpoint, before any database call.
   */
  static JsonObject bodyOrEmpty(RoutingContext ctx) {
    if (noBody(ctx)) {
      return new JsonObject();
    }
    Object value;
    try {
      value = ctx.body().buffer().toJsonValue();
    } catch (DecodeException e) {
      throw TicketingException.invalid("the body is not valid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw TicketingException.invalid("the body must be a JSON object");
    }
    refuseNul("", object);
    return object;
  }

  private static boolean noBody(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() <= 0;
  }

  /** A text with U+0000 anywhere in the body (a value or a name) is refused, naming the field. */
  private static void refuseNul(String path, Object value) {
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> field : object) {
        String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        refuseNul(name, field.getKey());
        refuseNul(name, field.getValue());
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        refuseNul(path + "[" + i + "]", array.getValue(i));
      }
    } else if (value instanceof String text && text.indexOf('\0') >= 0) {
      throw nul(path.replace("\0", "\\0"));
    }
  }

  /** The refusal of a text with a NUL character (forms and JSON bodies alike). */
  static TicketingException nul(String field) {
    return TicketingException.invalid(field + " contains a NUL character (U+0000), which is not accepted");
  }

  static String required(JsonObject body, String field) {
    String value = string(body, field);
    if (value == null || value.isBlank()) {
      throw TicketingException.invalid(field + " is required");
    }
    return value;
  }

  static String string(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw TicketingException.invalid(field + " must be a string");
    }
    return (String) value;
  }

  private static boolean flag(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw TicketingException.invalid(field + " must be true or false");
    }
    return Boolean.TRUE.equals(value);
  }

  static NewTicket newTicket(JsonObject b) {
    String channel = string(b, "channel");
    String kind = string(b, "itemKind");
    return new NewTicket(string(b, "callerPhone"), Channel.parse(channel == null ? "agent" : channel),
        string(b, "category"), kind == null ? null : ItemKind.parse(kind), string(b, "description"),
        string(b, "recording"), string(b, "address"), string(b, "unit"), flag(b, "confidential"),
        flag(b, "incompleteIntake"), string(b, "resolution"));
  }

  static ActionRequest actionRequest(JsonObject b, WorkCalendar calendar) {
    String deadline = string(b, "deadline");
    return new ActionRequest(string(b, "note"), string(b, "unit"),
        deadline == null ? null : DateBounds.deadline("deadline", deadline, calendar.zone()));
  }

  static SurveyAnswer surveyAnswer(JsonObject b) {
    Object solved = b.getValue("solved");
    if (solved != null && !(solved instanceof Boolean)) {
      throw TicketingException.invalid("solved must be true or false");
    }
    return new SurveyAnswer("agent", (Boolean) solved, required(b, "satisfaction"), string(b, "comment"), null);
  }

  /** A date query parameter within {@link DateBounds}, or {@code defaultValue} when it is absent. */
  static LocalDate date(RoutingContext ctx, String param, LocalDate defaultValue) {
    String text = ctx.queryParams().get(param);
    return text == null || text.isBlank() ? defaultValue : DateBounds.day(param, text);
  }

  /** A range whose ends are both given must not end before it starts; either end may be null (open). */
  static void inOrder(LocalDate from, LocalDate to) {
    if (from != null && to != null && to.isBefore(from)) {
      throw TicketingException.invalid("to (" + to + ") is before from (" + from + ")");
    }
  }

  static TicketQuery query(RoutingContext ctx, java.time.ZoneId zone) {
    MultiMap q = ctx.queryParams();
    String state = q.get("state");
    String phone = q.get("phone");
    String overdue = q.get("overdue");
    LocalDate from = date(ctx, "from", null);
    LocalDate to = date(ctx, "to", null);
    inOrder(from, to);
    return new TicketQuery(
        state == null ? null : TicketState.parse(state),
        q.get("unit"),
        phone == null ? null : Phones.normalize(phone).orElseThrow(() -> TicketingException.invalid("phone is not a phone number")),
        overdue == null ? null : Boolean.parseBoolean(overdue),
        from == null ? null : from.atStartOfDay(zone).toInstant(),
        to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant(),
        intParam(q, "page", 1, 1, 100_000),
        intParam(q, "size", 20, 1, 200));
  }

  private static int intParam(MultiMap q, String name, int defaultValue, int min, int max) {
    String text = q.get(name);
    try {
      int value = text == null ? defaultValue : Integer.parseInt(text);
      if (value < min || value > max) {
        throw TicketingException.invalid(name + " must be between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw TicketingException.invalid(name + " must be a whole number");
    }
  }

  static void ok(RoutingContext ctx, Object json) {
    send(ctx, 200, json);
  }

  static void send(RoutingContext ctx, int status, Object json) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(json instanceof JsonObject o ? o.encode() : ((JsonArray) json).encode());
  }
}
