package org.zhaowo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Api;

/**
 * The service as scripts/run starts it, in its own process with its own embedded PostgreSQL, when
 * something is killed: the database under it, or the service itself.
 */
class DatabaseFaultsTest {
  private static final Pattern HTTP_PORT = Pattern.compile("HTTP API: http://[0-9.]+:(\\d+)/api");

  @Test
  void aKilledDatabaseIsStartedAgainAndTheServiceRecovers() throws Exception {
    Path dataDir = Files.createTempDirectory("zhaowo-db-killed");
    try (Service service = Service.start(dataDir, "first")) {
      Api api = service.api();
      String before = createTicket(api);

      ProcessHandle.of(postmasterPid(dataDir)).orElseThrow().destroyForcibly(); // kill -9

      waitFor(() -> health(api) == 503, "/health says the database is unreachable");
      waitFor(() -> health(api) == 200, "/health is up again");
      String after = createTicket(api);
      assertEquals(200, api.get("/api/tickets/" + before, api.login("supervisor")).status());
      assertEquals(200, api.get("/api/tickets/" + after, api.login("supervisor")).status());
      String log = service.log();
      assertTrue(log.contains("has stopped: starting it again"), log);
      assertTrue(log.contains("The embedded PostgreSQL is back on port"), log);
    }
  }

  @Test
  void aKilledServiceStartsAgainAtOnceOnTheSameFolder() throws Exception {
    Path dataDir = Files.createTempDirectory("zhaowo-service-killed");
    String number;
    long leftover;
    try (Service first = Service.start(dataDir, "first")) {
      number = createTicket(first.api());
      leftover = postmasterPid(dataDir);
      first.kill();
    }
    assertTrue(ProcessHandle.of(leftover).map(ProcessHandle::isAlive).orElse(false), "the killed run left its PostgreSQL running");

    try (Service second = Service.start(dataDir, "second")) {
      Api api = second.api();
      JsonObject ticket = api.get("/api/tickets/" + number, api.login("supervisor")).json();
      assertEquals(number, ticket.getString("number"));
      assertTrue(second.log().contains("The embedded PostgreSQL of an earlier run still runs"), second.log());
    }
  }

  private static String createTicket(Api api) {
    Api.Reply created = api.post("/api/tickets", api.login("agent"), new JsonObject().put("callerPhone", "13800138000")
        .put("category", "utilities").put("description", "水管漏水").put("address", "3号楼").put("channel", "agent"));
    assertEquals(201, created.status(), created.body());
    return created.json().getString("number");
  }

  private static int health(Api api) {
    try {
      return api.get("/health", null).status();
    } catch (RuntimeException unreachable) {
      return -1;
    }
  }

  private static long postmasterPid(Path dataDir) throws IOException {
    return Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0).strip());
  }

  /** A generous bound, not a timing assertion: a loaded 2-core machine gets a minute and a half. */
  static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not within 90 s: " + what);
  }

  /** {@code org.zhaowo.launcher.Main} in a JVM of its own, its output in a file beside the data folder. */
  record Service(Process process, Path out, int httpPort) implements AutoCloseable {
    static Service start(Path dataDir, String name) throws Exception {
      return start(dataDir, name, java.util.Map.of());
    }

    /** With {@code settings} added to its environment (ZHAOWO_DB_URL, TWILIO_*, …). */
    static Service start(Path dataDir, String name, java.util.Map<String, String> settings) throws Exception {
      Path out = dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".log");
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), Main.class.getName()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("ZHAOWO_"));
      builder.environment().putAll(java.util.Map.of("ZHAOWO_DATA_DIR", dataDir.toString(), "ZHAOWO_HTTP_PORT", "0",
          "ZHAOWO_AGI_PORT", "0"));
      builder.environment().putAll(settings);
      Process process = builder.start();
      int[] port = {0};
      try {
        waitFor(() -> {
          Matcher m = HTTP_PORT.matcher(read(out));
          if (m.find()) {
            port[0] = Integer.parseInt(m.group(1));
          }
          if (!process.isAlive() && port[0] == 0) {
            throw new AssertionError("the service ended: " + read(out));
          }
          return port[0] > 0;
        }, "the service is up: " + out);
      } catch (AssertionError | InterruptedException e) {
        process.destroyForcibly();
        throw e;
      }
      return new Service(process, out, port[0]);
    }

    Api api() {
      return new Api(httpPort);
    }

    String log() {
      return read(out);
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // kill -9: no shutdown hook runs
      process.waitFor(60, TimeUnit.SECONDS);
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }

    /** SIGTERM, as scripts/run is stopped: the shutdown hook stops the database. */
    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }
}
