package org.zhaowo.ticketing;

/**
 * A resident's answer to the callback survey (回访).
 *
 * @param channel "sms", "phone" or "agent"
 * @param solved whether the problem was solved; null when not asked (SMS asks satisfaction only)
 * @param satisfaction "satisfied", "basically_satisfied" or "unsatisfied"
 * @param comment free text, may be null
 * @param recording a voice comment's file, may be null
 */
public record SurveyAnswer(String channel, Boolean solved, String satisfaction, String comment, String recording) {

  /** Satisfied (or basically) and not said to be unsolved: the ticket can close. */
  public boolean closesTicket() {
    return !Boolean.FALSE.equals(solved) && !"unsatisfied".equals(satisfaction);
  }
}
