package org.zhaowo.launcher.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.zhaowo.ticketing.Database;

/**
 * The reference target of {@link AgiLoad}, in a JVM of its own: asterisk-java's {@link DefaultAgiServer} with
 * its defaults (a thread pool of 10 core / 500 most threads over a SynchronousQueue, accept backlog 200, socket
 * read timeout 3 h) but for its port (a free one), running one {@link AgiScript} for {@code hotline} with the
 * report flow's shape: answer, welcome, the main menu (1 key), the category (1 key), beep and the recording, the
 * callback question (1 key), then a registration (an INSERT through JDBC into an embedded PostgreSQL of its own,
 * over 16 pooled connections as the service's pool has), the number set as ZHAOWO_TICKET and said twice,
 * goodbye. Prints {@code AGI_PORT n}, {@code PGDATA dir} and {@code POOL core max}; ends on {@code quit}.
 */
public final class ReferenceServer {
  private ReferenceServer() {}

  public static void main(String[] args) throws Exception {
    Path root = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("agi-reference");
    Path pgData = root.resolve("pg");
    Database db = Database.embedded(pgData, 0, false); // as the service's tests run it: fsync off
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        db.close();
      } catch (Exception ignored) {
        // going down anyway
      }
    }));
    try (Connection c = db.jdbc(); Statement st = c.createStatement()) {
      st.execute("CREATE SEQUENCE IF NOT EXISTS ref_numbers START 20000001"); // 8-digit ticket numbers
      st.execute("CREATE TABLE IF NOT EXISTS ref_tickets (id bigserial PRIMARY KEY, number text NOT NULL UNIQUE,"
          + " caller_phone text, intake_key text UNIQUE, category text, callback text,"
          + " created_at timestamptz NOT NULL DEFAULT now())");
    }
    BlockingQueue<Connection> connections = new ArrayBlockingQueue<>(16);
    for (int i = 0; i < 16; i++) {
      connections.add(db.jdbc());
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    DefaultAgiServer server = new DefaultAgiServer(new Hotline(connections));
    server.setPort(port);
    System.out.println("POOL " + server.getPoolSize() + " " + server.getMaximumPoolSize());
    Thread accept = new Thread(() -> {
      try {
        server.startup(); // blocks in its accept loop
      } catch (Exception e) {
        System.err.println("DefaultAgiServer ended: " + e);
      }
    }, "agi-server");
    accept.setDaemon(true);
    accept.start();
    for (int i = 0; i < 100; i++) { // wait until it listens
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        break;
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    System.out.println("PGDATA " + pgData.toAbsolutePath());
    System.out.println("AGI_PORT " + port);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    String line;
    while ((line = in.readLine()) != null && !line.equals("quit")) {
      // nothing else to do
    }
    server.shutdown();
    System.exit(0);
  }

  /** The report flow, blocking, one pool thread per call. */
  static final class Hotline implements AgiScript {
    private final BlockingQueue<Connection> connections;

    Hotline(BlockingQueue<Connection> connections) {
      this.connections = connections;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
      channel.answer();
      channel.streamFile("zhaowo/welcome");
      String menu = channel.getData("zhaowo/main-menu", 5000, 1);
      if (!"1".equals(menu)) {
        channel.streamFile("zhaowo/goodbye");
        return;
      }
      String category = channel.getData("zhaowo/category", 5000, 1);
      channel.streamFile("beep");
      channel.recordFile("/var/spool/asterisk/zhaowo/" + request.getUniqueId(), "wav", "#", 60_000, 0, false, 5);
      String callback = channel.getData("zhaowo/callback", 5000, 1);
      String number;
      try {
        number = register(request.getCallerIdNumber(), request.getUniqueId(), category, callback);
      } catch (SQLException | InterruptedException e) {
        channel.streamFile("zhaowo/try-later");
        return;
      }
      channel.setVariable("ZHAOWO_TICKET", number);
      channel.sayDigits(number);
      channel.sayDigits(number);
      channel.streamFile("zhaowo/goodbye");
    }

    private String register(String phone, String uniqueId, String category, String callback)
        throws SQLException, InterruptedException {
      Connection c = connections.take();
      try (PreparedStatement st = c.prepareStatement("INSERT INTO ref_tickets (number, caller_phone, intake_key,"
          + " category, callback) VALUES (nextval('ref_numbers')::text, ?, ?, ?, ?) RETURNING number")) {
        st.setString(1, phone);
        st.setString(2, uniqueId);
        st.setString(3, category);
        st.setString(4, callback);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      } finally {
        connections.put(c);
      }
    }
  }
}
