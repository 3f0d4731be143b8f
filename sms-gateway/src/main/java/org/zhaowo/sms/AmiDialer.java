package org.zhaowo.sms;

import java.io.IOException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.Phones;

/**
 * Places phone surveys through the Asterisk Manager Interface: an async {@code Originate} that,
 * once the resident answers, runs the IVR's {@code survey} FastAGI script. All calls block (asterisk-java
 * uses a blocking socket); callers run them on a worker thread.
 */
final class AmiDialer {
  private static final Logger log = LoggerFactory.getLogger(AmiDialer.class);
  static final String HOST = "ZHAOWO_AMI_HOST";
  static final String CHANNEL = "ZHAOWO_SURVEY_CHANNEL";   // {phone} is the national number
  private static final long RESPONSE_TIMEOUT_MS = 10_000;

  private final ManagerConnection connection;
  private final String channel;
  private final String agiBase;
  private final String callerId;

  private AmiDialer(ManagerConnection connection, Config config) {
    this.connection = connection;
    this.channel = config.get(CHANNEL, "PJSIP/{phone}@trunk");
    // the FastAGI address as Asterisk reaches it; differs from the bind address when that is 0.0.0.0
    this.agiBase = config.get("ZHAOWO_SURVEY_AGI_URL",
        "agi://" + config.get("ZHAOWO_AGI_HOST", "127.0.0.1") + ":" + config.getInt("ZHAOWO_AGI_PORT", 4573));
    this.callerId = config.get("ZHAOWO_SURVEY_CALLER_ID", "96715");
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

  /** Asks Asterisk to call the resident into the survey script; false when Asterisk refused. */
  boolean originate(String phone, String ticketNumber) throws IOException, org.asteriskjava.manager.TimeoutException {
    OriginateAction originate = new OriginateAction();
    originate.setChannel(channel.replace("{phone}", phone));
    originate.setApplication("AGI");
    originate.setData(agiBase + "/survey?ticket=" + ticketNumber);
    originate.setCallerId(callerId);
    originate.setTimeout(30_000L);
    originate.setAsync(true);
    originate.setVariable("ZHAOWO_TICKET", ticketNumber);
    ManagerResponse response = connection.sendAction(originate, RESPONSE_TIMEOUT_MS);
    if (response instanceof ManagerError) {
      log.warn("AMI refused the survey call to {} for {}: {}", Phones.mask(phone), ticketNumber, response.getMessage());
      return false;
    }
    log.info("Survey call to {} for ticket {} queued", Phones.mask(phone), ticketNumber);
    return true;
  }

  void close() {
    if (connection.getState() == ManagerConnectionState.CONNECTED) {
      connection.logoff();
    }
  }
}
