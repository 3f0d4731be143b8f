package org.zhaowo.launcher.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The server's side, read from /proc: VmRSS and Threads of the server JVM (/proc/PID/status), CPU time
 * (utime + stime of /proc/PID/stat, in clock ticks) of the JVM and, apart, of its PostgreSQL (the postmaster
 * named in the data folder's postmaster.pid, its live children, and what its exited children used, cutime +
 * cstime of the postmaster). Sampled once a second by {@link Sampler}.
 */
final class ProcStats {
  static final long TICKS_PER_SECOND = ticksPerSecond();

  private ProcStats() {}

  private static long ticksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor();
      return Long.parseLong(out);
    } catch (Exception e) {
      return 100;
    }
  }

  /** {VmRSS in KB, Threads}, or {-1, -1} once the process is gone. */
  static long[] status(long pid) {
    long rss = -1;
    long threads = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("\\D", ""));
        } else if (line.startsWith("Threads:")) {
          threads = Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the process ended
    }
    return new long[] {rss, threads};
  }

  /** utime + stime (and, with {@code children}, cutime + cstime) in ticks; 0 when the process is gone. */
  static long cpuTicks(long pid, boolean children) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      if (children) {
        ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
      }
      return ticks;
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }

  static Optional<Long> postmaster(Path pgData) {
    try {
      return Optional.of(Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).strip()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The port in postmaster.pid (its fourth line). */
  static int postgresPort(Path pgData) throws IOException {
    return Integer.parseInt(Files.readAllLines(pgData.resolve("postmaster.pid")).get(3).strip());
  }

  /** The postmaster and all its descendants (backends, checkpointer, wal writer, …). */
  static List<Long> postgresPids(Path pgData) {
    List<Long> pids = new ArrayList<>();
    postmaster(pgData).flatMap(ProcessHandle::of).ifPresent(pm -> {
      pids.add(pm.pid());
      pm.descendants().forEach(d -> pids.add(d.pid()));
    });
    return pids;
  }

  /** The PostgreSQL's CPU ticks: its live processes' own, and what its exited backends used (the postmaster's children). */
  static long postgresTicks(Path pgData) {
    Optional<Long> pm = postmaster(pgData);
    if (pm.isEmpty()) {
      return 0;
    }
    long ticks = cpuTicks(pm.get(), true);
    for (long pid : postgresPids(pgData)) {
      if (pid != pm.get()) {
        ticks += cpuTicks(pid, false);
      }
    }
    return ticks;
  }

  /** Samples the server once a second: peak RSS, peak threads, the open calls then. */
  static final class Sampler implements AutoCloseable {
    private final long pid;
    private final IntSupplier openCalls;
    private final Thread thread;
    volatile long peakRssKb;
    volatile long peakThreads;
    volatile int openAtPeakRss;
    volatile long lastRssKb;
    private volatile boolean stop;

    Sampler(long pid, IntSupplier openCalls) {
      this.pid = pid;
      this.openCalls = openCalls;
      this.thread = Thread.ofPlatform().daemon().name("sampler").start(this::loop);
    }

    private void loop() {
      while (!stop) {
        long[] s = status(pid);
        if (s[0] > peakRssKb) {
          peakRssKb = s[0];
          openAtPeakRss = openCalls.getAsInt();
        }
        lastRssKb = s[0];
        peakThreads = Math.max(peakThreads, s[1]);
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      thread.interrupt();
      thread.join();
    }
  }
}
