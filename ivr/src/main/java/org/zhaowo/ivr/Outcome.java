package org.zhaowo.ivr;

/** How a call ended, as kept in its call record. */
enum Outcome {
  TICKET_CREATED,
  TICKET_SPOOLED,
  PROGRESS_HEARD,
  TRANSFERRED,
  VOICE_MESSAGE,
  SURVEY_ANSWERED,
  ABANDONED,
  UNKNOWN_SCRIPT,
  /** Ended normally with nothing of the above, e.g. a survey call about a ticket not waiting for one. */
  COMPLETED,
  FAILED;

  String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
