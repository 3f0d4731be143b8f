package org.zhaowo.ticketing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM, a fresh migrated database with the
 * demo district for each caller, so test classes never see each other's rows.
 */
public final class TestDatabase {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static Database server;

  private TestDatabase() {}

  /** A new database, migrated for ticketing and the given modules, with the demo district loaded at {@code clock}'s now. */
  public static synchronized Database fresh(Clock clock, String... modules) {
    try {
      if (server == null) {
        Path dir = Files.createTempDirectory("zhaowo-test-pg").resolve("pg");
        server = Database.embedded(dir, 0, false); // a throwaway database: speed over durability
        Database started = server;
        Path folder = dir.getParent();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            started.close();
          } catch (Exception ignored) {
            // the JVM is going away either way
          }
          deleteQuietly(folder); // a few hundred MB a test JVM: left behind, they fill the disk in a day of runs
        }));
      }
      Database db = server.database("test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet());
      db.migrate("ticketing");
      for (String module : modules) {
        db.migrate(module);
      }
      DemoDistrict.loadIfEmpty(db, "demo", clock);
      return db;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the test database", e);
    }
  }

  private static void deleteQuietly(Path folder) {
    try (var paths = Files.walk(folder)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // best effort: it is a temporary folder
    }
  }
}
