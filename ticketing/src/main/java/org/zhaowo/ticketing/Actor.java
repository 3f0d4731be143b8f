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

  /** Unit staff see and work only their own unit's tickets: FORBIDDEN otherwise. */
  public void requireAccess(Ticket ticket) {
    if (role == Role.UNIT && !unitCode.equals(ticket.unitCode())) {
      throw TicketingException.forbidden("ticket " + ticket.number() + " is not handled by your unit");
    }
  }
}
