package org.zhaowo.ivr;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.asteriskjava.fastagi.command.AgiCommand;
import org.asteriskjava.fastagi.command.GetDataCommand;
import org.asteriskjava.fastagi.command.RecordFileCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.asteriskjava.fastagi.command.WaitForDigitCommand;

/**
 * One reply to an AGI command: {@code 200 result=… (data) endpos=…}, {@code 510}, {@code 511}, or a
 * multi-line {@code 520} whose usage text is kept.
 *
 * @param status the AGI status code
 * @param result the text after {@code result=}; empty for a timeout and for non-200 replies
 * @param data the text in parentheses ("timeout", "dtmf", "hangup", a variable's value), or null
 * @param endpos the sample position a playback or recording stopped at, or -1
 */
record AgiReply(int status, String result, String data, long endpos, List<String> usage) {
  static final int OK = 200;
  static final int INVALID_COMMAND = 510;
  static final int DEAD_CHANNEL = 511;
  static final int USAGE = 520;

  private static final Pattern KEYS = Pattern.compile("[0-9*#A-Da-d]*");
  private static final Pattern STATUS_LINE = Pattern.compile("(\\d{3})[ -].*");
  /**
   * res_agi's formats: {@code result=} a number, the keys of GET DATA or nothing; then {@code (data)} and
   * {@code endpos=} a sample offset. Possessive quantifiers: a line of spaces cannot make the match backtrack.
   */
  private static final Pattern SUCCESS = Pattern.compile(
      "200 result=(-?[0-9]++|[0-9*#A-Da-d]*+)(?: ++\\((.*)\\))?(?: ++endpos=([0-9]{1,18}+))? *+");

  /** Parses a one-line reply; {@link AgiMalformed} when Asterisk would never write it. */
  static AgiReply parse(String line) {
    Matcher head = STATUS_LINE.matcher(line);
    if (!head.matches()) {
      throw new AgiMalformed("not an AGI reply");
    }
    int status = Integer.parseInt(head.group(1)); // three digits
    return switch (status) {
      case OK -> success(line);
      case INVALID_COMMAND, DEAD_CHANNEL, USAGE -> new AgiReply(status, "", line.substring(4), -1, List.of());
      default -> throw new AgiMalformed("unknown AGI status " + status);
    };
  }

  private static AgiReply success(String line) {
    Matcher m = SUCCESS.matcher(line);
    if (!m.matches()) {
      throw new AgiMalformed("not an AGI 200 reply: " + AgiLine.quote(line));
    }
    long endpos = m.group(3) == null ? -1 : Long.parseLong(m.group(3)); // at most 18 digits: fits a long
    return new AgiReply(OK, m.group(1), m.group(2), endpos, List.of());
  }

  /**
   * True when this is a result such a command gives (AGI-NOTES.md): GET DATA the keys typed (or -1); the
   * commands that stop at a key its code (0 for none, -1 for a failure); the others a number.
   */
  boolean answers(Class<? extends AgiCommand> command) {
    if (command == GetDataCommand.class) {
      return result.equals("-1") || KEYS.matcher(result).matches();
    }
    int code = code();
    if (command == WaitForDigitCommand.class || command == StreamFileCommand.class
        || command == RecordFileCommand.class) {
      return code == -1 || code == 0 || (code < 128 && "0123456789*#ABCDabcd".indexOf(code) >= 0);
    }
    return code != Integer.MIN_VALUE;
  }

  static AgiReply usage(List<String> lines) {
    return new AgiReply(USAGE, "", "usage", -1, List.copyOf(lines));
  }

  /** The result as a number; {@link Integer#MIN_VALUE} when it is empty or not a number. */
  int code() {
    try {
      return Integer.parseInt(result);
    } catch (NumberFormatException e) {
      return Integer.MIN_VALUE;
    }
  }

  boolean timedOut() {
    return "timeout".equals(data);
  }
}
