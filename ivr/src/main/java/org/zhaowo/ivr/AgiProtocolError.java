package org.zhaowo.ivr;

/** Asterisk refused a command (510 invalid, 520 usage): a bug on our side, never the caller's doing. */
final class AgiProtocolError extends RuntimeException {
  AgiProtocolError(String message) {
    super(message, null, false, false);
  }
}
