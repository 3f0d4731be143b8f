package org.zhaowo.ivr;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Asterisk tells about a call in the {@code agi_*} header block.
 *
 * @param headers every header as sent, e.g. {@code agi_callerid}
 * @param script the script name from {@code agi_network_script}, without its query string
 * @param params the query parameters of the script, e.g. {@code ticket} for {@code survey?ticket=N}
 */
record AgiRequest(Map<String, String> headers, String script, Map<String, String> params) {

  static AgiRequest of(Map<String, String> headers) {
    String raw = headers.getOrDefault("agi_network_script", "");
    while (raw.startsWith("/")) {
      raw = raw.substring(1);
    }
    int q = raw.indexOf('?');
    String script = q < 0 ? raw : raw.substring(0, q);
    Map<String, String> params = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : raw.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
    }
    return new AgiRequest(Map.copyOf(headers), script, Map.copyOf(params));
  }

  /** The caller ID as presented; empty when Asterisk says "unknown". */
  String callerId() {
    String id = headers.getOrDefault("agi_callerid", "");
    return id.equalsIgnoreCase("unknown") ? "" : id;
  }

  String uniqueId() {
    return headers.getOrDefault("agi_uniqueid", "");
  }

  String channel() {
    return headers.getOrDefault("agi_channel", "");
  }

  String param(String name) {
    return params.get(name);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
