package org.zhaowo.ticketing;

import io.vertx.core.json.JsonObject;

/**
 * One place in the three-level organisation (district → sub-district → community → grid) or a member
 * department, with the phone residents may call (a grid head's phone is public).
 *
 * @param level "district", "department", "sub_district", "community" or "grid"
 * @param headName the grid head's name (grids only)
 * @param households households in a grid (about 300), null elsewhere
 */
public record Unit(String code, String name, String level, String parentCode, String phone, String headName,
    Integer households) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("code", code)
        .put("name", name)
        .put("level", level)
        .put("parent", parentCode)
        .put("phone", phone)
        .put("headName", headName)
        .put("households", households);
  }
}
