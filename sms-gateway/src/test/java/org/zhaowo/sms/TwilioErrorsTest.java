package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Config;

/**
 * Which Twilio failures are worth retrying, from Twilio's real HTTP answers (the fake over a
 * socket): mapped by HTTP status and Twilio error code.
 */
class TwilioErrorsTest {
  private static final String MOBILE = "13800138000";
  private static FakeTwilio twilio;

  @BeforeAll
  static void start() throws Exception {
    twilio = new FakeTwilio(new org.zhaowo.ticketing.MutableClock(Hotline.TUESDAY_10AM));
  }

  @AfterAll
  static void stop() {
    twilio.close();
  }

  private static TwilioProvider provider(String apiUrl, String token) {
    return new TwilioProvider(Config.of(Map.of(TwilioProvider.SID, FakeTwilio.ACCOUNT, TwilioProvider.TOKEN, token,
        TwilioProvider.FROM, FakeTwilio.FROM, TwilioProvider.API_URL, apiUrl)), null);
  }

  private static SmsProvider.Refused refusal(TwilioProvider provider) {
    return assertThrows(SmsProvider.Refused.class, () -> provider.send(1, MOBILE, "测试"));
  }

  /** Twilio keeps answering so (twilio-java itself retries 429 and 5xx a few times). */
  private static SmsProvider.Refused refusalOfNext(int status, int code) {
    twilio.fail(Integer.MAX_VALUE, status, code);
    try {
      return refusal(provider(twilio.url(), FakeTwilio.TOKEN));
    } finally {
      twilio.fail(0, status, code);
    }
  }

  @Test
  void throttlingServerErrorsAndTheNetworkAreTransient() throws Exception {
    assertFalse(refusalOfNext(429, 20429).permanent());
    assertFalse(refusalOfNext(500, 20500).permanent());
    assertFalse(refusalOfNext(503, 20503).permanent());
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SmsProvider.Refused network = refusal(provider("http://127.0.0.1:" + closedPort, FakeTwilio.TOKEN));
    assertFalse(network.permanent());
    assertEquals("network", network.summary());
  }

  @Test
  void ourOwnWrongSettingsAreTransientSoNothingIsLostBeforeTheyAreFixed() {
    SmsProvider.Refused rotatedToken = refusal(provider(twilio.url(), "an-old-token"));
    assertEquals("HTTP 401 code 20003", rotatedToken.summary());
    assertFalse(rotatedToken.permanent(), "401");
    assertFalse(refusalOfNext(403, 20403).permanent(), "403");
    assertFalse(refusal(provider(twilio.url() + "/not-twilio", FakeTwilio.TOKEN)).permanent(), "404 from a wrong TWILIO_API_URL");
  }

  @Test
  void invalidOrUnsubscribedRecipientsArePermanent() {
    twilio.rejectAsInvalid("+8613800138000");
    SmsProvider.Refused invalid = refusal(provider(twilio.url(), FakeTwilio.TOKEN));
    assertTrue(invalid.permanent());
    assertEquals(21211, invalid.code());
    assertFalse(invalid.summary().contains(MOBILE), "the summary is safe to log: " + invalid.summary());
    assertTrue(invalid.getMessage().contains(MOBILE), "the full text is kept for last_error");
    twilio.rejectAsInvalid(null);

    twilio.rejectAsUnsubscribed("+8613800138000");
    SmsProvider.Refused unsubscribed = refusal(provider(twilio.url(), FakeTwilio.TOKEN));
    assertTrue(unsubscribed.permanent());
    assertEquals(SmsProvider.Refused.UNSUBSCRIBED, unsubscribed.code());
    twilio.rejectAsUnsubscribed(null);

    assertTrue(refusalOfNext(400, 21612).permanent(), "another recipient error");
  }
}
