package org.zhaowo.ivr;

/** The caller is to reach a person: they pressed 0, failed a menu three times, or the flow needs help. */
final class ToAgent extends RuntimeException {
  enum Reason { CALLER_ASKED, MENU_FAILURES, ELDERLY, DATABASE, UNKNOWN_SCRIPT, INTAKE_REFUSED, ERROR }

  private final Reason reason;

  ToAgent(Reason reason) {
    super(reason.name(), null, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
