package org.zhaowo.ticketing;

/** Who may do what: the API roles, the system itself (IVR, scheduler, SMS), and grid heads answering by text. */
public enum Role {
  AGENT,
  UNIT,
  SUPERVISOR,
  ADMIN,
  SYSTEM,
  /** A grid head (网格长) answering by text from the phone on record: no login, acts only on their grid's tickets. */
  GRID_HEAD,
  ;

  /** The lower-case word used in the database and the API. */
  public String wire() {
    return Wire.word(this);
  }

  /** Parses the wire word; {@link TicketingException} (invalid) when unknown. */
  public static Role parse(String wire) {
    return Wire.parse(values(), wire, "role");
  }
}
