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
 * entries move to {@code done/}, those it cannot write (unreadable, refused, failing again and again)
 * to {@code quarantine/}, each beside a {@code .reason} file. Entries older versions refused stay in
 * {@code refused/}, which is no longer read.
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

  /** Entries waiting, calls first, each kind oldest first (a file of no known kind before them all). */
  List<Path> pending() {
    return entries("pending", Comparator.comparingInt((Path p) -> KINDS.indexOf(kind(p))).thenComparing(Path::getFileName));
  }

  /** Entries set aside, by name. */
  List<Path> quarantined() {
    return entries("quarantine", Comparator.comparing(Path::getFileName));
  }

  private List<Path> entries(String folder, Comparator<Path> order) {
    Path entries = dir.resolve(folder);
    if (!Files.isDirectory(entries)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(entries)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted(order).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kind an entry's name starts with; any file name gives one, known or not. */
  static String kind(Path entry) {
    String name = entry.getFileName().toString();
    int dash = name.indexOf('-');
    return dash > 0 ? name.substring(0, dash) : name;
  }

  /** The entry; a DecodeException or CharacterCodingException when its file is not a JSON object in UTF-8. */
  static JsonObject read(Path entry) throws IOException {
    return new JsonObject(Files.readString(entry));
  }

  void done(Path entry) throws IOException {
    moveTo(entry, "done");
  }

  /** Sets an entry aside for a person, with one line saying why; returns where it went. */
  Path quarantine(Path entry, String reason) throws IOException {
    Path target = Files.createDirectories(dir.resolve("quarantine")).resolve(entry.getFileName());
    Files.writeString(reasonOf(target), reason); // first: a crash in between leaves the entry pending, not reasonless
    return Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Where the reason of an entry set aside is kept. */
  static Path reasonOf(Path quarantined) {
    return quarantined.resolveSibling(quarantined.getFileName() + ".reason");
  }

  private Path moveTo(Path entry, String folder) throws IOException {
    Path target = Files.createDirectories(dir.resolve(folder)).resolve(entry.getFileName());
    return Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
