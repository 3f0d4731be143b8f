package org.zhaowo.ticketing;

/**
 * What intake knows when a ticket is registered (受理登记).
 *
 * @param callerPhone the number to call or text back; null only for a web report (a resident may leave
 *     none) or an incomplete phone report from a withheld number
 * @param itemKind null for the category's default
 * @param unitCode null to dispatch by the category's rule
 * @param resolution for an immediate item resolved during the call, what was done; else null
 * @param incompleteIntake the call ended before intake finished; an agent should check it
 * @param lat the place's latitude (WGS 84), with {@code lon}, when the report gives coordinates; else both null
 * @param intakeKey the sender's name for this one report, or null: registering a report whose key is taken
 *     returns the ticket registered under it, so a sender that cannot know whether its first try committed
 *     (the IVR replaying its spool after a crash) may simply send it again
 * @param number the ticket number to register it under, one the sender reserved in advance
 *     ({@link TicketService#reserveNumbers}) and read out already; null to take the next one
 */
public record NewTicket(
    String callerPhone,
    Channel channel,
    String category,
    ItemKind itemKind,
    String description,
    String recording,
    String address,
    String unitCode,
    boolean confidential,
    boolean incompleteIntake,
    String resolution,
    Double lat,
    Double lon,
    String intakeKey,
    String number) {

  /** The longest description accepted; longer ones are refused, not cut. */
  public static final int MAX_DESCRIPTION = 4_000;

  /** The longest intake key accepted. */
  public static final int MAX_INTAKE_KEY = 200;

  /** A report without a number of its own. */
  public NewTicket(String callerPhone, Channel channel, String category, ItemKind itemKind, String description,
      String recording, String address, String unitCode, boolean confidential, boolean incompleteIntake,
      String resolution, Double lat, Double lon, String intakeKey) {
    this(callerPhone, channel, category, itemKind, description, recording, address, unitCode, confidential,
        incompleteIntake, resolution, lat, lon, intakeKey, null);
  }

  /** A report without an intake key. */
  public NewTicket(String callerPhone, Channel channel, String category, ItemKind itemKind, String description,
      String recording, String address, String unitCode, boolean confidential, boolean incompleteIntake,
      String resolution, Double lat, Double lon) {
    this(callerPhone, channel, category, itemKind, description, recording, address, unitCode, confidential,
        incompleteIntake, resolution, lat, lon, null, null);
  }

  /** A report without coordinates (every channel but the web's). */
  public NewTicket(String callerPhone, Channel channel, String category, ItemKind itemKind, String description,
      String recording, String address, String unitCode, boolean confidential, boolean incompleteIntake,
      String resolution) {
    this(callerPhone, channel, category, itemKind, description, recording, address, unitCode, confidential,
        incompleteIntake, resolution, null, null, null, null);
  }

  /** A phone report from the IVR: the recording holds the description. */
  public static NewTicket fromIvr(String callerPhone, String category, String recording, boolean incomplete) {
    return new NewTicket(callerPhone, Channel.PHONE_IVR, category, null, "电话语音留言 (voice message)",
        recording, null, null, false, incomplete, null);
  }

  /** This report under {@code key} ({@link #intakeKey}): sent twice, it is still one ticket. */
  public NewTicket withIntakeKey(String key) {
    return new NewTicket(callerPhone, channel, category, itemKind, description, recording, address, unitCode,
        confidential, incompleteIntake, resolution, lat, lon, key, number);
  }

  /** This report under the reserved ticket number {@code reserved} ({@link #number}); null takes the next one. */
  public NewTicket withNumber(String reserved) {
    return new NewTicket(callerPhone, channel, category, itemKind, description, recording, address, unitCode,
        confidential, incompleteIntake, resolution, lat, lon, intakeKey, reserved);
  }
}
