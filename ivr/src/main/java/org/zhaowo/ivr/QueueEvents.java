package org.zhaowo.ivr;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Map;
import org.asteriskjava.manager.AsteriskMapping;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.internal.ManagerConnectionImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.QueueConnect;

/**
 * Hears the agents' queue on the Asterisk Manager Interface and tells the agent console: each
 * {@code AgentConnect} (a queue member answered a caller) becomes a {@link QueueConnect} published on the
 * event bus, and the call's hand-off is marked answered; a {@code QueueCallerAbandon} marks it abandoned.
 * Asterisk 12+ raises both always (class {@code agent}, no queues.conf switch); the caller's
 * {@code ZHAOWO_CALLER}/{@code ZHAOWO_TICKET} arrive as {@code ChanVariable} lines when manager.conf lists
 * them in {@code channelvars}.
 *
 * <p>This is a second AMI login besides the SMS gateway's dialer, with the same settings
 * ({@code ZHAOWO_AMI_HOST}, {@code _PORT}, {@code _USER}, {@code _SECRET}): each module keeps its own
 * connection and neither depends on the other running. Once logged in, asterisk-java reconnects by itself;
 * until the first login works (Asterisk not up yet) it is tried again every {@code ZHAOWO_AMI_RETRY_MS}.
 * The verticle runs on a virtual thread because asterisk-java's login and logoff block on a socket;
 * its events come on asterisk-java's own thread and are handled on this verticle's context.
 */
final class QueueEvents extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(QueueEvents.class);
  static final String RETRY_MS = "ZHAOWO_AMI_RETRY_MS";
  /** How long a login may wait for Asterisk's socket: an unreachable host must not hold up a stop for minutes. */
  private static final int CONNECT_TIMEOUT_MS = 5_000;

  /** The link to Asterisk as last logged: each change is logged once. */
  private enum Link { NEW, UP, DOWN, LOST }

  private final ManagerConnection connection;
  private final CallRecords records;
  private final long retryMs;
  private Link link = Link.NEW;
  private long timer = -1;
  private boolean stopped;

  private QueueEvents(ManagerConnection connection, CallRecords records, long retryMs) {
    this.connection = connection;
    this.records = records;
    this.retryMs = retryMs;
  }

  /** The listener for the configured Asterisk, or null (logged once) when there are no AMI settings. */
  static QueueEvents fromConfig(Config config, CallRecords records) {
    if (config.get("ZHAOWO_AMI_HOST") == null || config.get("ZHAOWO_AMI_USER") == null) {
      log.info("No AMI settings (ZHAOWO_AMI_HOST, ZHAOWO_AMI_USER): the agent console gets no queue events");
      return null;
    }
    ManagerConnection connection = new ManagerConnectionFactory(config.get("ZHAOWO_AMI_HOST"),
        config.getInt("ZHAOWO_AMI_PORT", 5038), config.get("ZHAOWO_AMI_USER"), config.get("ZHAOWO_AMI_SECRET", ""))
        .createManagerConnection();
    if (connection instanceof ManagerConnectionImpl impl) {
      impl.setSocketTimeout(CONNECT_TIMEOUT_MS); // the factory offers no connect timeout; 0 waits for the OS (~2 min)
    }
    return new QueueEvents(connection, records, Math.max(10, config.getInt(RETRY_MS, 10_000)));
  }

  /**
   * asterisk-java's AgentConnect, plus the agent channel's variables: Asterisk 22 also writes
   * {@code DestChanVariable} lines (the queue member's channel inherits {@code __ZHAOWO_CALLER}), which the
   * library's own class has no setter for and would log a warning about on every call.
   */
  @AsteriskMapping("AgentConnect")
  public static final class AgentConnect extends AgentConnectEvent {
    private Map<String, String> destVariables = Map.of();

    public AgentConnect(Object source) {
      super(source);
    }

    public void setDestChanVariables(Map<String, String> variables) {
      destVariables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    public Map<String, String> getDestChanVariables() {
      return destVariables;
    }
  }

  @Override
  public Future<?> start() {
    connection.registerUserEventClass(AgentConnect.class); // replaces the library's class for "AgentConnect"
    connection.addEventListener(event -> context.runOnContext(v -> heard(event)));
    vertx.runOnContext(v -> loginWhenDisconnected()); // the IVR takes calls whether Asterisk's AMI is up or not
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    logoff();
    return Future.succeededFuture();
  }

  private void logoff() {
    ManagerConnectionState state = connection.getState();
    if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING) {
      try {
        connection.logoff(); // also ends asterisk-java's reconnecting
      } catch (IllegalStateException alreadyGone) {
        // it disconnected meanwhile: nothing to log off
      }
    }
  }

  /** Logs in unless connected or asterisk-java is reconnecting, then checks again after the retry interval. */
  private void loginWhenDisconnected() {
    ManagerConnectionState state = connection.getState();
    if (!stopped && (state == ManagerConnectionState.INITIAL || state == ManagerConnectionState.DISCONNECTED)) {
      try {
        connection.login();
        linked(Link.UP, null);
      } catch (Exception e) {
        linked(Link.DOWN, e);
      }
    }
    if (stopped) {
      logoff(); // stopped while logging in
    } else {
      timer = vertx.setTimer(retryMs, t -> loginWhenDisconnected());
    }
  }

  private void heard(ManagerEvent event) {
    switch (event) {
      case AgentConnectEvent connect -> connected(connect);
      case QueueCallerAbandonEvent abandon -> handoff(abandon.getUniqueId(), "abandoned");
      case DisconnectEvent lost when link == Link.UP -> linked(Link.LOST, null);
      case ConnectEvent again when link == Link.LOST -> linked(Link.UP, null);
      default -> { }
    }
  }

  private void connected(AgentConnectEvent event) {
    QueueConnect connect = queueConnect(event);
    if (connect.agentInterface() == null || connect.uniqueId() == null) {
      log.warn("AgentConnect without an interface or unique id ignored: {}", event);
      return;
    }
    vertx.eventBus().publish(QueueConnect.ADDRESS, connect.toJson());
    log.info("Queue {} connected call {} from {} to {}", connect.queue(), connect.uniqueId(),
        Phones.mask(connect.caller()), connect.agentInterface());
    handoff(connect.uniqueId(), "answered");
  }

  /** What the console hears of an AgentConnect: the member's interface, the caller's channel and variables. */
  static QueueConnect queueConnect(AgentConnectEvent event) {
    Map<String, String> variables = event.getChannelVariables();
    String caller = CallRecords.presentedNumber(variables.get("ZHAOWO_CALLER"));
    String ticket = variables.get("ZHAOWO_TICKET");
    return new QueueConnect(memberInterface(event.getInterface(), event.getDestChannel()), event.getUniqueId(),
        caller != null ? caller : CallRecords.presentedNumber(event.getCallerIdNum()),
        ticket == null || ticket.isBlank() ? null : ticket.trim(), event.getQueue());
  }

  /** {@code PJSIP/agent01}: the member's Interface, else its channel without the per-call suffix ({@code -0000002a}). */
  static String memberInterface(String memberInterface, String destChannel) {
    if (memberInterface != null && !memberInterface.isBlank()) {
      return memberInterface.trim();
    }
    return destChannel == null || destChannel.isBlank() ? null
        : destChannel.trim().replaceFirst("-[0-9a-fA-F]+(;\\d+)?$", "");
  }

  private void handoff(String uniqueId, String state) {
    if (uniqueId == null) {
      return;
    }
    records.handoffState(uniqueId, state).onComplete(marked -> {
      if (marked.failed()) {
        log.warn("Could not mark the hand-off of call {} {}: {}", uniqueId, state, marked.cause().toString());
      } else if (!marked.result()) {
        log.debug("No waiting hand-off for call {} to mark {}", uniqueId, state);
      }
    });
  }

  private void linked(Link now, Exception failure) {
    if (now == link) {
      return;
    }
    String where = connection.getHostname() + ":" + connection.getPort();
    switch (now) {
      case UP -> log.info("AMI {} the queue's events from {}: agents' screens pop up",
          link == Link.LOST ? "hears again" : "hears", where);
      case DOWN -> log.warn("AMI login to {} failed ({}); trying again every {} ms", where, failure, retryMs);
      case LOST -> log.warn("AMI connection to {} lost; asterisk-java reconnects", where);
      case NEW -> { }
    }
    link = now;
  }
}
