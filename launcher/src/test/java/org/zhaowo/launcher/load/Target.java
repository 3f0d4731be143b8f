package org.zhaowo.launcher.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.zhaowo.launcher.Main;

/**
 * A FastAGI server under load, in a child JVM of its own (so that its RSS, threads and CPU are its own): the
 * service as scripts/run starts it ({@code zhaowo}: {@link Main} on a fresh data folder with its embedded
 * PostgreSQL, texts to a fake Twilio), or asterisk-java's DefaultAgiServer ({@code reference}:
 * {@link ReferenceServer}).
 */
final class Target implements AutoCloseable {
  private static final Pattern ZHAOWO_AGI = Pattern.compile("FastAGI: +agi://[0-9.]+:(\\d+)/hotline");

  final String name;
  final Process process;
  final Path root;
  final Path log;
  final int agiPort;
  final Path pgData;
  final String command;
  final String poolInfo;
  private final String dbPassword;
  private final String ticketQuery;

  private Target(String name, Process process, Path root, Path log, int agiPort, Path pgData, String command,
      String poolInfo, String dbPassword, String ticketQuery) {
    this.name = name;
    this.process = process;
    this.root = root;
    this.log = log;
    this.agiPort = agiPort;
    this.pgData = pgData;
    this.command = command;
    this.poolInfo = poolInfo;
    this.dbPassword = dbPassword;
    this.ticketQuery = ticketQuery;
  }

  static Target start(String name, String xmx, Map<String, String> twilioSettings) throws Exception {
    Path root = Files.createTempDirectory("agi-load-" + name);
    Path log = root.resolve("server.log");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + xmx));
    String options = System.getenv("ZHAOWO_LOAD_SERVER_OPTS"); // e.g. -XX:StartFlightRecording=filename=zhaowo.jfr
    if (options != null && !options.isBlank()) {
      cmd.addAll(List.of(options.trim().split("\\s+")));
    }
    Path logback = Path.of("launcher/target/classes/logback.xml").toAbsolutePath();
    if (Files.exists(logback)) { // the service's own, not the test jars' logback-test.xml
      cmd.add("-Dlogback.configurationFile=" + logback);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    boolean zhaowo = name.equals("zhaowo");
    Path dataDir = root.resolve("data");
    cmd.add(zhaowo ? Main.class.getName() : ReferenceServer.class.getName());
    if (!zhaowo) {
      cmd.add(dataDir.toString()); // its PostgreSQL's folder, removed with the rest after the run
    }
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("ZHAOWO_"));
    builder.environment().put("ZHAOWO_LOG_LEVEL", "WARN");
    if (zhaowo) {
      builder.environment().putAll(Map.of("ZHAOWO_DATA_DIR", dataDir.toString(), "ZHAOWO_HTTP_PORT", "0",
          "ZHAOWO_AGI_PORT", "0", "ZHAOWO_IVR_SPOOL_DIR", dataDir.resolve("ivr-spool").toString()));
      builder.environment().putAll(twilioSettings);
    }
    String shown = (zhaowo ? "ZHAOWO_DATA_DIR=" + dataDir + " ZHAOWO_HTTP_PORT=0 ZHAOWO_AGI_PORT=0 ZHAOWO_LOG_LEVEL=WARN"
        + " ZHAOWO_IVR_SPOOL_DIR=" + dataDir.resolve("ivr-spool") + " TWILIO_API_URL=" + twilioSettings.get("TWILIO_API_URL")
        + " (fake) " : "ZHAOWO_LOG_LEVEL=WARN ") + String.join(" ", cmd).replace(System.getProperty("java.class.path"), "<launcher test classpath>");
    Process process = builder.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    CompletableFuture<Path> pg = new CompletableFuture<>();
    CompletableFuture<String> pool = new CompletableFuture<>();
    if (zhaowo) {
      pg.complete(dataDir.resolve("pg"));
      pool.complete("");
    }
    Thread.ofPlatform().daemon().name("server-log").start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
           PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
        String line;
        while ((line = in.readLine()) != null) { // always drained: a full pipe would stall the server
          out.println(line);
          Matcher m = ZHAOWO_AGI.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          } else if (line.startsWith("AGI_PORT ")) {
            port.complete(Integer.parseInt(line.substring(9).strip()));
          } else if (line.startsWith("PGDATA ")) {
            pg.complete(Path.of(line.substring(7).strip()));
          } else if (line.startsWith("POOL ")) {
            String[] p = line.split(" ");
            pool.complete("pool " + p[1] + " core / " + p[2] + " max threads");
          }
        }
      } catch (IOException ignored) {
        // the server ended
      }
      port.completeExceptionally(new IllegalStateException("the " + name + " server ended before it listened"));
    });
    int agi;
    try {
      agi = port.get(180, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("the " + name + " server did not start: see " + log, e);
    }
    Path pgDir = pg.get(10, TimeUnit.SECONDS);
    String password = zhaowo ? Files.readString(dataDir.resolve("db-password")).strip() : "";
    String query = zhaowo ? "SELECT number, caller_phone, intake_key FROM tickets WHERE channel = 'phone_ivr'"
        : "SELECT number, caller_phone, intake_key FROM ref_tickets";
    return new Target(name, process, root, log, agi, pgDir, shown, pool.get(10, TimeUnit.SECONDS), password, query);
  }

  long pid() {
    return process.pid();
  }

  Connection jdbc() throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + ProcStats.postgresPort(pgData) + "/postgres",
        "postgres", dbPassword);
  }

  /** Every phone ticket: {number, caller phone, intake key}. */
  List<String[]> tickets() throws Exception {
    List<String[]> rows = new ArrayList<>();
    try (Connection c = jdbc(); var st = c.createStatement(); var rs = st.executeQuery(ticketQuery)) {
      while (rs.next()) {
        rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    return rows;
  }

  long ticketCount() throws Exception {
    try (Connection c = jdbc(); var st = c.createStatement();
         var rs = st.executeQuery("SELECT count(*) FROM (" + ticketQuery + ") t")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Files still waiting in the IVR's spool (zhaowo), -1 when it has none. */
  long spoolPending() {
    Path pending = root.resolve("data/ivr-spool/pending");
    if (!Files.isDirectory(pending)) {
      return -1;
    }
    try (Stream<Path> files = Files.list(pending)) {
      return files.count();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      if (name.equals("reference")) {
        try {
          process.getOutputStream().write("quit\n".getBytes(StandardCharsets.UTF_8));
          process.getOutputStream().flush();
        } catch (IOException gone) {
          // ended
        }
      } else {
        process.destroy(); // SIGTERM, as scripts/run is stopped: the shutdown hook stops the database
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
    ProcStats.postmaster(pgData).flatMap(ProcessHandle::of).ifPresent(pm -> {
      // a PostgreSQL left running (a stopped one is continued first, so it can end)
      try {
        new ProcessBuilder("kill", "-CONT", String.valueOf(pm.pid())).start().waitFor();
      } catch (Exception ignored) {
        // gone
      }
      pm.destroy();
    });
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(log) && !p.equals(root)).forEach(p -> p.toFile().delete());
    }
  }
}
