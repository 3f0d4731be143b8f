package org.zhaowo.ticketing;

import io.vertx.core.json.JsonObject;

/**
 * A service category with its dispatch rule and time limit.
 *
 * @param defaultUnit "community" (the resident's community), "none" (a dispatcher decides), or a unit code
 * @param ivrGroup the key (1–5) under which the phone menu offers it
 * @param timeLimitDays working days to handle it; 0 means the same day
 */
public record Category(
    String code, String nameZh, String nameEn, int ivrGroup, String defaultUnit, ItemKind itemKind, int timeLimitDays) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("code", code)
        .put("name", nameZh)
        .put("nameEn", nameEn)
        .put("ivrGroup", ivrGroup)
        .put("defaultUnit", defaultUnit)
        .put("itemKind", itemKind.wire())
        .put("timeLimitDays", timeLimitDays);
  }
}
