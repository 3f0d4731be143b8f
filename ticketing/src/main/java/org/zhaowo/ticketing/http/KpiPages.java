package org.zhaowo.ticketing.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.zhaowo.ticketing.HandlingUnit;
import org.zhaowo.ticketing.HandoverRate;
import org.zhaowo.ticketing.KpiBreakdown;
import org.zhaowo.ticketing.Kpis;

/**
 * The figures (跟踪问效) on the board: received, resolved, on-time, one-time completion, callback and
 * satisfaction rates by unit and by week, as a page with charts (drawn by {@code board.js} with
 * ECharts from {@code kpis.json}) and a plain table, and as CSV. The public results page shows a part
 * of the same.
 */
final class KpiPages {
  /** The range when none is given: the last 30 days. */
  static final int DEFAULT_DAYS = 30;
  private static final List<String> LABELS = List.of("received", "resolved", "onTimeRate", "oneTimeCompletionRate",
      "callbackRate", "satisfactionRate", "target", "byWeek", "byUnit", "undispatched");

  private final Console console;

  KpiPages(Console console) {
    this.console = console;
  }

  /** The breakdown of the range the request asks for ({@code from}, {@code to}), and the units' names. */
  static Future<Named> figures(Console console, RoutingContext ctx) {
    return figures(console, ctx, Integer.MAX_VALUE);
  }

  /** The figures of a range of at most {@code maxDays} days (the public page's limit: it needs no sign-in). */
  static Future<Named> figures(Console console, RoutingContext ctx, int maxDays) {
    LocalDate today = LocalDate.now(console.clock.withZone(console.tickets.calendar().zone()));
    KpiBreakdown.Range range;
    try {
      range = KpiBreakdown.range(ctx.queryParams().get("from"), ctx.queryParams().get("to"), today, DEFAULT_DAYS);
      if (java.time.temporal.ChronoUnit.DAYS.between(range.from(), range.to()) >= maxDays) {
        throw org.zhaowo.ticketing.TicketingException.invalid("at most " + maxDays + " days at a time");
      }
    } catch (RuntimeException invalid) {
      return Future.failedFuture(invalid);
    }
    return console.tickets.kpiBreakdown(range.from(), range.to()).compose(kpis -> console.tickets.handlingUnits()
        .map(units -> new Named(kpis, units.stream().collect(Collectors.toMap(HandlingUnit::code, HandlingUnit::name)),
            Pages.language(ctx))));
  }

  /** A breakdown with the units' names in the reader's language. */
  record Named(KpiBreakdown kpis, Map<String, String> names, String lang) {
    String name(String unit) {
      return unit == null ? Pages.label(lang, "kpi.undispatched") : names.getOrDefault(unit, unit);
    }

    /** One line of a table: the counts, and the rates as percentages ("—" with nothing to count). */
    Map<String, Object> row(Kpis k) {
      Map<String, Object> row = new HashMap<>();
      row.put("code", k.unit() == null ? "" : k.unit());
      row.put("name", name(k.unit()));
      row.put("from", k.from().toString());
      row.put("to", k.to().toString());
      row.put("received", k.received());
      row.put("resolved", k.resolved());
      row.put("overdue", k.overdue());
      row.put("onTime", percent(k.onTimeRate(), k.resolved()));
      row.put("oneTime", percent(k.oneTimeCompletionRate(), k.closed()));
      row.put("callback", percent(k.callbackRate(), k.resolved()));
      row.put("satisfaction", percent(k.satisfactionRate(), k.surveysAnswered()));
      return row;
    }

    /** The charts' data: per unit and per week, the targets, the series' labels. */
    JsonObject json() {
      JsonObject labels = new JsonObject();
      LABELS.forEach(key -> labels.put(key, Pages.label(lang, "kpi." + key)));
      return new JsonObject()
          .put("from", kpis.from().toString())
          .put("to", kpis.to().toString())
          .put("targets", new JsonObject().put("oneTimeCompletionRate", KpiBreakdown.ONE_TIME_COMPLETION_TARGET)
              .put("satisfactionRate", KpiBreakdown.SATISFACTION_TARGET))
          .put("labels", labels)
          .put("total", json(kpis.total()))
          .put("units", new JsonArray(kpis.byUnit().stream().map(this::json).toList()))
          .put("weeks", new JsonArray(kpis.byWeek().stream().map(k -> json(k).put("week", k.from().toString())).toList()))
          .put("rows", new JsonArray(kpis.rows().stream().map(k -> json(k).put("week", k.from().toString())).toList()));
    }

    /** {@link Kpis#toJson} with the unit's name, and null for a rate with nothing to count (a gap in a chart). */
    JsonObject json(Kpis k) {
      JsonObject json = k.toJson().put("name", name(k.unit()));
      nullWhenEmpty(json, "onTimeRate", k.resolved());
      nullWhenEmpty(json, "oneTimeCompletionRate", k.closed());
      nullWhenEmpty(json, "callbackRate", k.resolved());
      nullWhenEmpty(json, "satisfactionRate", k.surveysAnswered());
      return json;
    }
  }

  private static void nullWhenEmpty(JsonObject json, String rate, long whole) {
    if (whole == 0) {
      json.putNull(rate);
    }
  }

  static String percent(double rate, long whole) {
    return whole == 0 ? "—" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  void page(RoutingContext ctx) {
    figures(console, ctx).compose(named -> console.tickets.handoverKpis(named.kpis().from(), named.kpis().to())
        .map(rates -> {
          model(ctx).put("handovers", rates.stream().map(r -> handoverRow(named.lang(), r)).toList());
          return named;
        })).onSuccess(named -> {
      String query = "?from=" + named.kpis().from() + "&to=" + named.kpis().to();
      Map<String, Object> model = model(ctx);
      model.put("from", named.kpis().from().toString());
      model.put("to", named.kpis().to().toString());
      model.put("query", query);
      model.put("total", named.row(named.kpis().total()));
      model.put("units", named.kpis().byUnit().stream().map(named::row).toList());
      model.put("weeks", named.kpis().byWeek().stream().map(named::row).toList());
      console.page(ctx, "board-kpis.ftlh", model);
    }).onFailure(ctx::fail);
  }

  /** The page's model, kept on the request while its parts are read. */
  private static Map<String, Object> model(RoutingContext ctx) {
    Map<String, Object> model = ctx.get("kpiModel");
    if (model == null) {
      model = new HashMap<>();
      ctx.put("kpiModel", model);
    }
    return model;
  }

  /** One level of the "112" hand-over table. */
  private static Map<String, Object> handoverRow(String lang, HandoverRate r) {
    Map<String, Object> row = new HashMap<>();
    row.put("level", Pages.label(lang, "handover.level." + r.level()));
    row.put("limit", r.limitDays() == null ? "—" : r.limitDays().toString());
    row.put("handedOver", r.handedOver());
    row.put("onTime", r.onTime());
    row.put("rate", percent(r.onTimeRate(), r.handedOver()));
    row.put("waitingLate", r.waitingLate());
    return row;
  }

  void json(RoutingContext ctx) {
    figures(console, ctx).onSuccess(named -> ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(named.json().encode())).onFailure(ctx::fail);
  }

  /** One row per unit and week; UTF-8 with a byte-order mark, which Excel needs to read Chinese. */
  void csv(RoutingContext ctx) {
    figures(console, ctx).onSuccess(named -> {
      StringBuilder csv = new StringBuilder("\uFEFF");
      List<String> header = List.of("unit", "unitName", "from", "to", "received", "resolved", "resolvedOnTime",
          "onTimeRate", "closed", "closedFirstTime", "oneTimeCompletionRate", "callbacksReached", "callbackRate",
          "surveysAnswered", "surveysSatisfied", "satisfactionRate");
      line(csv, header.stream().map(key -> Pages.label(named.lang(), "kpi.csv." + key)).toList());
      for (Kpis k : named.kpis().rows()) {
        line(csv, List.of(k.unit() == null ? "" : k.unit(), named.name(k.unit()), k.from().toString(), k.to().toString(),
            String.valueOf(k.received()), String.valueOf(k.resolved()), String.valueOf(k.resolvedOnTime()),
            rate(k.onTimeRate(), k.resolved()), String.valueOf(k.closed()), String.valueOf(k.closedFirstTime()),
            rate(k.oneTimeCompletionRate(), k.closed()), String.valueOf(k.callbacksReached()),
            rate(k.callbackRate(), k.resolved()), String.valueOf(k.surveysAnswered()),
            String.valueOf(k.surveysSatisfied()), rate(k.satisfactionRate(), k.surveysAnswered())));
      }
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"zhaowo-kpis-" + named.kpis().from() + "-"
              + named.kpis().to() + ".csv\"")
          .putHeader("Cache-Control", "no-store")
          .end(csv.toString());
    }).onFailure(ctx::fail);
  }

  private static String rate(double rate, long whole) {
    return whole == 0 ? "" : String.valueOf(rate);
  }

  /** A CSV line (RFC 4180); a cell a spreadsheet would run as a formula gets a leading apostrophe. */
  private static void line(StringBuilder csv, List<String> cells) {
    csv.append(cells.stream().map(cell -> {
      String safe = !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 && !cell.matches("-?[0-9.]+") ? "'" + cell : cell;
      boolean quote = safe.chars().anyMatch(c -> c == '"' || c == ',' || c == '\r' || c == '\n');
      return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }).collect(Collectors.joining(","))).append("\r\n");
  }
}
