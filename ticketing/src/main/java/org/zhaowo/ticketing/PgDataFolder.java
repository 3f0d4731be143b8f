package org.zhaowo.ticketing;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server's folder on disk: the password beside it, its {@code pg_hba.conf}, and the
 * postmaster its {@code postmaster.pid} names.
 */
final class PgDataFolder {
  private static final Logger log = LoggerFactory.getLogger(PgDataFolder.class);
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final List<String> PASSWORD_ONLY_HBA = List.of(
      "# Written by Zhaowo: every connection needs the password in ../db-password (SCRAM-SHA-256).",
      "local   all          all                   scram-sha-256",
      "host    all          all   127.0.0.1/32    scram-sha-256",
      "host    all          all   ::1/128         scram-sha-256",
      "local   replication  all                   scram-sha-256",
      "host    replication  all   127.0.0.1/32    scram-sha-256",
      "host    replication  all   ::1/128         scram-sha-256");

  private final Path dir;

  PgDataFolder(Path dir) {
    this.dir = dir.toAbsolutePath();
  }

  Path dir() {
    return dir;
  }

  Path passwordFile() {
    return dir.resolveSibling("db-password");
  }

  /** The server's password, made (random, readable by the owner only) on first start and kept. */
  String password() throws IOException {
    Path file = passwordFile();
    if (Files.exists(file)) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
      return Files.readString(file).strip();
    }
    if (isInitialized() && !trustsConnections()) {
      throw new IllegalStateException(file + " is missing, and the database in " + dir
          + " only lets in connections with that password: put the file back");
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    Path written = Files.createTempFile(dir.getParent(), ".db-password", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(written, password + "\n");
    Files.move(written, file, ATOMIC_MOVE);
    log.info("Generated the embedded PostgreSQL's password in {}", file);
    return password;
  }

  boolean isInitialized() {
    return Files.exists(dir.resolve("postgresql.conf"));
  }

  /** Whether {@code pg_hba.conf} lets a connection in without a password, as the embedded library's initdb writes it. */
  boolean trustsConnections() throws IOException {
    return Files.readAllLines(dir.resolve("pg_hba.conf")).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .anyMatch(line -> List.of(line.split("\\s+")).contains("trust"));
  }

  void requirePasswords() throws IOException {
    Path hba = dir.resolve("pg_hba.conf");
    Path written = Files.createTempFile(dir, "pg_hba", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.write(written, PASSWORD_ONLY_HBA);
    Files.move(written, hba, ATOMIC_MOVE, REPLACE_EXISTING);
  }

  /** Fails when another running service holds the folder (by the embedded library's lock file). */
  void requireUnused() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir.resolve("epg-lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        throw new IllegalStateException("the database in " + dir + " is in use by another running service");
      }
    } catch (OverlappingFileLockException e) {
      throw new IllegalStateException("the database in " + dir + " is already open in this process", e);
    }
  }

  /** The postmaster {@code postmaster.pid} names, while it runs. */
  Optional<ProcessHandle> postmaster() throws IOException {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("postmaster.pid"));
      long pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).strip());
      // a pid taken since by another program is not a postmaster; an unreadable command is given the benefit
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(command -> command.endsWith("postgres")).orElse(true));
    } catch (NoSuchFileException | NumberFormatException gone) {
      return Optional.empty();
    }
  }

  /**
   * Stops a postmaster that an earlier run of the service left running when it was killed: SIGTERM,
   * a smart shutdown that the dead run's closed connections no longer hold up; SIGKILL past {@code bound}.
   */
  void stopLeftover(Duration bound) throws IOException {
    Optional<ProcessHandle> leftover = postmaster();
    if (leftover.isEmpty()) {
      return;
    }
    ProcessHandle postmaster = leftover.get();
    log.warn("The embedded PostgreSQL of an earlier run still runs in {} (pid {}): that run ended without stopping it;"
        + " stopping it before starting again", dir, postmaster.pid());
    List<ProcessHandle> children = postmaster.descendants().toList();
    postmaster.destroy();
    awaitExit(List.of(postmaster), bound);
    awaitExit(children, bound);
    log.info("Stopped the earlier run's PostgreSQL (pid {})", postmaster.pid());
  }

  /**
   * Waits for the processes to end, killing those still there after {@code bound}: a postmaster's
   * children hold its shared memory, and a new postmaster refuses to start while they do.
   */
  static void awaitExit(List<ProcessHandle> processes, Duration bound) {
    for (ProcessHandle process : processes) {
      if (!exited(process, bound)) {
        log.warn("PostgreSQL process {} did not stop within {} s: killing it", process.pid(), bound.toSeconds());
        process.destroyForcibly();
        exited(process, bound);
      }
    }
  }

  private static boolean exited(ProcessHandle process, Duration bound) {
    try {
      process.onExit().get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
