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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What a call produced while the database was away (a report, a survey answer, a call record, a
 * hand-off), kept as one JSON file each, synced to disk before the caller hears it is saved.
 * {@link SpoolDrainer} writes them to the database when it is back; nothing is deleted: written
 * entries move to {@code done/}, those it cannot write (unreadable, refused, failing again and again)
 * to {@code quarantine/}, each beside a {@code .reason} file. Entries older versions refused stay in
 * {@code refused/}, which is no longer read. A report is written here before ticketing is asked, and
 * moved to {@code done/} once it is a ticket ({@link #hold}), so a crash at any point leaves it pending.
 */
final class Spool {
  /** Kinds, in the order they are drained: a call record before the ticket that updates it. */
  static final List<String> KINDS = List.of("call", "handoff", "ticket", "survey");

  private static final AtomicLong SEQUENCE = new AtomicLong();
  private final Path dir;
  private final Clock clock;
  /** Entries written ahead and not yet released: their writer is still at it (names, as in pending/). */
  private final Set<String> held = ConcurrentHashMap.newKeySet();

  /** {@code clock} names entries in the order they were written. */
  Spool(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /** Writes an entry durably for the drainer; blocking (a virtual thread may wait on the disk). */
  Path put(String kind, JsonObject payload) {
    return write(kind, payload, false);
  }

  /**
   * Writes an entry durably ahead of writing it to the database on the caller's own thread (write-ahead):
   * the drainer of this process leaves it alone until it is {@link #release}d or {@link #done}; after a
   * crash nothing holds it, and the next run's drainer replays it.
   */
  Path hold(String kind, JsonObject payload) {
    return write(kind, payload, true);
  }

  /** Replaces a held entry's content, as durably as it was written. */
  void rewrite(Path entry, JsonObject payload) {
    try {
      sync(entry.resolveSibling(entry.getFileName() + ".tmp"), payload, entry);
    } catch (IOException e) {
      throw new UncheckedIOException("could not rewrite " + entry, e);
    }
  }

  /** A held entry is the drainer's to replay from now on. */
  void release(Path entry) {
    held.remove(entry.getFileName().toString());
  }

  private Path write(String kind, JsonObject payload, boolean holding) {
    String name = String.format("%s-%013d-%06d.json", kind, clock.millis(), SEQUENCE.incrementAndGet() % 1_000_000);
    if (holding) {
      held.add(name); // before the file is there: the drainer never sees it unheld
    }
    try {
      Path pending = Files.createDirectories(dir.resolve("pending"));
      Path entry = pending.resolve(name);
      sync(pending.resolve(name + ".tmp"), payload, entry);
      return entry;
    } catch (IOException e) {
      held.remove(name);
      throw new UncheckedIOException("could not spool a " + kind + " to " + dir, e);
    }
  }

  /** The payload in {@code tmp}, on the disk, then renamed to {@code entry} and the rename on the disk too. */
  private static void sync(Path tmp, JsonObject payload, Path entry) throws IOException {
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(payload.encode().getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE); // replaces an entry rewritten
    try (FileChannel folder = FileChannel.open(entry.getParent(), StandardOpenOption.READ)) {
      folder.force(true); // a power cut must not undo the rename
    } catch (IOException notOnThisFileSystem) {
      // some file systems cannot sync a folder; the entry's content is synced all the same
    }
  }

  /** Entries waiting, calls first, each kind oldest first (a file of no known kind before them all). */
  List<Path> pending() {
    return entries("pending", Comparator.comparingInt((Path p) -> KINDS.indexOf(kind(p))).thenComparing(Path::getFileName))
        .stream().filter(p -> !held.contains(p.getFileName().toString())).toList();
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

  /** The entry is in the database: it moves to {@code done/}, held or not. */
  void done(Path entry) throws IOException {
    moveTo(entry, "done");
    release(entry);
  }

  /** Sets an entry aside for a person, with one line saying why; returns where it went. */
  Path quarantine(Path entry, String reason) throws IOException {
    Path target = Files.createDirectories(dir.resolve("quarantine")).resolve(entry.getFileName());
    Files.writeString(reasonOf(target), reason); // first: a crash in between leaves the entry pending, not reasonless
    Path moved = Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
    release(entry);
    return moved;
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
