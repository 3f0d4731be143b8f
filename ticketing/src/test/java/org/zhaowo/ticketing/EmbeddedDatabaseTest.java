package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The service's own PostgreSQL: a password, loopback only, older folders upgraded, restarted when killed. */
class EmbeddedDatabaseTest {

  @Test
  void letsInOnlyConnectionsWithItsPasswordOnLoopback() throws Exception {
    Path dataDir = Files.createTempDirectory("zhaowo-pg-secure").resolve("pg");
    try (Database db = Database.embedded(dataDir, 0)) {
      Path passwordFile = dataDir.resolveSibling("db-password");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
      String password = Files.readString(passwordFile).strip();
      assertTrue(password.length() >= 32, "a long random password");

      assertRefused(db.port(), "");
      assertRefused(db.port(), "wrong");
      try (Connection c = connect(db.port(), password); Statement st = c.createStatement()) {
        var rs = st.executeQuery("SHOW listen_addresses");
        rs.next();
        assertEquals("localhost", rs.getString(1));
      }
      try (Connection c = db.jdbc()) {
        assertTrue(c.isValid(5), "the service's own connections carry the password");
      }
      Optional<InetAddress> outside = nonLoopbackAddress();
      if (outside.isPresent()) {
        assertFalse(listens(outside.get(), db.port()), "not reachable on " + outside.get());
      }
    }
    try (Database again = Database.embedded(dataDir, 0)) {
      assertTrue(again.jdbc().isValid(5), "the kept password lets the service in after a restart");
    }
  }

  @Test
  void aFolderThatTrustedEveryLocalConnectionIsGivenThePassword() throws Exception {
    Path dataDir = Files.createTempDirectory("zhaowo-pg-old").resolve("pg");
    try (Database old = Database.embedded(dataDir, 0, true); Connection c = old.jdbc(); Statement st = c.createStatement()) {
      assertTrue(Files.readString(dataDir.resolve("pg_hba.conf")).contains("trust"), "as older versions left it");
      st.execute("CREATE TABLE kept (word text)");
      st.execute("INSERT INTO kept VALUES ('还在')");
    }
    try (Database upgraded = Database.embedded(dataDir, 0); Connection c = upgraded.jdbc(); Statement st = c.createStatement()) {
      var rs = st.executeQuery("SELECT word FROM kept");
      assertTrue(rs.next());
      assertEquals("还在", rs.getString(1));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolveSibling("db-password"))));
      waitFor(() -> refused(upgraded.port(), ""), "a connection without the password is refused after the reload");
      assertRefused(upgraded.port(), "wrong");
    }
  }

  @Test
  void aKilledServerIsStartedAgainAndThePoolReconnects() throws Exception {
    Path dataDir = Files.createTempDirectory("zhaowo-pg-killed").resolve("pg");
    Vertx vertx = Vertx.vertx();
    try (Database db = Database.embedded(dataDir, 0)) {
      Pool pool = db.pool(vertx, 4);
      pool.query("CREATE TABLE kept (n int); INSERT INTO kept VALUES (1)").execute().await();
      long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
      ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();

      postmaster.destroyForcibly(); // kill -9

      postmaster.onExit().get(60, TimeUnit.SECONDS);
      waitFor(() -> answers(pool), "the pool reaches the restarted server");
      assertEquals(1, pool.query("SELECT count(*) FROM kept").execute().await().iterator().next().getLong(0));
      long newPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
      assertTrue(newPid != pid, "a new postmaster");
    } finally {
      vertx.close().await();
    }
  }

  private static boolean answers(Pool pool) {
    try {
      pool.query("SELECT 1").execute().await(5, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static Connection connect(int port, String password) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", password);
  }

  private static void assertRefused(int port, String password) {
    assertThrows(SQLException.class, () -> connect(port, password).close(), "password '" + password + "' is refused");
  }

  private static boolean refused(int port, String password) {
    try (Connection c = connect(port, password)) {
      return false;
    } catch (SQLException e) {
      return true;
    }
  }

  private static boolean listens(InetAddress address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
    return NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .findFirst();
  }

  /** A generous bound, not a timing assertion: a loaded 2-core machine gets a minute. */
  static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not within 60 s: " + what);
  }
}
