package org.zhaowo.ticketing;

/** Where a request came in (受理渠道). */
public enum Channel {
  PHONE_IVR,
  AGENT,
  SMS,
  WEB,
  ;

  /** The lower-case word used in the database and the API. */
  public String wire() {
    return Wire.word(this);
  }

  /** Parses the wire word; {@link TicketingException} (invalid) when unknown. */
  public static Channel parse(String wire) {
    return Wire.parse(values(), wire, "channel");
  }
}
