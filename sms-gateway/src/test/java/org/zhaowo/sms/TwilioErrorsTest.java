package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import org.junit.jupiter.api.Test;

/** Which Twilio failures are worth retrying: mapped by HTTP status and Twilio error code. */
class TwilioErrorsTest {
  private static ApiException api(int status, Integer code) {
    ApiException e = mock(ApiException.class);
    when(e.getStatusCode()).thenReturn(status);
    when(e.getCode()).thenReturn(code);
    when(e.getMessage()).thenReturn("refused");
    return e;
  }

  @Test
  void throttlingServerErrorsAndTheNetworkAreTransient() {
    assertFalse(TwilioProvider.refused(api(429, 20429)).permanent());
    assertFalse(TwilioProvider.refused(api(500, null)).permanent());
    assertFalse(TwilioProvider.refused(api(503, null)).permanent());
    assertFalse(TwilioProvider.refused(new ApiConnectionException("connection refused")).permanent());
  }

  @Test
  void invalidOrUnsubscribedRecipientsArePermanent() {
    assertTrue(TwilioProvider.refused(api(400, 21211)).permanent());
    assertTrue(TwilioProvider.refused(api(400, 21610)).permanent());
    assertTrue(TwilioProvider.refused(api(401, 20003)).permanent());
  }
}
