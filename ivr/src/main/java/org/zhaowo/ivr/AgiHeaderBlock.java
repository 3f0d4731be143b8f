package org.zhaowo.ivr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code agi_*} header block as it arrives, one line at a time. What a real Asterisk never sends is
 * {@link AgiMalformed}: a line that is no {@code agi_name: value}, a name sent twice, more lines than the
 * limit, a block without the script or the call's unique id, and values the IVR uses (the unique id, the
 * language, which names a sounds folder) that no channel has.
 */
final class AgiHeaderBlock {
  private static final Pattern NAME = Pattern.compile("agi_[A-Za-z0-9_]{1,64}");
  /** Asterisk's uniqueid: {@code [systemname-]epoch.sequence}, at most AST_MAX_UNIQUEID (150) characters. */
  private static final Pattern UNIQUE_ID = Pattern.compile("[A-Za-z0-9._-]{1,150}");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_-]{0,32}");
  private static final List<String> REQUIRED = List.of("agi_network_script", "agi_uniqueid");

  private final int maxHeaders;
  private final Map<String, String> headers = new LinkedHashMap<>();

  AgiHeaderBlock(int maxHeaders) {
    this.maxHeaders = maxHeaders;
  }

  /** Takes one header line; the empty line ends the block and gives the request, any other gives null. */
  AgiRequest add(String line) {
    if (line.isEmpty()) {
      return request();
    }
    int colon = line.indexOf(": ");
    String name = colon < 0 ? (line.endsWith(":") ? line.substring(0, line.length() - 1) : "") : line.substring(0, colon);
    if (!NAME.matcher(name).matches()) {
      throw new AgiMalformed("not an agi_ header line");
    }
    if (headers.size() >= maxHeaders) {
      throw new AgiMalformed("more than " + maxHeaders + " header lines");
    }
    if (headers.putIfAbsent(name, colon < 0 ? "" : line.substring(colon + 2)) != null) {
      throw new AgiMalformed("header " + name + " sent twice");
    }
    return null;
  }

  /** The call's id for log lines, once the block has given one that can be logged. */
  String uniqueId() {
    String id = headers.getOrDefault("agi_uniqueid", "");
    return UNIQUE_ID.matcher(id).matches() ? id : "(unknown)";
  }

  private AgiRequest request() {
    for (String name : REQUIRED) {
      if (!headers.containsKey(name)) {
        throw new AgiMalformed("header block without " + name);
      }
    }
    if (!UNIQUE_ID.matcher(headers.get("agi_uniqueid")).matches()) {
      throw new AgiMalformed("agi_uniqueid " + AgiLine.quote(headers.get("agi_uniqueid")) + " is no channel's");
    }
    String language = headers.get("agi_language");
    if (language != null && !LANGUAGE.matcher(language).matches()) {
      throw new AgiMalformed("agi_language " + AgiLine.quote(language) + " is no language");
    }
    return AgiRequest.of(headers);
  }
}
