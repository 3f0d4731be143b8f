package org.zhaowo.ticketing.http;

import io.vertx.ext.web.RoutingContext;

/**
 * The SMS provider's webhooks, which the SMS gateway implements and {@link Routes} declares: delivery
 * status callbacks and residents' replies, each behind a check that the provider signed the request.
 */
public interface SmsWebhooks {
  /** Where the provider posts delivery status callbacks (the URL it is given with each text ends so). */
  String STATUS_PATH = "/twilio/sms/status";
  /** Where the provider posts residents' replies. */
  String INBOUND_PATH = "/twilio/sms/inbound";

  /** Passes a request the provider signed for this URL on to the next handler; answers anything else 403. */
  void verify(RoutingContext ctx);

  /** A delivery status callback, recorded; a final one moves the text's delivery state forward only. */
  void status(RoutingContext ctx);

  /** A resident's reply (a survey answer, say), answered as the provider expects. */
  void inbound(RoutingContext ctx);
}
