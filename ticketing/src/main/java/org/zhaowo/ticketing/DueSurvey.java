package org.zhaowo.ticketing;

/**
 * A callback survey (回访) whose next attempt is due, locked for the scheduler that claimed it until
 * that scheduler's transaction ends.
 *
 * @param id the survey's id, also the reminder texts' dedupe key
 * @param ticketId the ticket it judges
 * @param channel "sms" or "phone"
 * @param attempts asks made so far
 * @param number the ticket's number, which the ask names
 * @param phone the caller's number, where the ask goes
 * @param ticketState the ticket's state now: a survey only applies while it is resolved
 * @param language the resident's language, or null when the caller is not a known resident
 */
public record DueSurvey(long id, long ticketId, String channel, int attempts, String number, String phone,
    TicketState ticketState, String language) {

  /** Whether the ticket is still resolved and waits for this survey (closed or reopened otherwise, it does not). */
  public boolean stillApplies() {
    return ticketState == TicketState.RESOLVED;
  }
}
