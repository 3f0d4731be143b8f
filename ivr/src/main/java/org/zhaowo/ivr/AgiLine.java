package org.zhaowo.ivr;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One line off the FastAGI socket, as text, within the line limit: a reply strict UTF-8 without control characters;
 * a header line leniently, its bad bytes and control characters replaced by U+FFFD, so that a caller whose phone
 * sends a display name in another encoding is still answered (header names and the values the IVR uses are
 * checked by {@link AgiHeaderBlock}).
 */
final class AgiLine {
  private AgiLine() {}

  /** The line without its {@code \r\n} or {@code \n}; {@link AgiMalformed} when Asterisk would never send it. */
  static String decode(byte[] bytes, int maxLine) {
    return decode(bytes, maxLine, false);
  }

  /** As {@link #decode(byte[], int)}; {@code lenient} for a header line. */
  static String decode(byte[] bytes, int maxLine, boolean lenient) {
    if (bytes.length > maxLine) {
      throw new AgiMalformed("line longer than " + maxLine + " bytes");
    }
    String line;
    try {
      CodingErrorAction action = lenient ? CodingErrorAction.REPLACE : CodingErrorAction.REPORT;
      line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(action)
          .onUnmappableCharacter(action).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new AgiMalformed("a line that is not UTF-8");
    }
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    StringBuilder cleaned = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        if (!lenient) {
          throw new AgiMalformed("control character 0x" + Integer.toHexString(c) + " in a line");
        }
        if (cleaned == null) {
          cleaned = new StringBuilder(line);
        }
        cleaned.setCharAt(i, '\uFFFD');
      }
    }
    return cleaned == null ? line : cleaned.toString();
  }

  /** A short, printable piece of the peer's text for a log line. */
  static String quote(String text) {
    return text.length() <= 24 ? "'" + text + "'" : "'" + text.substring(0, 24) + "…' (" + text.length() + " chars)";
  }
}
