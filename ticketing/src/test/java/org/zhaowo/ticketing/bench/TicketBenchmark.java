package org.zhaowo.ticketing.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Api;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.TestService;

/**
 * Tickets registered per second through the service interface and through the HTTP API, on the
 * embedded PostgreSQL, with pgbench's TPC-B figure for the same server when pgbench is installed.
 * Run by scripts/bench-tickets; not a test.
 */
public final class TicketBenchmark {
  private static final Actor AGENT = new Actor("agent", Role.AGENT, null);

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    // a working Tuesday, 10:00 in Shanghai: the figures do not depend on the day, only the deadlines would
    try (TestService service = new TestService(Instant.parse("2026-11-24T02:00:00Z"))) {
      service.tickets.create(ticket(), AGENT).await(); // warm-up
      System.out.printf("service interface: %,.0f tickets/s (%d tickets, %d in flight)%n",
          viaService(service, count, concurrency), count, concurrency);
      System.out.printf("HTTP API:          %,.0f tickets/s (%d tickets, %d clients)%n",
          viaHttp(service, count, concurrency), count, concurrency);
      pgbench(service.db.port());
      pgbenchSameInserts(service.db.port());
    }
  }

  private static NewTicket ticket() {
    return new NewTicket("13800138000", Channel.AGENT, "utilities", null, "基准测试：水管漏水", null, "3号楼", null,
        false, false, null);
  }

  private static double viaService(TestService service, int count, int concurrency) {
    long start = System.nanoTime();
    AtomicInteger left = new AtomicInteger(count);
    List<Future<?>> lanes = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      lanes.add(lane(service, left));
    }
    Future.all(lanes).await();
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static Future<?> lane(TestService service, AtomicInteger left) {
    if (left.getAndDecrement() <= 0) {
      return Future.succeededFuture();
    }
    return service.tickets.create(ticket(), AGENT).compose(t -> lane(service, left));
  }

  private static double viaHttp(TestService service, int count, int concurrency) throws Exception {
    Api api = service.api();
    String token = api.login("agent");
    String body = new JsonObject().put("callerPhone", "13800138000").put("category", "utilities")
        .put("description", "基准测试").put("address", "3号楼").put("channel", "agent").encode();
    AtomicInteger left = new AtomicInteger(count);
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      for (int i = 0; i < concurrency; i++) {
        pool.submit(() -> {
          while (left.getAndDecrement() > 0) {
            Api.Reply reply = api.send("POST", "/api/tickets", token, body);
            if (reply.status() != 201) {
              throw new IllegalStateException(reply.toString());
            }
          }
          return null;
        });
      }
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * What the same server does for a transaction of the inserts a phone report makes (the ticket, its event, its
   * outbox row and the call record) and nothing else: the ceiling the issue measures registration against.
   */
  private static void pgbenchSameInserts(int port) throws Exception {
    String setup = """
        DROP TABLE IF EXISTS bench_tickets, bench_events, bench_outbox, bench_calls;
        CREATE TABLE bench_tickets (id bigserial PRIMARY KEY, number text UNIQUE, caller_phone text, category text,
          description text, state text, created_at timestamptz, deadline timestamptz);
        CREATE TABLE bench_events (id bigserial PRIMARY KEY, ticket_id bigint REFERENCES bench_tickets, action text,
          actor text, at timestamptz, note text);
        CREATE TABLE bench_outbox (id bigserial PRIMARY KEY, ticket_id bigint REFERENCES bench_tickets, phone text,
          body text, dedupe_key text UNIQUE, created_at timestamptz);
        CREATE TABLE bench_calls (unique_id text, started_at timestamptz, caller text, path text[], outcome text,
          ticket_number text, PRIMARY KEY (unique_id, started_at));
        """;
    String script = """
        \\set n random(1, 1000000000)
        BEGIN;
        INSERT INTO bench_tickets (number, caller_phone, category, description, state, created_at, deadline)
          VALUES (:client_id || '-' || :n, '13800138000', 'utilities', '基准测试：水管漏水', 'dispatched', now(), now())
          RETURNING id \\gset
        INSERT INTO bench_events (ticket_id, action, actor, at, note) VALUES (:id, 'create', 'ivr', now(), NULL);
        INSERT INTO bench_outbox (ticket_id, phone, body, dedupe_key, created_at)
          VALUES (:id, '13800138000', '您的诉求已受理', 'event:' || :id, now());
        INSERT INTO bench_calls (unique_id, started_at, caller, path, outcome, ticket_number)
          VALUES (:client_id || '.' || :n, now(), '13800138000', ARRAY['greeting', 'main', 'report'], 'ticket_created',
                  :client_id || '-' || :n);
        COMMIT;
        """;
    java.nio.file.Path file = java.nio.file.Files.createTempFile("same-inserts", ".sql");
    java.nio.file.Files.writeString(file, script);
    try {
      Process psql = new ProcessBuilder("psql", "-q", "-h", "localhost", "-p", String.valueOf(port), "-U", "postgres",
          "-d", "postgres", "-c", setup).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (psql.waitFor() != 0) {
        System.out.println("pgbench (same inserts): psql could not create the tables; skipped");
        return;
      }
      Process p = new ProcessBuilder("pgbench", "-n", "-c", "16", "-j", "2", "-T", "10", "-f", file.toString(), "-h",
          "localhost", "-p", String.valueOf(port), "-U", "postgres", "postgres").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      out.lines().filter(l -> l.startsWith("tps") || l.startsWith("latency average") || l.contains("error"))
          .forEach(l -> System.out.println("pgbench (the 4 inserts of a report in one transaction, 16 clients): " + l));
    } catch (java.io.IOException e) {
      System.out.println("pgbench or psql is not installed (apt-get install postgresql-client); skipped");
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  /** pgbench's TPC-B-like run on the same server, for scale. */
  private static void pgbench(int port) throws Exception {
    String[] init = {"pgbench", "-q", "-i", "-s", "4", "-h", "localhost", "-p", String.valueOf(port), "-U", "postgres", "postgres"};
    String[] run = {"pgbench", "-c", "16", "-j", "2", "-T", "10", "-h", "localhost", "-p", String.valueOf(port), "-U",
        "postgres", "postgres"};
    try {
      if (new ProcessBuilder(init).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start().waitFor() != 0) {
        System.out.println("pgbench: initialisation failed");
        return;
      }
      Process p = new ProcessBuilder(run).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      out.lines().filter(l -> l.startsWith("tps") || l.startsWith("latency average"))
          .forEach(l -> System.out.println("pgbench (TPC-B, 16 clients, same server): " + l));
    } catch (java.io.IOException e) {
      System.out.println("pgbench is not installed (apt-get install postgresql-client); skipped");
    }
  }
}
