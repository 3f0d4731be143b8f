package org.zhaowo.ticketing;

/** How a ticket is handled within its time limit (限时办结): 即办件, 承诺件, 补办件, 上报件. */
public enum ItemKind {
  IMMEDIATE,
  PROMISED,
  AWAITING_RESIDENT,
  ESCALATED,
  ;

  /** The lower-case word used in the database and the API. */
  public String wire() {
    return Wire.word(this);
  }

  /** Parses the wire word; {@link TicketingException} (invalid) when unknown. */
  public static ItemKind parse(String wire) {
    return Wire.parse(values(), wire, "item kind");
  }
}
