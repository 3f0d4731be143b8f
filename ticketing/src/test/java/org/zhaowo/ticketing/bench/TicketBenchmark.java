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
