package org.zhaowo.ivr;

/** How a call ended, as kept in its call record. */
enum Outcome {
  TICKET_CREATED,
  TICKET_SPOOLED,
  /** Added to the caller's open ticket of the same category (the same problem again), which the record names. */
  REPEAT,
  PROGRESS_HEARD,
  TRANSFERRED,
  /** Left for the dialplan to dial the caller's grid head ({@code ZHAOWO_NEXT=dial}). */
  GRID_HEAD,
  VOICE_MESSAGE,
  SURVEY_ANSWERED,
  ABANDONED,
  UNKNOWN_SCRIPT,
  /** Ended normally with nothing of the above, e.g. a survey call about a ticket not waiting for one. */
  COMPLETED,
  FAILED;

  /** The caller was handed to the dialplan to reach someone: no goodbye, the flow has returned already. */
  boolean handedOver() {
    return this == TRANSFERRED || this == GRID_HEAD;
  }

  String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
