package org.zhaowo.ivr;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The IVR benchmark (scripts/bench-ivr), not a test: N scripted callers at once report a problem
 * (1, 1, #, 1) against the server in a child JVM. Every caller holds at RECORD FILE until all N are
 * there, so the server holds N live calls when its heap is measured. Prints calls completed per
 * second, per-command turnaround (the IVR's time from a reply to its next command) p50/p99, and heap
 * per concurrent call.
 */
public final class IvrBench {
  private IvrBench() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {1_000, 10_000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    List<String> command = new ArrayList<>(List.of("java", "-Xmx4g"));
    String options = System.getenv("ZHAOWO_BENCH_SERVER_OPTS"); // e.g. -XX:StartFlightRecording=filename=ivr.jfr
    if (options != null && !options.isBlank()) {
      command.addAll(List.of(options.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), IvrBenchServer.class.getName()));
    Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader from = new BufferedReader(new InputStreamReader(server.getInputStream()));
    PrintWriter to = new PrintWriter(server.getOutputStream(), true);
    int port = Integer.parseInt(expect(from, "PORT")[1]);
    try {
      run(port, 200, from, to, false); // warm-up
      for (int n : sizes) {
        run(port, n, from, to, true);
      }
    } finally {
      to.println("quit");
      server.waitFor(10, TimeUnit.SECONDS);
      server.destroy();
    }
  }

  private static void run(int port, int calls, BufferedReader from, PrintWriter to, boolean print) throws Exception {
    to.println("heap");
    long baseline = Long.parseLong(expect(from, "HEAP")[1]);
    to.println("stats");
    String[] before = expect(from, "STATS");
    Map<String, long[]> tablesBefore = tables(from, to);
    Map<String, ConcurrentLinkedQueue<Long>> turnaround = new ConcurrentHashMap<>();
    CountDownLatch recording = new CountDownLatch(calls);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(calls);
    AtomicInteger tickets = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      Thread.ofVirtual().start(() -> {
        try {
          FakeAsterisk caller = new FakeAsterisk("139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999)),
              "hotline").keys("1", "1", "#", "1", "")
              .timed((verb, nanos) -> turnaround.computeIfAbsent(verb, v -> new ConcurrentLinkedQueue<>()).add(nanos))
              .on("RECORD FILE", c -> hold(recording, release));
          if (caller.call(port).variables.containsKey("ZHAOWO_TICKET")) {
            tickets.incrementAndGet();
          }
        } catch (Exception e) {
          if (failed.incrementAndGet() <= 3) {
            System.err.println("call failed: " + e);
          }
          recording.countDown();
        } finally {
          done.countDown();
        }
      });
    }
    boolean allHeld = recording.await(120, TimeUnit.SECONDS);
    long held = System.nanoTime();
    to.println("heap");
    String[] heap = expect(from, "HEAP");
    long released = System.nanoTime();
    release.countDown();
    done.await(300, TimeUnit.SECONDS);
    Thread.sleep(2_000); // the call records are written after the calls end
    to.println("stats");
    String[] after = expect(from, "STATS");
    Map<String, long[]> tablesAfter = tables(from, to);
    double seconds = (System.nanoTime() - start - (released - held)) / 1e9;
    if (!print) {
      return;
    }
    System.out.printf("%n== %,d concurrent calls (report flow: 1, 1, #, 1)%s%n", calls, allHeld ? "" : " — not all reached RECORD");
    System.out.printf("completed %,d (tickets %,d, failed %d) in %.2f s: %.0f calls/s%n", done.getCount() == 0 ? calls : calls - done.getCount(),
        tickets.get(), failed.get(), seconds, calls / seconds);
    System.out.printf("server heap with %,d live calls: %+,d KB = %.1f KB per call; server platform threads: %s%n",
        calls, (Long.parseLong(heap[1]) - baseline) / 1024, (Long.parseLong(heap[1]) - baseline) / 1024.0 / calls, heap[3]);
    double[] per = new double[6];
    for (int i = 0; i < 6; i++) {
      per[i] = (Long.parseLong(after[i + 1]) - Long.parseLong(before[i + 1])) / (double) calls;
    }
    System.out.printf("per call: %.1f commits, %.1f inserts, %.1f updates, %.0f tuples read; CPU %.2f ms JVM, %.2f ms"
        + " PostgreSQL%n", per[0], per[1], per[2], per[3], per[4] / 1e6, per[5] / 1e6);
    System.out.printf("%-28s %8s %8s %8s %8s %8s  (per call)%n", "table", "inserts", "updates", "deletes", "seq scan",
        "idx scan");
    for (Map.Entry<String, long[]> t : tablesAfter.entrySet()) {
      long[] a = t.getValue();
      long[] b = tablesBefore.getOrDefault(t.getKey(), new long[5]);
      double[] d = new double[5];
      boolean any = false;
      for (int i = 0; i < 5; i++) {
        d[i] = (a[i] - b[i]) / (double) calls;
        any |= d[i] >= 0.005;
      }
      if (any) {
        System.out.printf("%-28s %8.2f %8.2f %8.2f %8.2f %8.2f%n", t.getKey(), d[0], d[1], d[2], d[3], d[4]);
      }
    }
    System.out.printf("%-14s %8s %9s %9s%n", "command", "count", "p50 ms", "p99 ms");
    for (Map.Entry<String, ConcurrentLinkedQueue<Long>> e : new TreeMap<>(turnaround).entrySet()) {
      List<Long> sorted = new ArrayList<>(e.getValue());
      sorted.sort(null);
      System.out.printf("%-14s %8d %9.2f %9.2f%n", e.getKey(), sorted.size(), pct(sorted, 0.50), pct(sorted, 0.99));
    }
    System.out.println("(turnaround = our reply sent → the IVR's next command; it includes the database work done in"
        + " between: SET VARIABLE follows the resident look-up and the ticket registration)");
  }

  private static Map<String, long[]> tables(BufferedReader from, PrintWriter to) throws java.io.IOException {
    to.println("tables");
    Map<String, long[]> tables = new TreeMap<>();
    String line;
    while ((line = from.readLine()) != null && !line.equals("TABLES end")) {
      if (line.startsWith("TABLE ")) {
        String[] f = line.split(" ");
        long[] v = new long[5];
        for (int i = 0; i < 5; i++) {
          v[i] = Long.parseLong(f[i + 2]);
        }
        tables.put(f[1], v);
      }
    }
    return tables;
  }

  private static void hold(CountDownLatch recording, CountDownLatch release) {
    recording.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double pct(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size()))) / 1e6;
  }

  private static String[] expect(BufferedReader from, String word) throws java.io.IOException {
    String line;
    while ((line = from.readLine()) != null) {
      if (line.startsWith(word + " ")) {
        return line.split(" ");
      }
    }
    throw new IllegalStateException("the bench server ended");
  }
}
