package org.zhaowo.ticketing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-call key of a phone survey: the SMS gateway signs each call it places, the IVR's survey script
 * answers only a call whose key names its ticket, so nobody who merely reaches the FastAGI port can close
 * a ticket. A key is {@code <survey id>.<attempt>.<expiry, epoch seconds>.<HMAC-SHA256>} (URL- and
 * dialplan-safe), the HMAC over the ticket number and those three, keyed by {@code ZHAOWO_SURVEY_SECRET}.
 * Both ends get the one instance of the process through {@link TicketService#surveyKeys()}.
 */
public final class SurveyKeys {
  private static final Logger log = LoggerFactory.getLogger(SurveyKeys.class);
  /** The shared secret; every instance that places or answers survey calls needs the same one. */
  public static final String SECRET = "ZHAOWO_SURVEY_SECRET";
  private static final String ALGORITHM = "HmacSHA256";

  /** What a key says about a call. */
  public enum Check { VALID, MISSING, MALFORMED, FORGED, EXPIRED }

  private final SecretKeySpec secret;

  private SurveyKeys(byte[] secret) {
    this.secret = new SecretKeySpec(secret, ALGORITHM);
  }

  /** Keys from the configured secret, or from a random one made now (logged: it does not survive a restart). */
  public static SurveyKeys fromConfig(Config config) {
    String configured = config.get(SECRET);
    if (configured != null) {
      return new SurveyKeys(configured.getBytes(StandardCharsets.UTF_8));
    }
    log.warn("{} is not set: survey calls are signed with a random key made at start-up; calls placed before "
        + "a restart, or by another instance, will not verify", SECRET);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return new SurveyKeys(random);
  }

  /** The key of one attempt of a ticket's survey, accepted until {@code expires}. */
  public String sign(String ticketNumber, long surveyId, int attempt, Instant expires) {
    String claim = surveyId + "." + attempt + "." + expires.getEpochSecond();
    return claim + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(ticketNumber, claim));
  }

  /** Whether {@code key} was signed here for {@code ticketNumber} and is still good at {@code now}. */
  public Check check(String ticketNumber, String key, Instant now) {
    if (key == null || key.isEmpty()) {
      return Check.MISSING;
    }
    int lastDot = key.lastIndexOf('.');
    String claim = lastDot < 0 ? "" : key.substring(0, lastDot);
    String[] parts = claim.split("\\.");
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(key.substring(lastDot + 1));
    } catch (IllegalArgumentException e) {
      return Check.MALFORMED;
    }
    if (parts.length != 3 || ticketNumber == null || !parts[2].matches("\\d{1,12}")) {
      return Check.MALFORMED;
    }
    if (!MessageDigest.isEqual(mac(ticketNumber, claim), given)) { // constant time
      return Check.FORGED;
    }
    return now.isAfter(Instant.ofEpochSecond(Long.parseLong(parts[2]))) ? Check.EXPIRED : Check.VALID;
  }

  private byte[] mac(String ticketNumber, String claim) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      return mac.doFinal((ticketNumber + "|" + claim).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
