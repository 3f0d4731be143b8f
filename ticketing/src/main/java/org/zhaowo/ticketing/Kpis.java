package org.zhaowo.ticketing;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;

/**
 * The hotline's figures over a date range, computed from ticket events and surveys. Each rate comes
 * with its numerator and denominator; a rate with nothing to count is 0.
 */
public record Kpis(
    LocalDate from,
    LocalDate to,
    String unit,
    long received,
    long resolved,
    long resolvedOnTime,
    long closed,
    long closedFirstTime,
    long callbacksReached,
    long surveysAnswered,
    long surveysSatisfied,
    long overdue) {

  public double onTimeRate() {
    return rate(resolvedOnTime, resolved);
  }

  public double oneTimeCompletionRate() {
    return rate(closedFirstTime, closed);
  }

  public double callbackRate() {
    return rate(callbacksReached, resolved);
  }

  public double satisfactionRate() {
    return rate(surveysSatisfied, surveysAnswered);
  }

  private static double rate(long part, long whole) {
    return whole == 0 ? 0.0 : Math.round(10_000.0 * part / whole) / 10_000.0;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("from", from.toString())
        .put("to", to.toString())
        .put("unit", unit)
        .put("received", received)
        .put("resolved", resolved)
        .put("resolvedOnTime", resolvedOnTime)
        .put("onTimeRate", onTimeRate())
        .put("closed", closed)
        .put("closedFirstTime", closedFirstTime)
        .put("oneTimeCompletionRate", oneTimeCompletionRate())
        .put("callbacksReached", callbacksReached)
        .put("callbackRate", callbackRate())
        .put("surveysAnswered", surveysAnswered)
        .put("surveysSatisfied", surveysSatisfied)
        .put("satisfactionRate", satisfactionRate())
        .put("overdue", overdue);
  }
}
