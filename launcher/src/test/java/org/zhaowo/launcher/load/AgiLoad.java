package org.zhaowo.launcher.load;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.zhaowo.sms.FakeTwilio;

/**
 * The open-loop FastAGI load generator (scripts/bench-load), a benchmark, not a test: it plays Asterisk
 * ({@link Caller}: one virtual thread and one blocking socket per call) against a FastAGI server in a child JVM
 * ({@link Target}): the service ({@code zhaowo}) and asterisk-java's DefaultAgiServer ({@code reference}).
 *
 * <p>With think time (default 3 s for every command that plays to or listens to the caller), calls arrive at
 * a fixed rate, evenly spaced, of N / the call's duration, for the run's length, whatever became of the calls
 * before: the open calls build up to about N and hold there. With {@code --think 0} it is a closed loop of N
 * callers for the run's length. Prints, per (target, size): per-command turnaround (our reply written → the
 * server's next command read, the server's time; the first command's from the header block), calls heard a
 * ticket number / failed / refused, the open calls reached, and, sampled from /proc each second, the server
 * JVM's RSS and threads and the CPU of the JVM and of its PostgreSQL per completed call.
 *
 * <pre>AgiLoad [--think S] [--digit S] [--seconds T] [--target zhaowo|reference|both] [--xmx 2g]
 *         [--db-stop-at S --db-stop-for S] N...</pre>
 * {@code --digit S}: a spoken digit (a STREAM FILE of one digit file, each digit of SAY DIGITS) takes S s instead
 * of the think time. The run's default length is one call's duration (measured in the warm-up) plus 60 s of
 * arrivals (30 s with no think time). {@code --db-stop-at/--db-stop-for} (zhaowo only) SIGSTOP all of the
 * service's PostgreSQL processes for that long, then SIGCONT; afterwards the database is checked either way.
 */
public final class AgiLoad {
  private static final int READ_TIMEOUT_MS = 300_000;
  private static final Set<String> PHONES = ConcurrentHashMap.newKeySet();

  private static long thinkMs;
  private static long digitMs;

  private AgiLoad() {}

  /** One (target, size) run's figures for the summary table. */
  record Row(String target, int size, double think, double seconds, double arrivalsPerSecond, int started,
      int maxOpen, long heard, long failed, long refused, double callSeconds, double firstP50, double firstP99,
      double allP50, double allP99, double allMax, long rssIdleKb, long rssPeakKb, long threadsPeak,
      double jvmMsPerCall, double pgMsPerCall, double jvmNet, double pgNet, String db) {}

  public static void main(String[] args) throws Exception {
    double think = 3;
    double seconds = -1;
    String targets = "both";
    String xmx = "2g";
    double dbStopAt = -1;
    double dbStopFor = 30;
    double digit = -1;
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--think" -> think = Double.parseDouble(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--target" -> targets = args[++i];
        case "--xmx" -> xmx = args[++i];
        case "--digit" -> digit = Double.parseDouble(args[++i]);
        case "--db-stop-at" -> dbStopAt = Double.parseDouble(args[++i]);
        case "--db-stop-for" -> dbStopFor = Double.parseDouble(args[++i]);
        default -> sizes.add(Integer.parseInt(args[i].replace(",", "").replace("_", "")));
      }
    }
    if (sizes.isEmpty()) {
      sizes = List.of(100, 1_000);
    }
    List<String> names = targets.equals("both") ? List.of("zhaowo", "reference") : List.of(targets);
    thinkMs = (long) (think * 1000);
    digitMs = digit < 0 ? -1 : (long) (digit * 1000);
    System.out.printf("AgiLoad: think %.1f s%s, sizes %s, targets %s, run %s, server -Xmx%s, CLK_TCK %d, ulimit -n %s%n",
        think, digit < 0 ? "" : String.format(" (%.2f s a spoken digit)", digit), sizes, names, seconds < 0 ? "default" : seconds + " s", xmx, ProcStats.TICKS_PER_SECOND, ulimit());
    Clock clock = Clock.systemUTC(); // a benchmark runs in real time: the fake Twilio's one clock
    List<Row> rows = new ArrayList<>();
    try (FakeTwilio twilio = new FakeTwilio(clock)) {
      for (String name : names) {
        for (int n : sizes) {
          try (Target target = Target.start(name, xmx, twilio.settings("+15005550006"))) {
            System.out.printf("%n== %s, %,d %s%n   server: %s%n   pid %d, AGI port %d, PostgreSQL data %s%s%n", name, n,
                think > 0 ? "target concurrency (open loop)" : "callers (closed loop, no think time)",
                target.command, target.pid(), target.agiPort, target.pgData,
                target.poolInfo.isEmpty() ? "" : ", DefaultAgiServer " + target.poolInfo);
            rows.add(run(target, n, think, seconds, name.equals("zhaowo") ? dbStopAt : -1, dbStopFor));
          } catch (Exception e) {
            System.out.println("   the run against " + name + " at " + n + " failed: " + e);
            e.printStackTrace(System.out);
          }
        }
      }
      System.out.printf("%n(the fake Twilio took %,d texts)%n", twilio.sent().size());
    }
    summary(rows, think);
    System.exit(0);
  }

  private static Row run(Target target, int n, double think, double seconds, double dbStopAt, double dbStopFor)
      throws Exception {
    // warm-up: a few calls without think time, which also shows the flow and how many commands take the caller's time
    List<Caller.Result> warm = closedLoop(target, Math.min(20, n), 8, true);
    Caller.Result first = warm.stream().filter(r -> r.transcript != null).findFirst().orElse(null);
    if (first != null) {
      System.out.println("   one warm-up call (server's time for each command, the command, our reply):");
      first.transcript.forEach(l -> System.out.println("     " + l));
    }
    double thinkCommands = median(warm.stream().filter(r -> r.outcome == Caller.Outcome.HEARD)
        .mapToDouble(r -> r.thinkCommands).toArray());
    double thinkSeconds = median(warm.stream().filter(r -> r.outcome == Caller.Outcome.HEARD)
        .mapToDouble(r -> r.thinkMillis / 1000.0).toArray());
    double serverSeconds = median(warm.stream().filter(r -> r.outcome == Caller.Outcome.HEARD)
        .mapToDouble(r -> (r.endNanos - r.startNanos) / 1e9).toArray());
    long warmHeard = warm.stream().filter(r -> r.outcome == Caller.Outcome.HEARD).count();
    System.out.printf("   warm-up: %d calls, %d heard a number; a call: %.0f commands of which %.0f take the caller's"
        + " time (%.1f s of it); %.2f s without think time%n", warm.size(), warmHeard,
        median(warm.stream().mapToDouble(r -> r.commands).toArray()), thinkCommands, thinkSeconds, serverSeconds);
    Thread.sleep(5000); // the warm-up's texts and registrations settle
    long idleJvm0 = ProcStats.cpuTicks(target.pid(), false);
    long idlePg0 = ProcStats.postgresTicks(target.pgData);
    long idleStart = System.nanoTime();
    Thread.sleep(10_000); // the server's CPU when no call is open (timers, watches, the outbox's polling)
    double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
    double idleJvmPerS = (ProcStats.cpuTicks(target.pid(), false) - idleJvm0) * 1000.0 / ProcStats.TICKS_PER_SECOND / idleSeconds;
    double idlePgPerS = (ProcStats.postgresTicks(target.pgData) - idlePg0) * 1000.0 / ProcStats.TICKS_PER_SECOND / idleSeconds;

    long pid = target.pid();
    long rssIdle = ProcStats.status(pid)[0];
    long jvm0 = ProcStats.cpuTicks(pid, false);
    long pg0 = ProcStats.postgresTicks(target.pgData);
    AtomicInteger open = new AtomicInteger();
    AtomicInteger maxOpen = new AtomicInteger();
    ConcurrentLinkedQueue<Caller.Result> results = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    double runSeconds;
    double rate = 0;
    int started;
    try (ProcStats.Sampler sampler = new ProcStats.Sampler(pid, open::get)) {
      Thread fault = dbStopAt >= 0 ? Thread.ofPlatform().daemon().start(() -> stopDatabase(target, dbStopAt, dbStopFor, start)) : null;
      Thread progress = Thread.ofPlatform().daemon().start(() -> progress(start, open, results, sampler));
      if (think > 0) {
        double callSeconds = thinkSeconds + serverSeconds;
        rate = n / callSeconds;
        runSeconds = seconds > 0 ? seconds : callSeconds + 60;
        System.out.printf("   open loop: expected call %.1f s, %.2f new calls/s for %.0f s (then the calls in flight end)%n",
            callSeconds, rate, runSeconds);
        started = openLoop(target, rate, runSeconds, (long) (think * 1000), open, maxOpen, results);
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos((long) (callSeconds * 3 + 300));
        while (open.get() > 0 && System.nanoTime() < waitUntil) {
          Thread.sleep(200);
        }
      } else {
        runSeconds = seconds > 0 ? seconds : 30;
        System.out.printf("   closed loop: %,d callers, no think time, for %.0f s%n", n, runSeconds);
        List<Caller.Result> all = closedLoopCounted(target, n, runSeconds, open, maxOpen);
        results.addAll(all);
        started = all.size();
      }
      progress.interrupt();
      if (fault != null) {
        fault.join();
      }
      double wall = (System.nanoTime() - start) / 1e9;
      long jvmTicks = ProcStats.cpuTicks(pid, false) - jvm0;
      long pgTicks = ProcStats.postgresTicks(target.pgData) - pg0;
      List<Caller.Result> done = new ArrayList<>(results);
      long heard = done.stream().filter(r -> r.outcome == Caller.Outcome.HEARD).count();
      long failed = done.stream().filter(r -> r.outcome == Caller.Outcome.FAILED).count();
      long refused = done.stream().filter(r -> r.outcome == Caller.Outcome.REFUSED).count();
      System.out.printf("   %,d calls started in %.0f s (%.2f/s), %,d ended (%,d still open), wall %.1f s%n", started,
          runSeconds, started / runSeconds, done.size(), open.get(), wall);
      if (think <= 0) {
        System.out.printf("   closed loop: %.1f calls/s heard a number%n", heard / runSeconds);
      }
      errors(done);
      Map<String, List<Long>> byVerb = new TreeMap<>();
      List<Long> all = new ArrayList<>();
      List<Long> firsts = new ArrayList<>();
      for (Caller.Result r : done) {
        for (int i = 0; i < r.verbs.size(); i++) {
          byVerb.computeIfAbsent(r.verbs.get(i), v -> new ArrayList<>()).add(r.nanos.get(i));
          if (i == 0) {
            firsts.add(r.nanos.get(i));
          } else {
            all.add(r.nanos.get(i));
          }
        }
      }
      System.out.printf("   %-22s %9s %9s %9s %9s%n", "command (server time)", "count", "p50 ms", "p99 ms", "max ms");
      byVerb.forEach((verb, list) -> printPercentiles(verb, list));
      printPercentiles("all but the first", all);
      double[] callSecs = done.stream().filter(r -> r.outcome == Caller.Outcome.HEARD)
          .mapToDouble(r -> (r.endNanos - r.startNanos) / 1e9).toArray();
      double callP50 = median(callSecs);
      System.out.printf("   a call that heard its number lasted p50 %.1f s, max %.1f s%n", callP50,
          Arrays.stream(callSecs).max().orElse(0));
      long threadsPeak = sampler.peakThreads;
      long rssPeak = sampler.peakRssKb;
      double perCall = maxOpen.get() == 0 ? 0 : (rssPeak - rssIdle) / (double) maxOpen.get();
      System.out.printf("   server JVM: RSS idle %,d KB, peak %,d KB (with %,d calls open; most open %,d) = %.1f KB per open call;"
          + " threads at peak %d%n", rssIdle, rssPeak, sampler.openAtPeakRss, maxOpen.get(), perCall, threadsPeak);
      double jvmMs = heard == 0 ? 0 : jvmTicks * 1000.0 / ProcStats.TICKS_PER_SECOND / heard;
      double pgMs = heard == 0 ? 0 : pgTicks * 1000.0 / ProcStats.TICKS_PER_SECOND / heard;
      System.out.printf("   CPU over %.0f s: JVM %.1f s, PostgreSQL %.1f s = %.1f ms and %.1f ms per call that heard its number"
          + " (idle before the run: JVM %.1f ms/s, PostgreSQL %.1f ms/s; less that idle rate: %.1f and %.1f ms per call)%n",
          wall, jvmTicks / (double) ProcStats.TICKS_PER_SECOND, pgTicks / (double) ProcStats.TICKS_PER_SECOND, jvmMs, pgMs,
          idleJvmPerS, idlePgPerS, heard == 0 ? 0 : jvmMs - idleJvmPerS * wall / heard,
          heard == 0 ? 0 : pgMs - idlePgPerS * wall / heard);
      String db = check(target, done);
      List<Long> firstSorted = sorted(firsts);
      List<Long> allSorted = sorted(all);
      return new Row(target.name, n, think, runSeconds, think > 0 ? rate : heard / runSeconds, started, maxOpen.get(),
          heard, failed, refused, callP50, pct(firstSorted, 0.5), pct(firstSorted, 0.99), pct(allSorted, 0.5),
          pct(allSorted, 0.99), allSorted.isEmpty() ? 0 : allSorted.get(allSorted.size() - 1) / 1e6, rssIdle, rssPeak,
          threadsPeak, jvmMs, pgMs, heard == 0 ? 0 : jvmMs - idleJvmPerS * wall / heard,
          heard == 0 ? 0 : pgMs - idlePgPerS * wall / heard, db);
    }
  }

  /** Starts a call every 1/rate s for runSeconds, each on its own virtual thread; returns how many started. */
  private static int openLoop(Target target, double rate, double runSeconds, long thinkMillis, AtomicInteger open,
      AtomicInteger maxOpen, ConcurrentLinkedQueue<Caller.Result> results) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + (long) (runSeconds * 1e9);
    double interval = 1e9 / rate;
    int i = 0;
    while (true) {
      long at = start + (long) (i * interval);
      if (at >= end) {
        return i;
      }
      long wait = at - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      i++;
      int now = open.incrementAndGet();
      maxOpen.accumulateAndGet(now, Math::max);
      Thread.ofVirtual().start(() -> {
        try {
          results.add(new Caller(phone(), thinkMs, digitMs, true).call("127.0.0.1", target.agiPort, READ_TIMEOUT_MS, false));
        } finally {
          open.decrementAndGet();
        }
      });
    }
  }

  /** The warm-up: {@code callers} at once, each calling again until {@code seconds} are up. */
  private static List<Caller.Result> closedLoop(Target target, int callers, double seconds, boolean show)
      throws InterruptedException {
    ConcurrentLinkedQueue<Caller.Result> out = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      boolean keep = show && c == 0;
      threads.add(Thread.ofVirtual().start(() -> {
        boolean transcript = keep;
        while (System.nanoTime() < end) {
          out.add(new Caller(phone(), thinkMs, digitMs, false).call("127.0.0.1", target.agiPort, READ_TIMEOUT_MS, transcript));
          transcript = false;
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return new ArrayList<>(out);
  }

  private static List<Caller.Result> closedLoopCounted(Target target, int callers, double seconds, AtomicInteger open,
      AtomicInteger maxOpen) throws InterruptedException {
    ConcurrentLinkedQueue<Caller.Result> out = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      threads.add(Thread.ofVirtual().start(() -> {
        while (System.nanoTime() < end) {
          maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
          try {
            out.add(new Caller(phone(), 0, -1, false).call("127.0.0.1", target.agiPort, READ_TIMEOUT_MS, false));
          } finally {
            open.decrementAndGet();
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return new ArrayList<>(out);
  }

  /** A random mobile number, 139xxxxxxxx, not used before in this run of the generator. */
  private static String phone() {
    while (true) {
      String p = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
      if (PHONES.add(p)) {
        return p;
      }
    }
  }

  /** SIGSTOP to every process of the service's PostgreSQL at {@code at} s into the run, SIGCONT {@code forS} later. */
  private static void stopDatabase(Target target, double at, double forS, long start) {
    try {
      sleepUntil(start + (long) (at * 1e9));
      List<Long> pids = ProcStats.postgresPids(target.pgData);
      signal("-STOP", pids);
      System.out.printf("   [%5.1f s] PostgreSQL stopped (SIGSTOP to %d processes)%n", (System.nanoTime() - start) / 1e9, pids.size());
      sleepUntil(start + (long) ((at + forS) * 1e9));
      Set<Long> all = new HashSet<>(pids);
      all.addAll(ProcStats.postgresPids(target.pgData));
      signal("-CONT", new ArrayList<>(all));
      System.out.printf("   [%5.1f s] PostgreSQL continued (SIGCONT)%n", (System.nanoTime() - start) / 1e9);
    } catch (Exception e) {
      System.out.println("   the database fault failed: " + e);
    }
  }

  private static void signal(String sig, List<Long> pids) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kill", sig));
    pids.forEach(p -> cmd.add(String.valueOf(p)));
    new ProcessBuilder(cmd).inheritIO().start().waitFor();
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long wait = nanos - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private static void progress(long start, AtomicInteger open, ConcurrentLinkedQueue<Caller.Result> results,
      ProcStats.Sampler sampler) {
    try {
      while (true) {
        Thread.sleep(10_000);
        long heard = 0;
        long failed = 0;
        long refused = 0;
        for (Caller.Result r : results) {
          switch (r.outcome) {
            case HEARD -> heard++;
            case FAILED -> failed++;
            case REFUSED -> refused++;
          }
        }
        System.err.printf("   [%5.0f s] open %,d, heard %,d, failed %,d, refused %,d, server RSS %,d KB%n",
            (System.nanoTime() - start) / 1e9, open.get(), heard, failed, refused, sampler.lastRssKb);
      }
    } catch (InterruptedException done) {
      // the run is over
    }
  }

  private static void errors(List<Caller.Result> done) {
    Map<String, Integer> kinds = new HashMap<>();
    for (Caller.Result r : done) {
      if (r.outcome != Caller.Outcome.HEARD) {
        String kind = r.outcome + ": " + (r.error == null ? "closed after " + r.commands + " commands, no number"
            : r.error.replaceAll("\\d+", "#"));
        kinds.merge(kind, 1, Integer::sum);
      }
    }
    kinds.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
        .forEach(e -> System.out.printf("   %,7d × %s%n", e.getValue(), e.getKey()));
  }

  /**
   * After the run, once the service's spool has drained (nothing pending in it and the ticket count unchanged for
   * 10 s, at most 6 min: the drainer backs off while the database is busy), every number a caller heard is looked up
   * as exactly one ticket of that caller.
   */
  private static String check(Target target, List<Caller.Result> done) {
    try {
      long last = -1;
      long stableSince = System.nanoTime();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
      long waitStable = target.name.equals("zhaowo") ? 10 : 0;
      while (System.nanoTime() < deadline) {
        long count = target.ticketCount();
        if (count != last) {
          last = count;
          stableSince = System.nanoTime();
        } else if (System.nanoTime() - stableSince >= TimeUnit.SECONDS.toNanos(waitStable)
            && target.spoolPending() <= 0) {
          break;
        }
        Thread.sleep(1000);
      }
      Set<String> phones = new HashSet<>();
      Map<String, String> phoneByNumberHeard = new HashMap<>();
      int heardTwice = 0;
      for (Caller.Result r : done) {
        phones.add(r.phone);
        if (r.number != null && phoneByNumberHeard.put(r.number, r.phone) != null) {
          heardTwice++;
        }
      }
      Map<String, String[]> byNumber = new HashMap<>();
      Map<String, Integer> perPhone = new HashMap<>();
      Map<String, Integer> perKey = new HashMap<>();
      int ours = 0;
      for (String[] t : target.tickets()) {
        byNumber.put(t[0], t);
        String phone = national(t[1]);
        if (phones.contains(phone)) {
          ours++;
          perPhone.merge(phone, 1, Integer::sum);
          if (t[2] != null) {
            perKey.merge(t[2], 1, Integer::sum);
          }
        }
      }
      int missing = 0;
      int wrongCaller = 0;
      for (Map.Entry<String, String> e : phoneByNumberHeard.entrySet()) {
        String[] t = byNumber.get(e.getKey());
        if (t == null) {
          missing++;
        } else if (!e.getValue().equals(national(t[1]))) {
          wrongCaller++;
        }
      }
      long dupPhones = perPhone.values().stream().filter(v -> v > 1).count();
      long dupKeys = perKey.values().stream().filter(v -> v > 1).count();
      long unheard = byNumber.values().stream().filter(t -> phones.contains(national(t[1])))
          .filter(t -> !phoneByNumberHeard.containsKey(t[0])).count();
      long pending = target.spoolPending();
      String line = String.format("tickets %d, heard %d, missing %d, wrong caller %d, callers with 2+ tickets %d,"
          + " same intake key twice %d, number heard twice %d, tickets whose number nobody heard %d%s", ours,
          phoneByNumberHeard.size(), missing, wrongCaller, dupPhones, dupKeys, heardTwice, unheard,
          pending >= 0 ? ", spool pending " + pending : "");
      System.out.println("   database: " + line);
      return String.format("%d/%d/%d/%d", ours, missing, dupPhones + dupKeys + heardTwice, unheard);
    } catch (Exception e) {
      System.out.println("   database check failed: " + e);
      return "check failed";
    }
  }

  private static String national(String phone) {
    if (phone == null) {
      return "";
    }
    String digits = phone.replaceAll("\\D", "");
    return digits.length() > 11 ? digits.substring(digits.length() - 11) : digits;
  }

  private static void summary(List<Row> rows, double think) {
    System.out.printf("%n== Summary (think %.1f s; turnaround = our reply written → the server's next command read;"
        + " CPU ms per call that heard its number, net = less the idle rate before the run; db = tickets/missing/duplicates/tickets nobody heard)%n", think);
    System.out.printf("%-9s %7s %8s %8s %8s %8s %7s %7s %7s %15s %22s %8s %8s %8s %7s %8s %8s %8s %8s %s%n", "target", "N",
        think > 0 ? "new/s" : "calls/s", "started", "maxOpen", "heard", "failed", "refused", "call s", "1st p50/p99 ms",
        "cmd p50/p99/max ms", "RSS0 MB", "RSSpk MB", "KB/call", "thr pk", "JVM ms", "PG ms", "JVM net", "PG net", "db");
    for (Row r : rows) {
      System.out.printf("%-9s %,7d %8.1f %,8d %,8d %,8d %,7d %,7d %7.1f %15s %22s %8.0f %8.0f %8.1f %7d %8.1f %8.1f %8.1f %8.1f %s%n",
          r.target(), r.size(), r.arrivalsPerSecond(), r.started(), r.maxOpen(), r.heard(), r.failed(), r.refused(),
          r.callSeconds(), String.format("%.1f/%.1f", r.firstP50(), r.firstP99()),
          String.format("%.1f/%.1f/%.0f", r.allP50(), r.allP99(), r.allMax()), r.rssIdleKb() / 1024.0,
          r.rssPeakKb() / 1024.0, r.maxOpen() == 0 ? 0 : (r.rssPeakKb() - r.rssIdleKb()) / (double) r.maxOpen(),
          r.threadsPeak(), r.jvmMsPerCall(), r.pgMsPerCall(), r.jvmNet(), r.pgNet(), r.db());
    }
  }

  private static void printPercentiles(String name, List<Long> values) {
    List<Long> s = sorted(values);
    if (s.isEmpty()) {
      return;
    }
    System.out.printf("   %-22s %9d %9.2f %9.2f %9.1f%n", name, s.size(), pct(s, 0.5), pct(s, 0.99), s.get(s.size() - 1) / 1e6);
  }

  private static List<Long> sorted(List<Long> values) {
    List<Long> s = new ArrayList<>(values);
    s.sort(null);
    return s;
  }

  private static double pct(List<Long> sorted, double p) {
    return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size()))) / 1e6;
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] s = values.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static String ulimit() {
    try {
      Process p = new ProcessBuilder("sh", "-c", "ulimit -n").start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor();
      return out;
    } catch (Exception e) {
      return "?";
    }
  }
}
