package org.zhaowo.sms;

import java.time.Instant;
import java.util.Optional;

/** Where texts leave: Twilio, or the console. Calls block; callers run them off the event loop. */
interface SmsProvider {
  /** The provider's answer to a send: its message id and status. */
  record Accepted(String sid, String status) {}

  /**
   * A refused send, with whether trying again later may work (network, 429, 5xx, a configuration
   * problem an operator can fix) or never will (an invalid or unsubscribed recipient).
   */
  final class Refused extends Exception {
    /** Twilio's "unsubscribed recipient": the number texted STOP to the sending number. */
    static final int UNSUBSCRIBED = 21610;

    private final String summary;
    private final Integer code;
    private final boolean permanent;

    /**
     * @param summary what went wrong without the provider's text (which may carry the number): safe to log
     * @param detail the provider's full text, kept in the outbox row's last_error
     */
    Refused(String summary, String detail, Integer code, boolean permanent) {
      super(detail == null ? summary : summary + ": " + detail, null, false, false);
      this.summary = summary;
      this.code = code;
      this.permanent = permanent;
    }

    boolean permanent() {
      return permanent;
    }

    /** The provider's error code, or null. */
    Integer code() {
      return code;
    }

    String summary() {
      return summary;
    }
  }

  /** Hands one text to the provider; {@code toPhone} is the national number. */
  Accepted send(long outboxId, String toPhone, String body) throws Refused;

  /**
   * A message this sender already handed over with this text since {@code since}: asked before any
   * attempt after the first, since an earlier one may have reached the provider without its answer
   * reaching us (a timeout, a crash), so the text is not sent twice.
   */
  Optional<Accepted> find(String toPhone, String body, Instant since) throws Refused;
}
