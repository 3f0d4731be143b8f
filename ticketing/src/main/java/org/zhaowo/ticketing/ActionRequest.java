package org.zhaowo.ticketing;

import java.time.Instant;

/**
 * What comes with a transition: a note (what was done, why it is returned…), a unit to dispatch
 * to, a new deadline for an extension. Any may be null.
 */
public record ActionRequest(String note, String unitCode, Instant deadline) {
  public static final int MAX_NOTE = 4_000;

  public static ActionRequest note(String note) {
    return new ActionRequest(note, null, null);
  }

  public static ActionRequest none() {
    return new ActionRequest(null, null, null);
  }
}
