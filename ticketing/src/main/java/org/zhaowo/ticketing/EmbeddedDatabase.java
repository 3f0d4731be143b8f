package org.zhaowo.ticketing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the service runs for itself: reachable with a password only, and started again,
 * on the same folder and port, when its postmaster dies. The connection pools reconnect on their own.
 */
final class EmbeddedDatabase implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  static final String USER = "postgres";
  private static final Duration CHECK_EVERY = Duration.ofSeconds(2);
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);
  private static final Duration ORDERLY_CLOSE_WAIT = Duration.ofSeconds(20);

  private final PgDataFolder folder;
  private final String password;
  private final Map<String, String> serverConfig;
  private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("embedded-postgres-watch").daemon().factory());
  private final Thread stopOnExit = new Thread(this::closeOnExit, "embedded-postgres-stop");
  private final CountDownLatch stopped = new CountDownLatch(1);
  // guarded by this: the watch restarts the server while close() may be stopping it
  private int port;
  private EmbeddedPostgres server;
  private ProcessHandle postmaster;
  private List<ProcessHandle> children = List.of();
  private boolean closed;

  private EmbeddedDatabase(PgDataFolder folder, String password, int port, Map<String, String> serverConfig) {
    this.folder = folder;
    this.password = password;
    this.port = port;
    this.serverConfig = Map.copyOf(serverConfig);
  }

  /** Starts the server in {@code dataDir} (port 0: a free one), after stopping one an earlier run left behind. */
  static EmbeddedDatabase start(Path dataDir, int port, Map<String, String> serverConfig) throws IOException, SQLException {
    Files.createDirectories(dataDir.getParent());
    PgDataFolder folder = new PgDataFolder(dataDir);
    folder.requireUnused();
    folder.stopLeftover(STOP_WAIT);
    EmbeddedDatabase db = new EmbeddedDatabase(folder, folder.password(), port, serverConfig);
    synchronized (db) {
      db.startServer();
      try {
        if (db.folder.trustsConnections()) {
          db.requirePassword();
        }
      } catch (IOException | SQLException | RuntimeException e) {
        db.server.close(); // not left running, still open to all
        throw e;
      }
    }
    Runtime.getRuntime().addShutdownHook(db.stopOnExit); // the library's own would race a restart and the service's close
    db.watch.scheduleWithFixedDelay(db::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return db;
  }

  synchronized int port() {
    return port;
  }

  String password() {
    return password;
  }

  private void startServer() throws IOException {
    // initdb takes every "locale" entry as --key=value: the one way in to its password options
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(folder.dir())
        .setCleanDataDirectory(false)
        .setPort(port)
        .setRegisterShutdownHook(false)
        .setPGStartupWait(STARTUP_WAIT)
        .setConnectConfig("password", password)
        .setLocaleConfig("pwfile", folder.passwordFile().toString())
        .setLocaleConfig("auth-local", "scram-sha-256")
        .setLocaleConfig("auth-host", "scram-sha-256");
    serverConfig.forEach(builder::setServerConfig);
    server = builder.start();
    port = server.getPort();
    postmaster = folder.postmaster().orElseThrow(() -> new IOException("PostgreSQL started but its postmaster.pid names no running process"));
    log.info("Started embedded PostgreSQL on port {} (pid {}) with data in {}", port, postmaster.pid(), folder.dir());
  }

  /** A folder made by an older version let every local connection in: give it the password, then ask for it. */
  private void requirePassword() throws IOException, SQLException {
    log.warn("The embedded PostgreSQL in {} let local connections in without a password (set up by an older version):"
        + " requiring the password in {} from now on", folder.dir(), folder.passwordFile());
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", USER, password)) {
      // hashed here, so the password itself is never sent in a statement the server could log
      c.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
      folder.requirePasswords();
      c.createStatement().execute("SELECT pg_reload_conf()");
    }
  }

  /** The watch: a postmaster that is gone (killed, crashed) is started again. */
  private synchronized void check() {
    if (closed) {
      return;
    }
    if (postmaster.isAlive()) {
      children = postmaster.children().toList();
      return;
    }
    log.error("The embedded PostgreSQL (pid {}, port {}) has stopped: starting it again on the same data folder and port"
        + " (the embedded library's \"Could not stop postmaster\" that follows is expected)", postmaster.pid(), port);
    try {
      restart();
      log.info("The embedded PostgreSQL is back on port {} (pid {})", port, postmaster.pid());
    } catch (IOException | RuntimeException e) {
      log.error("Could not start the embedded PostgreSQL again; trying again in {} s", CHECK_EVERY.toSeconds(), e);
    }
  }

  private void restart() throws IOException {
    server.close(); // lets go of the folder's lock; the postmaster is already gone
    PgDataFolder.awaitExit(children, STOP_WAIT);
    folder.stopLeftover(STOP_WAIT); // one a failed attempt started late
    // a failed start leaves its lock on the folder held in this process: a new lock file is free of it
    Files.deleteIfExists(folder.dir().resolve("epg-lock"));
    startServer();
  }

  /** Stops the watch, then the server (waiting for a restart under way). */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      server.close();
    }
    watch.shutdown();
    stopped.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // called from a shutdown hook: nothing to remove
    }
  }

  /**
   * At JVM exit, a server nobody closed is stopped. Hooks run all at once: the service's own close
   * (requests finishing, then the database) is given time first, so the server does not go from under it.
   */
  private void closeOnExit() {
    try {
      if (!stopped.await(ORDERLY_CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        close();
      }
    } catch (InterruptedException | IOException e) {
      log.error("Could not stop the embedded PostgreSQL", e);
    }
  }
}
