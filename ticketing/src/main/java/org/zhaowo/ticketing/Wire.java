package org.zhaowo.ticketing;

import java.util.Locale;

/** Enum values as the lower-case words the database and the API use. */
final class Wire {
  private Wire() {}

  static String word(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E parse(E[] values, String wire, String what) {
    for (E value : values) {
      if (word(value).equals(wire)) {
        return value;
      }
    }
    throw TicketingException.invalid("unknown " + what + " '" + wire + "'");
  }
}
