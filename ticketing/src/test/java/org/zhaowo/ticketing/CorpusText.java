package org.zhaowo.ticketing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * How the fuzz corpora (ivr's agi-corpus, ticketing's api-corpus, sms-gateway's webhook-corpus) write raw bytes in a
 * text file: {@code \xHH} is a byte, {@code \\} a backslash, everything else UTF-8.
 */
public final class CorpusText {
  private CorpusText() {}

  public static byte[] unescape(String line) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < line.length(); i++) {
      if (line.startsWith("\\x", i)) {
        out.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
        i += 3;
      } else if (line.startsWith("\\\\", i)) {
        out.write('\\');
        i++;
      } else {
        int next = line.offsetByCodePoints(i, 1);
        out.writeBytes(line.substring(i, next).getBytes(StandardCharsets.UTF_8));
        i = next - 1;
      }
    }
    return out.toByteArray();
  }

  /** The other way: printable ASCII as it is, every other byte as {@code \xHH}, so a failing input can be pasted in. */
  public static String escape(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      s.append(c == '\\' ? "\\\\" : c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return s.toString();
  }
}
