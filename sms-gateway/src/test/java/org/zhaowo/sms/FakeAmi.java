package org.zhaowo.sms;

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
 * 3 no answer, 8 congestion, 0 failed), echoing the action's ActionID.
 */
final class FakeAmi implements AutoCloseable {
  static final String USER = "zhaowo";
  static final String SECRET = "ami-secret";
  private static final String CHALLENGE = "840327219";

  private final ServerSocket server;
  private final List<Map<String, String>> originates = new CopyOnWriteArrayList<>();
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private volatile int logins;
  private volatile java.util.function.Consumer<Map<String, String>> onOriginate = action -> {};
  private volatile int reason = 4;
  private volatile boolean refuse;

  FakeAmi() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  List<Map<String, String>> originates() {
    return List.copyOf(originates);
  }

  /** What the "Asterisk" does with each call it is asked to place, after queuing it. */
  void onOriginate(java.util.function.Consumer<Map<String, String>> handler) {
    onOriginate = handler;
  }

  /** The OriginateResponse reason of the calls placed from now on; 4 (answered) unless told. */
  void answerWith(int reason) {
    this.reason = reason;
  }

  /** Whether later Originates are refused outright (Response: Error), as with a missing permission. */
  void refuseOriginates(boolean refuse) {
    this.refuse = refuse;
  }

  /** The channel variables of an Originate ({@code Variable: NAME=value} lines). */
  static Map<String, String> variables(Map<String, String> originate) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String line : originate.getOrDefault("variable", "").split("[\\n,]")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        variables.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return variables;
  }

  int logins() {
    return logins;
  }

  /** Drops every connection, as an Asterisk restart would. */
  void dropConnections() throws IOException {
    for (Socket client : clients) {
      client.close();
    }
    clients.clear();
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
      while ((action = read(in)) != null) {
        if (!answer(out, action)) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private boolean answer(OutputStream out, Map<String, String> action) throws IOException {
    String id = action.getOrDefault("actionid", "");
    String reply = switch (action.getOrDefault("action", "").toLowerCase()) {
      case "challenge" -> "Response: Success\r\nActionID: " + id + "\r\nChallenge: " + CHALLENGE + "\r\n";
      case "login" -> loginReply(action, id);
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
      logins++;
      return "Response: Success\r\nActionID: " + id + "\r\nMessage: Authentication accepted\r\n";
    }
    return "Response: Error\r\nActionID: " + id + "\r\nMessage: Authentication failed\r\n";
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
