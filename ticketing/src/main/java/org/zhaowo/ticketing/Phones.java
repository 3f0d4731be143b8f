package org.zhaowo.ticketing;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mainland China phone numbers as residents type and callers present them: mobiles
 * (11 digits starting with 1) and landlines (area code starting with 0 plus 7–8 digits).
 */
public final class Phones {
  private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
  private static final Pattern LANDLINE = Pattern.compile("0\\d{2,3}\\d{7,8}");

  private Phones() {}

  /**
   * The national form of a number ("13800138000", "04125551234"), accepting +86/0086 prefixes,
   * spaces and dashes; empty when it is not a mainland mobile or landline number.
   */
  public static Optional<String> normalize(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String digits = raw.replaceAll("[\\s\\-()]", "");
    if (digits.startsWith("+86")) {
      digits = digits.substring(3);
    } else if (digits.startsWith("0086")) {
      digits = digits.substring(4);
    }
    if (digits.length() == 10 && !digits.startsWith("0") && !digits.startsWith("1")) {
      digits = "0" + digits; // landline given in E.164 drops the trunk 0
    }
    if (MOBILE.matcher(digits).matches() || LANDLINE.matcher(digits).matches()) {
      return Optional.of(digits);
    }
    return Optional.empty();
  }

  public static boolean isMobile(String national) {
    return national != null && MOBILE.matcher(national).matches();
  }

  /** E.164 form for carriers and Twilio: +8613800138000, +864125551234. */
  public static String e164(String national) {
    return "+86" + (national.startsWith("0") ? national.substring(1) : national);
  }

  /** A form safe for logs: only the first 3 and last 4 digits remain. */
  public static String mask(String phone) {
    if (phone == null || phone.length() < 8) {
      return "****";
    }
    return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
  }
}
