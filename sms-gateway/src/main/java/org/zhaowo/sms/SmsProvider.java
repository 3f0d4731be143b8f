package org.zhaowo.sms;

import java.time.Instant;
import java.util.Optional;

/** Where texts leave: Twilio, or the console. Calls block; callers run them off the event loop. */
interface SmsProvider {
  /** The provider's answer to a send: its message id and status. */
  record Accepted(String sid, String status) {}

  /** A refused send, with whether trying again later may work (network, 429, 5xx) or never will. */
  final class Refused extends Exception {
    private final boolean permanent;

    Refused(String reason, boolean permanent) {
      super(reason, null, false, false);
      this.permanent = permanent;
    }

    boolean permanent() {
      return permanent;
    }
  }

  /** Hands one text to the provider; {@code toPhone} is the national number. */
  Accepted send(long outboxId, String toPhone, String body) throws Refused;

  /**
   * A message this sender already handed over with this text since {@code since}: used when a
   * worker died between sending and recording, so the text is not sent twice.
   */
  Optional<Accepted> find(String toPhone, String body, Instant since) throws Refused;
}
