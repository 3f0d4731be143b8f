package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TicketNumbersTest {

  @Test
  void aNumberIsSevenDigitsOfSerialAndACheckDigit() {
    String number = TicketNumbers.fromSerial(1000001);
    assertEquals(8, number.length());
    assertTrue(number.startsWith("1000001"));
    assertTrue(TicketNumbers.isValid(number));
  }

  @Test
  void everySingleMistypedDigitIsCaught() {
    for (long serial = 1000001; serial < 1000200; serial++) {
      String number = TicketNumbers.fromSerial(serial);
      for (int pos = 0; pos < number.length(); pos++) {
        for (char d = '0'; d <= '9'; d++) {
          if (d != number.charAt(pos)) {
            String typo = number.substring(0, pos) + d + number.substring(pos + 1);
            assertFalse(TicketNumbers.isValid(typo), typo + " should be refused");
          }
        }
      }
    }
  }

  @Test
  void everySwapOfNeighbouringDigitsIsCaught() {
    for (long serial = 1000001; serial < 1001000; serial++) {
      String number = TicketNumbers.fromSerial(serial);
      for (int pos = 0; pos + 1 < number.length(); pos++) {
        if (number.charAt(pos) != number.charAt(pos + 1)) {
          String swapped = number.substring(0, pos) + number.charAt(pos + 1) + number.charAt(pos) + number.substring(pos + 2);
          assertFalse(TicketNumbers.isValid(swapped), swapped + " should be refused");
        }
      }
    }
  }

  @Test
  void wrongLengthsAndLettersAreRefused() {
    assertFalse(TicketNumbers.isValid(null));
    assertFalse(TicketNumbers.isValid("1234567"));
    assertFalse(TicketNumbers.isValid("123456789"));
    assertFalse(TicketNumbers.isValid("1000001a"));
  }
}
