package org.zhaowo.ticketing;

/**
 * Who is acting on a ticket: a signed-in user, or the system (IVR, scheduler, SMS gateway).
 *
 * @param name the username, or the system component's name
 * @param role what the actor may do
 * @param unitCode the handling unit of a unit staff member; a grid head's community; else null
 */
public record Actor(String name, Role role, String unitCode) {
  public static Actor system(String component) {
    return new Actor(component, Role.SYSTEM, null);
  }

  /**
   * A grid head, named after the grid ({@code grid_head:<grid code>}), whose reach is the grid's community; the
   * service checks the resident's own grid before such an actor acts ({@link TicketService#gridHeadAct}).
   */
  public static Actor gridHead(Unit grid) {
    return new Actor(GRID_HEAD_PREFIX + grid.code(), Role.GRID_HEAD, grid.parentCode());
  }

  static final String GRID_HEAD_PREFIX = "grid_head:";

  /** Unit staff see and work only their own unit's tickets, a grid head only their community's: FORBIDDEN otherwise. */
  public void requireAccess(Ticket ticket) {
    if (role == Role.UNIT && !unitCode.equals(ticket.unitCode())) {
      throw TicketingException.forbidden("ticket " + ticket.number() + " is not handled by your unit");
    }
    if (role == Role.GRID_HEAD && (unitCode == null || !unitCode.equals(ticket.communityCode()))) {
      throw TicketingException.forbidden("ticket " + ticket.number() + " is not of your grid");
    }
  }
}
