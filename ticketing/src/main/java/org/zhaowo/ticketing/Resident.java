package org.zhaowo.ticketing;

import io.vertx.core.json.JsonObject;

/** A resident known to the hotline, recognised by phone number (caller ID). */
public record Resident(
    String phone,
    String name,
    String address,
    String communityCode,
    String gridCode,
    boolean elderly,
    boolean landline,
    boolean smsOptOut,
    String language) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("phone", phone)
        .put("name", name)
        .put("address", address)
        .put("community", communityCode)
        .put("grid", gridCode)
        .put("elderly", elderly)
        .put("landline", landline)
        .put("smsOptOut", smsOptOut)
        .put("language", language);
  }
}
