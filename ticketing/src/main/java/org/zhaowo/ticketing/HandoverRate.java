package org.zhaowo.ticketing;

import io.vertx.core.json.JsonObject;

/**
 * How one level kept its "112" hand-over limit over a date range: the waits there that ended in the range
 * (taken up or handed on), those that ended by their limit, and the waits still open past it now.
 *
 * @param level "intake", "grid", "community", "sub_district", "department" or "district"
 * @param limitDays the level's limit in working days; null when it has none
 */
public record HandoverRate(String level, Integer limitDays, long handedOver, long onTime, long waitingLate) {
  public double onTimeRate() {
    return handedOver == 0 ? 0.0 : Math.round(10_000.0 * onTime / handedOver) / 10_000.0;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("level", level)
        .put("limitDays", limitDays)
        .put("handedOver", handedOver)
        .put("onTime", onTime)
        .put("onTimeRate", onTimeRate())
        .put("waitingLate", waitingLate);
  }
}
