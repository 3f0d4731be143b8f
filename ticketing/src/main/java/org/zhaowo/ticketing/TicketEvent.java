package org.zhaowo.ticketing;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One entry of a ticket's append-only history: who did what, when, and the state it left. */
public record TicketEvent(
    long id,
    Instant at,
    String actor,
    Role role,
    String action,
    TicketState fromState,
    TicketState toState,
    String note,
    String unitCode,
    Instant deadline,
    String ticketNumber) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("at", at.toString())
        .put("actor", actor)
        .put("role", role.wire())
        .put("action", action)
        .put("fromState", fromState == null ? null : fromState.wire())
        .put("toState", toState.wire())
        .put("note", note)
        .put("unit", unitCode)
        .put("deadline", deadline == null ? null : deadline.toString())
        .put("ticket", ticketNumber);
  }
}
