package org.zhaowo.ticketing.http;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The XML form of a GeoReport v2 document: a root element holding one element per item, each field an
 * element of its own ({@code <services><service><service_code>…}). Written by hand, escaped here.
 */
final class Open311Xml {
  private Open311Xml() {}

  /** {@code items} as {@code <root><item>…</item>…</root>}, fields in their order; a null field is an empty element. */
  static String document(String root, String item, List<JsonObject> items) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<").append(root).append('>');
    for (JsonObject fields : items) {
      xml.append('<').append(item).append('>');
      for (Map.Entry<String, Object> field : fields) {
        element(xml, field.getKey(), field.getValue());
      }
      xml.append("</").append(item).append('>');
    }
    return xml.append("</").append(root).append(">\n").toString();
  }

  private static void element(StringBuilder xml, String name, Object value) {
    if (value == null) {
      xml.append('<').append(name).append("/>");
    } else {
      xml.append('<').append(name).append('>').append(escape(value.toString())).append("</").append(name).append('>');
    }
  }

  /**
   * Text safe inside an element: markup characters as entities, and characters XML 1.0 cannot carry at
   * all (control characters, lone surrogates) as U+FFFD, so that a resident's odd text never breaks the document.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else {
            out.append(allowed(c) ? c : '\uFFFD');
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean allowed(char c) {
    return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
  }
}
