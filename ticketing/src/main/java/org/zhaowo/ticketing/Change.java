package org.zhaowo.ticketing;

import java.time.Instant;

/** The fields one transition changes on a ticket, and the event that records it. */
final class Change {
  TicketState state;
  String unitCode;
  Instant deadline;
  Instant requestedDeadline;
  ItemKind itemKind;
  int reopenCount;
  String eventAction;
  String note;

  private Change(Ticket ticket, String eventAction, String note) {
    this.state = ticket.state();
    this.unitCode = ticket.unitCode();
    this.deadline = ticket.deadline();
    this.requestedDeadline = ticket.requestedDeadline();
    this.itemKind = ticket.itemKind();
    this.reopenCount = ticket.reopenCount();
    this.eventAction = eventAction;
    this.note = note;
  }

  /** A change that starts from the ticket as it is. */
  static Change of(Ticket ticket, Action action, ActionRequest request) {
    Change change = new Change(ticket, action.wire(), request.note());
    change.state = action.target(ticket.state());
    return change;
  }

  static Change of(Ticket ticket, String eventAction, String note) {
    return new Change(ticket, eventAction, note);
  }
}
