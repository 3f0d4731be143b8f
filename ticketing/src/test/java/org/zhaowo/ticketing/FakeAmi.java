package org.zhaowo.ticketing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small Asterisk Manager Interface on a real socket: the banner, MD5 challenge login, and
 * {@code Originate} actions, which it records. Like Asterisk it refuses an Originate that names neither
 * an application nor a context and extension; an async one is answered {@code Response: Success} and
 * then followed by an {@code OriginateResponse} event with the chosen {@code Reason} (4 answered, 5 busy,
 * 3 no answer, 8 congestion, 0 failed), echoing the action's ActionID. A test can also send any event to
 * every logged-in client ({@link #emit}), e.g. the queue's {@link #agentConnect} as Asterisk 22 writes it.
 * Shared through ticketing's test-jar (the SMS gateway's dialer and the IVR's queue listener both use it).
 */
public final class FakeAmi implements AutoCloseable {
  public static final String USER = "zhaowo";
  public static final String SECRET = "ami-secret";
  private static final String CHALLENGE = "840327219";

  private final ServerSocket server;
  private final List<Map<String, String>> originates = new CopyOnWriteArrayList<>();
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final List<OutputStream> loggedIn = new CopyOnWriteArrayList<>();
  private int logins; // guarded by this: awaitLogins waits on it
  private volatile java.util.function.Consumer<Map<String, String>> onOriginate = action -> {};
  private volatile int reason = 4;
  private volatile boolean refuse;

  public FakeAmi() throws IOException {
    this(0);
  }

  /** An AMI on a given port, e.g. one a service was told to use before this "Asterisk" came up. */
  public FakeAmi(int port) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    Thread.ofVirtual().start(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<Map<String, String>> originates() {
    return List.copyOf(originates);
  }

  /** What the "Asterisk" does with each call it is asked to place, after queuing it. */
  public void onOriginate(java.util.function.Consumer<Map<String, String>> handler) {
    onOriginate = handler;
  }

  /** The OriginateResponse reason of the calls placed from now on; 4 (answered) unless told. */
  public void answerWith(int reason) {
    this.reason = reason;
  }

  /** Whether later Originates are refused outright (Response: Error), as with a missing permission. */
  public void refuseOriginates(boolean refuse) {
    this.refuse = refuse;
  }

  /** The channel variables of an Originate ({@code Variable: NAME=value} lines). */
  public static Map<String, String> variables(Map<String, String> originate) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String line : originate.getOrDefault("variable", "").split("[\\n,]")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        variables.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return variables;
  }

  public synchronized int logins() {
    return logins;
  }

  /** Waits until {@code count} logins in all have succeeded; false if that took longer than {@code timeout}. */
  public synchronized boolean awaitLogins(int count, java.time.Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (logins < count) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /**
   * Sends an event to every logged-in client, in AMI wire format: {@code Event: <fields' Event>} first, then
   * each field in the map's order as {@code Name: value}; a value holding line breaks becomes one line per
   * part with the same name (as Asterisk repeats {@code ChanVariable: NAME=value}). Returns the clients reached.
   */
  public int emit(Map<String, String> fields) throws IOException {
    StringBuilder event = new StringBuilder("Event: ").append(fields.get("Event")).append("\r\n");
    fields.forEach((name, value) -> {
      if (!name.equals("Event")) {
        for (String part : value.split("\n", -1)) {
          event.append(name).append(": ").append(part).append("\r\n");
        }
      }
    });
    event.append("\r\n");
    int reached = 0;
    for (OutputStream out : loggedIn) {
      try {
        write(out, event.toString());
        reached++;
      } catch (IOException gone) {
        loggedIn.remove(out);
      }
    }
    return reached;
  }

  /**
   * The queue's AgentConnect as Asterisk 22 writes it (apps/app_queue.c, main/manager_channels.c): the caller's
   * channel snapshot and its {@code ChanVariable} lines (manager.conf {@code channelvars}), the agent's channel
   * snapshot prefixed {@code Dest} with its {@code DestChanVariable} lines, then Queue, MemberName, Interface,
   * RingTime and HoldTime. {@code interfaceName} null leaves the Interface line out.
   */
  public static Map<String, String> agentConnect(String uniqueId, String callerIdNum, Map<String, String> variables,
      String interfaceName, String agentChannel) {
    Map<String, String> event = new LinkedHashMap<>();
    event.put("Event", "AgentConnect");
    event.put("Privilege", "agent,all");
    snapshot(event, "", "PJSIP/trunk-00000002", callerIdNum, "hotline", "agent", uniqueId, variables);
    snapshot(event, "Dest", agentChannel, "6001", "agents", "", uniqueId + "1", variables);
    event.put("Queue", "zhaowo-agents");
    event.put("MemberName", "Agent 01");
    if (interfaceName != null) {
      event.put("Interface", interfaceName);
    }
    event.put("RingTime", "3");
    event.put("HoldTime", "7");
    return event;
  }

  /** QueueCallerAbandon as Asterisk 22 writes it: the caller's snapshot, Queue, Position, OriginalPosition, HoldTime. */
  public static Map<String, String> queueCallerAbandon(String uniqueId, String callerIdNum) {
    Map<String, String> event = new LinkedHashMap<>();
    event.put("Event", "QueueCallerAbandon");
    event.put("Privilege", "agent,all");
    snapshot(event, "", "PJSIP/trunk-00000003", callerIdNum, "hotline", "agent", uniqueId, Map.of());
    event.put("Queue", "zhaowo-agents");
    event.put("Position", "1");
    event.put("OriginalPosition", "1");
    event.put("HoldTime", "12");
    return event;
  }

  private static void snapshot(Map<String, String> event, String prefix, String channel, String callerIdNum,
      String context, String exten, String uniqueId, Map<String, String> variables) {
    event.put(prefix + "Channel", channel);
    event.put(prefix + "ChannelState", "6");
    event.put(prefix + "ChannelStateDesc", "Up");
    event.put(prefix + "CallerIDNum", callerIdNum == null ? "<unknown>" : callerIdNum);
    event.put(prefix + "CallerIDName", "<unknown>");
    event.put(prefix + "ConnectedLineNum", "<unknown>");
    event.put(prefix + "ConnectedLineName", "<unknown>");
    event.put(prefix + "Language", "zh");
    event.put(prefix + "AccountCode", "");
    event.put(prefix + "Context", context);
    event.put(prefix + "Exten", exten);
    event.put(prefix + "Priority", "1");
    event.put(prefix + "Uniqueid", uniqueId);
    event.put(prefix + "Linkedid", uniqueId);
    if (!variables.isEmpty()) {
      StringBuilder lines = new StringBuilder();
      variables.forEach((name, value) -> lines.append(lines.isEmpty() ? "" : "\n").append(name).append('=').append(value));
      event.put(prefix + "ChanVariable", lines.toString());
    }
  }

  /** Drops every connection, as an Asterisk restart would. */
  public void dropConnections() throws IOException {
    for (Socket client : clients) {
      client.close();
    }
    clients.clear();
    loggedIn.clear();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        clients.add(client);
        Thread.ofVirtual().start(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = client.getOutputStream();
      write(out, "Asterisk Call Manager/5.0.0\r\n");
      Map<String, String> action;
      try {
        while ((action = read(in)) != null) {
          if (!answer(out, action)) {
            return;
          }
        }
      } finally {
        loggedIn.remove(out);
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private boolean answer(OutputStream out, Map<String, String> action) throws IOException {
    String id = action.getOrDefault("actionid", "");
    String reply = switch (action.getOrDefault("action", "").toLowerCase()) {
      case "challenge" -> "Response: Success\r\nActionID: " + id + "\r\nChallenge: " + CHALLENGE + "\r\n";
      case "login" -> {
        String login = loginReply(action, id);
        if (login.startsWith("Response: Success")) {
          write(out, login + "\r\n");
          loggedIn.add(out);
          loggedIn(); // counted once the client can have heard it
          yield null;
        }
        yield login;
      }
      case "originate" -> {
        originates.add(action);
        boolean placeable = action.containsKey("application") || action.containsKey("context") && action.containsKey("exten");
        if (refuse || !placeable) {
          yield "Response: Error\r\nActionID: " + id + "\r\nMessage: " + (refuse ? "Permission denied" : "Originate failed")
              + "\r\n";
        }
        write(out, "Response: Success\r\nActionID: " + id + "\r\nMessage: Originate successfully queued\r\n\r\n");
        write(out, originateResponse(action, id, reason));
        Map<String, String> call = action;
        if (reason == 4) {
          Thread.ofVirtual().start(() -> onOriginate.accept(call));
        }
        yield null;
      }
      case "coresettings" -> "Response: Success\r\nActionID: " + id + "\r\nAMIversion: 5.0.0\r\n"
          + "AsteriskVersion: 20.5.0\r\nSystemName: fake\r\n";
      case "logoff" -> "Response: Goodbye\r\nActionID: " + id + "\r\nMessage: Thanks for all the fish.\r\n";
      default -> "Response: Error\r\nActionID: " + id + "\r\nMessage: Permission denied\r\n";
    };
    if (reply != null) {
      write(out, reply + "\r\n");
    }
    return !"logoff".equalsIgnoreCase(action.get("action"));
  }

  private static String originateResponse(Map<String, String> action, String id, int reason) {
    return "Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: " + id + "\r\nResponse: "
        + (reason == 4 ? "Success" : "Failure") + "\r\nChannel: " + action.getOrDefault("channel", "") + "\r\nContext: "
        + action.getOrDefault("context", "") + "\r\nExten: " + action.getOrDefault("exten", "") + "\r\nApplication: "
        + "\r\nData: \r\nReason: " + reason + "\r\nUniqueid: " + (reason == 4 ? "1795336174.9" : "<null>")
        + "\r\nCallerIDNum: " + action.getOrDefault("callerid", "") + "\r\nCallerIDName: <unknown>\r\n\r\n";
  }

  private String loginReply(Map<String, String> action, String id) {
    String expected = md5(CHALLENGE + SECRET);
    if (USER.equals(action.get("username")) && expected.equalsIgnoreCase(action.get("key"))) {
      return "Response: Success\r\nActionID: " + id + "\r\nMessage: Authentication accepted\r\n";
    }
    return "Response: Error\r\nActionID: " + id + "\r\nMessage: Authentication failed\r\n";
  }

  private synchronized void loggedIn() {
    logins++;
    notifyAll();
  }

  private static Map<String, String> read(BufferedReader in) throws IOException {
    Map<String, String> action = new LinkedHashMap<>();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) {
        if (!action.isEmpty()) {
          return action;
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        String key = line.substring(0, colon).trim().toLowerCase();
        String value = line.substring(colon + 1).trim();
        action.merge(key, value, (a, b) -> a + "\n" + b);
      }
    }
    return null;
  }

  private static void write(OutputStream out, String text) throws IOException {
    synchronized (out) { // replies and events share the socket
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private static String md5(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropConnections();
  }
}
