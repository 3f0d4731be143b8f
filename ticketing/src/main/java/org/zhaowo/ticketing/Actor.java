package org.zhaowo.ticketing;

/**
 * Who is acting on a ticket: a signed-in user, or the system (IVR, scheduler, SMS gateway).
 *
 * @param name the username, or the system component's name
 * @param role what the actor may do
 * @param unitCode the handling unit of a unit staff member, else null
 */
public record Actor(String name, Role role, String unitCode) {
  public static Actor system(String component) {
    return new Actor(component, Role.SYSTEM, null);
  }

  /** True for the roles that act for the whole hotline rather than one unit. */
  public boolean isHotlineWide() {
    return role != Role.UNIT;
  }
}
