package org.zhaowo.sms;

import java.io.IOException;
import java.time.Instant;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.Phones;

/**
 * Places phone surveys through the Asterisk Manager Interface: an async {@code Originate} into the
 * dialplan context {@code zhaowo-survey} (extension {@code s}), which runs the IVR's {@code survey}
 * FastAGI script with the ticket and the call's key from the channel variables and then, like the
 * hotline, hands the resident to the agents' queue when the IVR leaves {@code ZHAOWO_NEXT=agent}.
 * Asterisk later tells how the call went in an {@code OriginateResponse} event, matched to the call by
 * its ActionID. All AMI calls block (asterisk-java uses a blocking socket); callers run them on a worker
 * thread; the outcome listener runs on asterisk-java's event thread.
 */
final class AmiDialer {
  private static final Logger log = LoggerFactory.getLogger(AmiDialer.class);
  static final String HOST = "ZHAOWO_AMI_HOST";
  static final String CHANNEL = "ZHAOWO_SURVEY_CHANNEL";   // {phone} is the national number
  static final String CONTEXT = "ZHAOWO_SURVEY_CONTEXT";
  static final String TICKET_VARIABLE = "ZHAOWO_SURVEY_TICKET";
  static final String KEY_VARIABLE = "ZHAOWO_SURVEY_KEY";
  private static final String ACTION_PREFIX = "zhaowo-survey-";
  private static final long RESPONSE_TIMEOUT_MS = 10_000;

  /** One survey call: which attempt of which survey, placed when (all in its ActionID, so the outcome needs no memory). */
  record SurveyCall(long surveyId, int attempt, String number, String phone, String key, Instant placedAt) {
    String actionId() {
      return ACTION_PREFIX + surveyId + "-" + attempt + "-" + placedAt.getEpochSecond();
    }
  }

  /** Hears how each call this dialer placed ended. */
  interface OutcomeListener {
    void ended(long surveyId, int attempt, Instant placedAt, SurveyCallOutcome outcome);
  }

  private final ManagerConnection connection;
  private final String channel;
  private final String context;
  private final String callerId;
  private final String agiUrl;

  private AmiDialer(ManagerConnection connection, Config config) {
    this.connection = connection;
    this.channel = config.get(CHANNEL, "PJSIP/{phone}@trunk");
    this.context = config.get(CONTEXT, "zhaowo-survey");
    this.callerId = config.get("ZHAOWO_SURVEY_CALLER_ID", "96715");
    // optional: overrides the dialplan's global ZHAOWO_AGI for this call (and its hand-off's AGI steps)
    this.agiUrl = config.get("ZHAOWO_SURVEY_AGI_URL");
  }

  /** A dialer for the configured Asterisk, or null when there are no AMI settings. */
  static AmiDialer fromConfig(Config config) {
    if (config.get(HOST) == null || config.get("ZHAOWO_AMI_USER") == null) {
      return null;
    }
    ManagerConnection connection = new ManagerConnectionFactory(config.get(HOST), config.getInt("ZHAOWO_AMI_PORT", 5038),
        config.get("ZHAOWO_AMI_USER"), config.get("ZHAOWO_AMI_SECRET", "")).createManagerConnection();
    return new AmiDialer(connection, config);
  }

  /** Passes every OriginateResponse of a survey call to {@code listener}; others' events are ignored. */
  void onOutcome(OutcomeListener listener) {
    connection.addEventListener(event -> {
      if (event instanceof OriginateResponseEvent response) {
        outcome(response, listener);
      }
    });
  }

  private static void outcome(OriginateResponseEvent event, OutcomeListener listener) {
    String id = event.getActionId() == null ? "" : event.getActionId();
    id = id.substring(id.indexOf('#') + 1); // asterisk-java may keep its own prefix "<internal>#"
    String[] parts = id.startsWith(ACTION_PREFIX) ? id.substring(ACTION_PREFIX.length()).split("-") : new String[0];
    if (parts.length != 3 || !parts[0].matches("\\d{1,18}") || !parts[1].matches("\\d{1,9}")
        || !parts[2].matches("\\d{1,12}")) {
      return; // not one of ours
    }
    SurveyCallOutcome outcome = SurveyCallOutcome.of(event.getResponse(), event.getReason());
    log.info("Survey call {}: {} (reason {})", id, outcome.wire(), event.getReason());
    listener.ended(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Instant.ofEpochSecond(Long.parseLong(parts[2])),
        outcome);
  }

  /** Logs in when not connected (first use, or after asterisk-java gave up reconnecting); true when usable. */
  synchronized boolean connect() {
    ManagerConnectionState state = connection.getState();
    if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING) {
      return state == ManagerConnectionState.CONNECTED;
    }
    try {
      connection.login();
      log.info("AMI connected to {}:{}", connection.getHostname(), connection.getPort());
      return true;
    } catch (Exception e) {
      log.warn("AMI login to {}:{} failed: {}", connection.getHostname(), connection.getPort(), e.toString());
      return false;
    }
  }

  /** Asks Asterisk to call the resident into the survey context; false when Asterisk refused. */
  boolean originate(SurveyCall call) throws IOException, org.asteriskjava.manager.TimeoutException {
    OriginateAction originate = new OriginateAction();
    originate.setChannel(channel.replace("{phone}", call.phone()));
    originate.setContext(context);
    originate.setExten("s");
    originate.setPriority(1);
    originate.setCallerId(callerId);
    originate.setTimeout(30_000L);
    originate.setAsync(true);
    originate.setActionId(call.actionId());
    originate.setVariable(TICKET_VARIABLE, call.number());
    originate.setVariable(KEY_VARIABLE, call.key());
    if (agiUrl != null) {
      originate.setVariable("ZHAOWO_AGI", agiUrl);
    }
    ManagerResponse response = connection.sendAction(originate, RESPONSE_TIMEOUT_MS);
    if (response instanceof ManagerError) {
      log.warn("AMI refused the survey call to {} for {}: {}", Phones.mask(call.phone()), call.number(),
          response.getMessage());
      return false;
    }
    log.info("Survey call to {} for ticket {} queued ({})", Phones.mask(call.phone()), call.number(), call.actionId());
    return true;
  }

  void close() {
    if (connection.getState() == ManagerConnectionState.CONNECTED) {
      connection.logoff();
    }
  }
}
