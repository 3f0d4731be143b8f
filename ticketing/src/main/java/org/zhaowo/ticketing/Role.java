package org.zhaowo.ticketing;

/** Who may do what: the API roles, plus the system itself (IVR, scheduler, SMS). */
public enum Role {
  AGENT,
  UNIT,
  SUPERVISOR,
  ADMIN,
  SYSTEM,
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
