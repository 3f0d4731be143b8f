package org.zhaowo.ticketing;

/** A ticket's lifecycle state. */
public enum TicketState {
  RECEIVED,
  DISPATCHED,
  IN_PROGRESS,
  RESOLVED,
  CLOSED,
  /** Found to repeat another open ticket and merged into it: that ticket carries on, with this one's history. */
  MERGED,
  ;

  /** The lower-case word used in the database and the API. */
  public String wire() {
    return Wire.word(this);
  }

  /** Parses the wire word; {@link TicketingException} (invalid) when unknown. */
  public static TicketState parse(String wire) {
    return Wire.parse(values(), wire, "ticket state");
  }
}
