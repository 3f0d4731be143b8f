package org.zhaowo.ticketing;

import static org.zhaowo.ticketing.Role.ADMIN;
import static org.zhaowo.ticketing.Role.AGENT;
import static org.zhaowo.ticketing.Role.GRID_HEAD;
import static org.zhaowo.ticketing.Role.SUPERVISOR;
import static org.zhaowo.ticketing.Role.SYSTEM;
import static org.zhaowo.ticketing.Role.UNIT;
import static org.zhaowo.ticketing.TicketState.CLOSED;
import static org.zhaowo.ticketing.TicketState.DISPATCHED;
import static org.zhaowo.ticketing.TicketState.IN_PROGRESS;
import static org.zhaowo.ticketing.TicketState.RECEIVED;
import static org.zhaowo.ticketing.TicketState.RESOLVED;

import java.util.EnumSet;
import java.util.Set;

/**
 * The transitions a ticket can take: from which states, to which state (null keeps the state), and
 * who may take them. Unit staff may only act on their own unit's tickets.
 */
public enum Action {
  DISPATCH(EnumSet.of(RECEIVED, DISPATCHED), DISPATCHED, EnumSet.of(AGENT, SUPERVISOR, ADMIN, SYSTEM)),
  ACCEPT(EnumSet.of(DISPATCHED), IN_PROGRESS, EnumSet.of(UNIT, ADMIN, GRID_HEAD)),
  NOTE(EnumSet.of(RECEIVED, DISPATCHED, IN_PROGRESS, RESOLVED), null, EnumSet.allOf(Role.class)),
  RESOLVE(EnumSet.of(RECEIVED, DISPATCHED, IN_PROGRESS), RESOLVED, EnumSet.of(UNIT, AGENT, SUPERVISOR, ADMIN, SYSTEM, GRID_HEAD)),
  CLOSE(EnumSet.of(RESOLVED), CLOSED, EnumSet.of(AGENT, SUPERVISOR, ADMIN, SYSTEM)),
  REOPEN(EnumSet.of(RESOLVED, CLOSED), DISPATCHED, EnumSet.of(AGENT, SUPERVISOR, ADMIN, SYSTEM)),
  RETURN(EnumSet.of(DISPATCHED, IN_PROGRESS), RECEIVED, EnumSet.of(UNIT, ADMIN)),
  EXTEND(EnumSet.of(DISPATCHED, IN_PROGRESS), null, EnumSet.of(UNIT, SUPERVISOR, ADMIN)),
  ESCALATE(EnumSet.of(DISPATCHED, IN_PROGRESS), DISPATCHED, EnumSet.of(UNIT, SUPERVISOR, ADMIN, SYSTEM));

  private final Set<TicketState> from;
  private final TicketState to;
  private final Set<Role> roles;

  Action(Set<TicketState> from, TicketState to, Set<Role> roles) {
    this.from = from;
    this.to = to;
    this.roles = roles;
  }

  public String wire() {
    return Wire.word(this);
  }

  public static Action parse(String wire) {
    return Wire.parse(values(), wire, "action");
  }

  /** The state the ticket is in after this action. */
  public TicketState target(TicketState current) {
    return to == null ? current : to;
  }

  /**
   * Refuses the action with 403 when the actor may not take it, 409 when the ticket's state does
   * not allow it.
   */
  public void check(Actor actor, Ticket ticket) {
    if (!roles.contains(actor.role())) {
      throw TicketingException.forbidden(actor.role().wire() + " may not " + wire() + " a ticket");
    }
    actor.requireAccess(ticket);
    if (!from.contains(ticket.state())) {
      throw TicketingException.conflict("cannot " + wire() + " a ticket that is " + ticket.state().wire());
    }
    if (this == RESOLVE) {
      checkResolve(actor, ticket);
    }
  }

  /**
   * Hotline staff resolve only immediate items during the call; units resolve what they work; a grid head
   * resolves an immediate item only (the front line's quick fix), whatever its state.
   */
  private static void checkResolve(Actor actor, Ticket ticket) {
    if (actor.role() == GRID_HEAD && ticket.itemKind() != ItemKind.IMMEDIATE) {
      throw TicketingException.conflict("a grid head resolves only an immediate item; ticket " + ticket.number()
          + " is " + ticket.itemKind().wire() + " and is resolved by its handling unit");
    }
    boolean onTheCall = ticket.state() == RECEIVED;
    if (onTheCall && ticket.itemKind() != ItemKind.IMMEDIATE) {
      throw TicketingException.conflict("only an immediate item can be resolved before it is dispatched");
    }
    if (!onTheCall && (actor.role() == AGENT || actor.role() == SYSTEM)) {
      throw TicketingException.forbidden("a dispatched ticket is resolved by its handling unit");
    }
  }
}
