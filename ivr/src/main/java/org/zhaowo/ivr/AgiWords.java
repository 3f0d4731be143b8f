package org.zhaowo.ivr;

import java.util.ArrayList;
import java.util.List;

/** Splits an AGI command line into words, honouring the quotes and escapes asterisk-java writes. */
final class AgiWords {
  private AgiWords() {}

  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && quoted && i + 1 < line.length()) {
        word.append(line.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (word.length() > 0 || any) {
          out.add(word.toString());
        }
        word.setLength(0);
        any = false;
      } else {
        word.append(c);
      }
    }
    if (word.length() > 0 || any) {
      out.add(word.toString());
    }
    return out;
  }
}
