package org.zhaowo.ticketing;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A resident's request (工单) as it stands now; its history is in {@link TicketEvent}s.
 *
 * @param callerPhone null for a web report left without a phone, or a phone report cut short from a withheld number
 * @param lat the place's latitude (WGS 84) when the report gave coordinates, else null; {@code lon} with it
 * @param mergedInto the number of the ticket this one was merged into (state merged), else null
 */
public record Ticket(
    long id,
    String number,
    String callerPhone,
    Channel channel,
    String category,
    ItemKind itemKind,
    String description,
    String recording,
    String address,
    String communityCode,
    String unitCode,
    String unitName,
    Instant deadline,
    Instant requestedDeadline,
    boolean confidential,
    boolean incompleteIntake,
    TicketState state,
    int reopenCount,
    Instant createdAt,
    Instant updatedAt,
    Double lat,
    Double lon,
    String mergedInto) {

  /** Still being worked: not yet resolved or closed. */
  public boolean isOpen() {
    return state == TicketState.RECEIVED || state == TicketState.DISPATCHED || state == TicketState.IN_PROGRESS;
  }

  public boolean isOverdue(Instant now) {
    return isOpen() && deadline.isBefore(now);
  }

  public JsonObject toJson(Instant now) {
    return new JsonObject()
        .put("number", number)
        .put("state", state.wire())
        .put("callerPhone", callerPhone)
        .put("channel", channel.wire())
        .put("category", category)
        .put("itemKind", itemKind.wire())
        .put("description", description)
        .put("recording", recording)
        .put("address", address)
        .put("lat", lat)
        .put("lon", lon)
        .put("community", communityCode)
        .put("unit", unitCode)
        .put("unitName", unitName)
        .put("deadline", deadline.toString())
        .put("requestedDeadline", requestedDeadline == null ? null : requestedDeadline.toString())
        .put("confidential", confidential)
        .put("incompleteIntake", incompleteIntake)
        .put("reopenCount", reopenCount)
        .put("overdue", isOverdue(now))
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString())
        .put("mergedInto", mergedInto);
  }
}
