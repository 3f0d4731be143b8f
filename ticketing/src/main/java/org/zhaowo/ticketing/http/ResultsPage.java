package org.zhaowo.ticketing.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The public results page (跟踪问效, "publish outcomes"): each handling unit's figures over the last 30
 * days (or {@code ?from=&to=}), for residents, without a session. Only counts and rates leave the
 * service here: no ticket, so no caller's name or number, address or description.
 */
final class ResultsPage {
  /** Anyone may ask: a year at most per request, so nobody can make it add up decades. */
  static final int MAX_DAYS = 366;

  private final Console console;

  ResultsPage(Console console) {
    this.console = console;
  }

  void show(RoutingContext ctx) {
    KpiPages.figures(console, ctx, MAX_DAYS).onSuccess(named -> {
      JsonObject chart = named.json();
      chart.remove("rows"); // the units' figures are enough for the chart; weeks stay on the board
      Map<String, Object> model = new HashMap<>();
      model.put("from", named.kpis().from().toString());
      model.put("to", named.kpis().to().toString());
      model.put("total", named.row(named.kpis().total()));
      model.put("units", named.kpis().byUnit().stream().map(named::row).toList());
      model.put("chart", chart.encode());
      try {
        console.pages.send(ctx, "results.ftlh", model, null, null);
      } catch (RuntimeException e) {
        ctx.fail(e); // a page that fails to render is an error page, not a request left to time out
      }
    }).onFailure(ctx::fail);
  }
}
