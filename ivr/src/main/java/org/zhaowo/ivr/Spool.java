package org.zhaowo.ivr;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What a call produced while the database was away (a report, a survey answer, a call record, a
 * hand-off), kept as one JSON file each, synced to disk before the caller hears it is saved.
 * {@link SpoolDrainer} writes them to the database when it is back; nothing is deleted: written
 * entries move to {@code done/}, refused ones to {@code refused/}.
 */
final class Spool {
  /** Kinds, in the order they are drained: a call record before the ticket that updates it. */
  static final List<String> KINDS = List.of("call", "handoff", "ticket", "survey");

  private static final AtomicLong SEQUENCE = new AtomicLong();
  private final Path dir;
  private final Clock clock;

  /** {@code clock} names entries in the order they were written. */
  Spool(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /** Writes an entry durably; blocking (a virtual thread may wait on the disk). */
  void put(String kind, JsonObject payload) {
    try {
      Path pending = Files.createDirectories(dir.resolve("pending"));
      String name = String.format("%s-%013d-%06d.json", kind, clock.millis(), SEQUENCE.incrementAndGet() % 1_000_000);
      Path tmp = pending.resolve(name + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(payload.encode().getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      Files.move(tmp, pending.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not spool a " + kind + " to " + dir, e);
    }
  }

  /** Entries waiting, calls first, each kind oldest first. */
  List<Path> pending() {
    Path pending = dir.resolve("pending");
    if (!Files.isDirectory(pending)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(pending)) {
      return files.filter(p -> p.toString().endsWith(".json"))
          .sorted(Comparator.comparingInt((Path p) -> KINDS.indexOf(kind(p))).thenComparing(Path::getFileName))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String kind(Path entry) {
    String name = entry.getFileName().toString();
    return name.substring(0, name.indexOf('-'));
  }

  static JsonObject read(Path entry) throws IOException {
    return new JsonObject(Files.readString(entry));
  }

  void done(Path entry) throws IOException {
    moveTo(entry, "done");
  }

  void refused(Path entry, String reason) throws IOException {
    Path target = moveTo(entry, "refused");
    Files.writeString(target.resolveSibling(target.getFileName() + ".reason"), reason);
  }

  private Path moveTo(Path entry, String folder) throws IOException {
    Path target = Files.createDirectories(dir.resolve(folder)).resolve(entry.getFileName());
    return Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
