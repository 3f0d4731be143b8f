package org.zhaowo.sms;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.Phones;

/** Texts through Twilio's Messages API (twilio-java); numbers leave in E.164. */
final class TwilioProvider implements SmsProvider {
  static final String SID = "TWILIO_ACCOUNT_SID";
  static final String TOKEN = "TWILIO_AUTH_TOKEN";
  static final String FROM = "TWILIO_FROM_NUMBER";
  static final String API_URL = "TWILIO_API_URL";
  /** Twilio error codes that no retry can fix: invalid, unreachable, opted-out or non-mobile recipients. */
  private static final Set<Integer> PERMANENT_CODES = Set.of(21211, 21408, 21610, 21612, 21614, 21617, 30004, 30006);

  /** Our credentials or address are wrong, not the message: retried until an operator fixes them. */
  private static final Set<Integer> CONFIGURATION_STATUSES = Set.of(401, 403, 404);
  private static final Logger log = LoggerFactory.getLogger(TwilioProvider.class);

  private final TwilioRestClient client;
  private final PhoneNumber from;
  private final String statusCallback;

  TwilioProvider(Config config, String statusCallback) {
    TwilioRestClient.Builder builder = new TwilioRestClient.Builder(config.get(SID), config.get(TOKEN));
    String apiUrl = config.get(API_URL);
    if (apiUrl != null) {
      builder.httpClient(new BaseUrlHttpClient(apiUrl));
    }
    this.client = builder.build();
    this.from = new PhoneNumber(config.get(FROM));
    this.statusCallback = statusCallback;
  }

  static boolean configured(Config config) {
    return config.get(SID) != null && config.get(TOKEN) != null && config.get(FROM) != null;
  }

  @Override
  public Accepted send(long outboxId, String toPhone, String body) throws Refused {
    var creator = Message.creator(new PhoneNumber(Phones.e164(toPhone)), from, body);
    if (statusCallback != null) {
      creator.setStatusCallback(statusCallback);
    }
    try {
      Message message = creator.create(client);
      return new Accepted(message.getSid(), message.getStatus() == null ? "queued" : message.getStatus().toString());
    } catch (TwilioException e) {
      throw refused(e);
    }
  }

  @Override
  public Optional<Accepted> find(String toPhone, String body, Instant since) throws Refused {
    try {
      // newest first; a message Twilio has only queued has no date_sent yet, so filter on creation
      var recent = Message.reader().setTo(new PhoneNumber(Phones.e164(toPhone))).setFrom(from).setPageSize(50L)
          .firstPage(client);
      for (Message message : recent.getRecords()) {
        boolean recentEnough = message.getDateCreated() == null || !message.getDateCreated().toInstant().isBefore(since);
        if (recentEnough && body.equals(message.getBody())) {
          return Optional.of(new Accepted(message.getSid(), String.valueOf(message.getStatus())));
        }
      }
      return Optional.empty();
    } catch (TwilioException e) {
      throw refused(e);
    }
  }

  /**
   * Permanent: a 4xx naming the recipient (invalid, unsubscribed, unreachable: the codes above) or
   * any other 400-class request error. Transient: no answer, 429, 5xx, and 401/403/404, which mean
   * our own settings are wrong (rotated token, wrong TWILIO_API_URL): every message would fail, so
   * they wait for the operator's fix instead of failing for good.
   */
  static Refused refused(TwilioException e) {
    if (e instanceof ApiException api && api.getStatusCode() != null) {
      int status = api.getStatusCode();
      Integer code = api.getCode();
      String summary = "HTTP " + status + (code == null ? "" : " code " + code);
      if (CONFIGURATION_STATUSES.contains(status)) {
        log.error("Twilio answered {}: a configuration problem ({}, {}, {}?); texts wait and are retried",
            summary, SID, TOKEN, API_URL);
        return new Refused(summary, api.getMessage(), code, false);
      }
      boolean permanent = code != null && PERMANENT_CODES.contains(code) || status >= 400 && status < 500 && status != 429;
      return new Refused(summary, api.getMessage(), code, permanent);
    }
    // no HTTP status: Twilio was not reached (twilio-java reports a refused connection as a bare ApiException)
    String kind = e instanceof ApiConnectionException || e instanceof ApiException ? "network" : e.getClass().getSimpleName();
    return new Refused(kind, e.getMessage(), null, false);
  }
}
