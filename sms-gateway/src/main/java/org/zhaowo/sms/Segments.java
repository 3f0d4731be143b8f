package org.zhaowo.sms;

/**
 * How many SMS segments a text costs. Text outside the GSM-7 alphabet (any Chinese) goes as UCS-2:
 * 70 UTF-16 units in one message, 67 per segment when split; GSM-7 allows 160, or 153 when split.
 */
record Segments(String encoding, int units, int count) {
  private static final String GSM7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String GSM7_EXTENDED = "^{}\\[~]|€";

  static Segments of(String text) {
    int gsmUnits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (GSM7.indexOf(c) >= 0) {
        gsmUnits++;
      } else if (GSM7_EXTENDED.indexOf(c) >= 0) {
        gsmUnits += 2; // escape plus the character
      } else {
        return split("UCS-2", text.length(), 70, 67);
      }
    }
    return split("GSM-7", gsmUnits, 160, 153);
  }

  private static Segments split(String encoding, int units, int single, int perPart) {
    int count = units <= single ? 1 : (units + perPart - 1) / perPart;
    return new Segments(encoding, units, count);
  }
}
