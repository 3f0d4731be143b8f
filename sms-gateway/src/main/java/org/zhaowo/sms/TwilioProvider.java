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

  /** Transient: no answer, 429 or 5xx. Permanent: any other 4xx, and the recipient errors above. */
  static Refused refused(TwilioException e) {
    if (e instanceof ApiException api && api.getStatusCode() != null) {
      int status = api.getStatusCode();
      boolean permanent = status != 429 && status < 500 || api.getCode() != null && PERMANENT_CODES.contains(api.getCode());
      return new Refused("HTTP " + status + (api.getCode() == null ? "" : " code " + api.getCode()) + ": "
          + api.getMessage(), permanent);
    }
    String kind = e instanceof ApiConnectionException ? "network" : e.getClass().getSimpleName();
    return new Refused(kind + ": " + e.getMessage(), false);
  }
}
