package org.zhaowo.ivr;

/** The caller hung up, or the channel's connection went away: the flow ends, what was given is kept. */
final class CallerHungUp extends RuntimeException {
  CallerHungUp(String why) {
    super(why, null, false, false);
  }
}
