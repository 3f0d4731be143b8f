package org.zhaowo.ticketing;

/**
 * Ticket numbers a caller can type on a keypad: a 7-digit serial and a Damm check digit. The Damm
 * check catches every single mistyped digit and every swap of two neighbouring digits, so a wrong
 * number is refused before any lookup.
 */
public final class TicketNumbers {
  private static final int[][] DAMM = {
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
    {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
    {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
    {6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
    {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
    {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
    {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}
  };

  /** Number of digits in a ticket number, check digit included. */
  public static final int LENGTH = 8;

  private TicketNumbers() {}

  /** The ticket number for a serial from the database sequence. */
  public static String fromSerial(long serial) {
    String body = String.format("%07d", serial);
    return body + checkDigit(body);
  }

  /** True when {@code number} has the right length, only digits, and a matching check digit. */
  public static boolean isValid(String number) {
    if (number == null || number.length() != LENGTH || !number.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return interim(number) == 0;
  }

  static int checkDigit(String digits) {
    return interim(digits);
  }

  private static int interim(String digits) {
    int state = 0;
    for (int i = 0; i < digits.length(); i++) {
      state = DAMM[state][digits.charAt(i) - '0'];
    }
    return state;
  }
}
