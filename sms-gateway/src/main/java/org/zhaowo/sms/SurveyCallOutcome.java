package org.zhaowo.sms;

/**
 * How a survey call placed by an async {@code Originate} ended, read from Asterisk's
 * {@code OriginateResponse} event. Its {@code Reason} is the last control frame the outgoing channel
 * sent before the originate gave up or succeeded (Asterisk's {@code enum ast_control_frame_type}):
 * 0 nothing (no such channel, dial failed), 1 hung up before answering, 2 ring, 3 ringing (then the
 * timeout), 4 answer, 5 busy, 8 congestion.
 */
enum SurveyCallOutcome {
  ANSWERED, BUSY, NO_ANSWER, CONGESTION, FAILED;

  /** As the ticketing service stores it ({@code surveys.last_outcome}). */
  String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** From the event's {@code Response} ("Success" / "Failure") and {@code Reason}. */
  static SurveyCallOutcome of(String response, Integer reason) {
    int code = reason == null ? 0 : reason;
    if ("Success".equalsIgnoreCase(response) || code == 4) {
      return ANSWERED;
    }
    return switch (code) {
      case 5 -> BUSY;
      case 8 -> CONGESTION;
      case 1, 2, 3 -> NO_ANSWER; // rang out, or declined: the resident did not pick up
      default -> FAILED;
    };
  }
}
