package org.zhaowo.ivr;

/**
 * A line no real Asterisk sends (garbage, an impossible number, a duplicate header, bytes that are not
 * UTF-8): the connection that sent it is closed, and the call's flow sees a hang-up. The message is the
 * reason logged for the close; it never quotes more of the peer's input than a few characters.
 */
final class AgiMalformed extends RuntimeException {
  AgiMalformed(String why) {
    super(why, null, false, false);
  }
}
