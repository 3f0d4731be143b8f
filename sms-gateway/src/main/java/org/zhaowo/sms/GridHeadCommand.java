package org.zhaowo.sms;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.TicketNumbers;

/**
 * A grid head's command by text: {@code J <number> <text>} (结) resolves an immediate item, {@code S <number>}
 * (收) accepts a ticket, {@code B <number> <text>} (备) notes its progress. Letters in either case or full
 * width, digits and spaces full width or not; a few whole words (结案, 办结, 受理, 备注) stand for the letter.
 *
 * @param letter the command as the help texts spell it: J, S or B
 * @param number the ticket number as typed (digits only), or null when none followed the letter
 * @param note the text after the number, or null
 * @param refusal why it is answered without acting ("help": no number; "bad_number": not a ticket number
 *     by its length or check digit; "needs_note": J or B without text), or null when it is to be taken
 */
record GridHeadCommand(String letter, String number, String note, String refusal) {
  private static final Pattern COMMAND = Pattern.compile(
      "^(结案|办结|受理|备注|[JSBＪＳＢ结收备])(?=$|[\\s\\d])\\s*(\\d*)[\\s:：,，、;；.。-]*(.*)$",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS | Pattern.DOTALL);

  /**
   * The command a text starts like, or null when it does not look like one (then it is a resident's text like
   * any other). {@code text} is stripped; letters and digits may be full width.
   */
  static GridHeadCommand parse(String text) {
    Matcher m = COMMAND.matcher(text);
    if (!m.matches()) {
      return null;
    }
    String letter = letter(m.group(1));
    String number = m.group(2).isEmpty() ? null : ascii(m.group(2));
    String note = m.group(3).strip().isEmpty() ? null : m.group(3).strip();
    if (number == null) {
      return new GridHeadCommand(letter, null, note, "help");
    }
    if (!TicketNumbers.isValid(number)) {
      return new GridHeadCommand(letter, number, note, "bad_number");
    }
    return new GridHeadCommand(letter, number, note, note == null && !"S".equals(letter) ? "needs_note" : null);
  }

  /** Full-width (or any other script's) digits as ASCII ones. */
  private static String ascii(String digits) {
    StringBuilder out = new StringBuilder();
    digits.codePoints().forEach(c -> out.append(Character.forDigit(Character.digit(c, 10), 10)));
    return out.toString();
  }

  private static String letter(String word) {
    return switch (word.toUpperCase(Locale.ROOT)) {
      case "J", "Ｊ", "结", "结案", "办结" -> "J";
      case "S", "Ｓ", "收", "受理" -> "S";
      default -> "B";
    };
  }

  /** What ticketing is asked to do. */
  Action action() {
    return switch (letter) {
      case "J" -> Action.RESOLVE;
      case "S" -> Action.ACCEPT;
      default -> Action.NOTE;
    };
  }
}
