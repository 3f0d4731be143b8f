package org.zhaowo.ivr;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern STATUS_LINE = Pattern.compile("^(\\d{3})[ -].*");
  private static final Pattern SUCCESS = Pattern.compile(
      "^200 result=(\\S*)\\s*(?:\\((.*)\\))?\\s*(?:endpos=(-?\\d+))?\\s*$");

  /** True when the line starts like a reply ({@code 200 }, {@code 520-}, …). */
  static boolean looksLikeReply(String line) {
    return STATUS_LINE.matcher(line).matches();
  }

  /** Parses a one-line reply; null when the line is not one. */
  static AgiReply parse(String line) {
    if (!looksLikeReply(line)) {
      return null;
    }
    int status = Integer.parseInt(line.substring(0, 3));
    if (status != OK) {
      return new AgiReply(status, "", line.substring(4), -1, List.of());
    }
    Matcher m = SUCCESS.matcher(line);
    if (!m.matches()) {
      return null;
    }
    long endpos = m.group(3) == null ? -1 : Long.parseLong(m.group(3));
    return new AgiReply(OK, m.group(1), m.group(2), endpos, List.of());
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
