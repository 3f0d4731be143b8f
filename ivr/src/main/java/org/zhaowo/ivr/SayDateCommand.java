package org.zhaowo.ivr;

import org.asteriskjava.fastagi.command.AbstractAgiCommand;

/** {@code SAY DATE <epoch seconds> <escape digits>}: asterisk-java has SAY DATETIME only. */
final class SayDateCommand extends AbstractAgiCommand {
  private final long epochSeconds;

  SayDateCommand(long epochSeconds) {
    this.epochSeconds = epochSeconds;
  }

  @Override
  public String buildCommand() {
    return "SAY DATE " + epochSeconds + " " + escapeAndQuote("");
  }
}
