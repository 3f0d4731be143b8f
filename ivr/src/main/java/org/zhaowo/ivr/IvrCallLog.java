package org.zhaowo.ivr;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.zhaowo.ticketing.CallLog;
import org.zhaowo.ticketing.GatheredCall;

/**
 * The agent console's view of the IVR's records: one call is its hand-offs and its call records (one per
 * AGI script the channel ran: the hotline, then perhaps the progress check while queued), merged. Either
 * may be missing yet: a call record is written when the call leaves the IVR, a hand-off just before.
 * Recordings are named as Asterisk's file without folder and extension ({@code 1795336174.2-report}),
 * and found in the recordings folder when this machine can read it.
 */
final class IvrCallLog implements CallLog {
  private static final String CALLS = """
      SELECT unique_id, caller, started_at, path, last_menu, outcome, ticket_number, recording, elderly, category
      FROM ivr_calls WHERE unique_id = ANY($1) ORDER BY started_at
      """;
  private static final String HANDOFFS = """
      SELECT unique_id, caller, ticket_number, reason, path, elderly, created_at, category
      FROM agent_handoffs WHERE unique_id = ANY($1) ORDER BY created_at
      """;
  /** A caller's calls, newest first, whether their record is written yet or only their hand-off. */
  private static final String RECENT = """
      SELECT unique_id FROM (
        SELECT unique_id, started_at AS at FROM ivr_calls WHERE caller = $1
        UNION ALL
        SELECT unique_id, created_at FROM agent_handoffs WHERE caller = $1) seen
      GROUP BY unique_id ORDER BY min(at) DESC LIMIT $2
      """;
  /** What Asterisk names a recording (ReportMenu.recordingPath): no folder, no leading dot, no "..". */
  private static final Pattern PLAIN_NAME = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,199}");
  private static final String EXTENSION = ".wav"; // AgiCallSession records with RECORD FILE … wav

  private final Pool pool;
  private final String recordingsDir;

  IvrCallLog(Pool pool, IvrSettings settings) {
    this.pool = pool;
    this.recordingsDir = settings.recordingsDir().replaceAll("/+$", "");
  }

  @Override
  public Future<Optional<GatheredCall>> call(String uniqueId) {
    return gathered(List.of(uniqueId)).map(calls -> calls.stream().findFirst());
  }

  @Override
  public Future<List<GatheredCall>> recentCalls(String phone, int limit) {
    return pool.preparedQuery(RECENT).execute(Tuple.of(phone, Math.clamp(limit, 0, 100)))
        .map(rows -> rows(rows).stream().map(r -> r.getString("unique_id")).toList())
        .compose(this::gathered);
  }

  /**
   * The file of a recording named as {@link GatheredCall#recording()} names it, or as a ticket's recording
   * field holds it (the full path Asterisk wrote, {@code <recordings dir>/<name>.wav}); empty for any other
   * name, and when the file is not readable here.
   */
  @Override
  public Optional<Path> recording(String name) {
    String plain = plainName(name);
    if (plain == null) {
      return Optional.empty();
    }
    Path folder = Path.of(recordingsDir);
    Path file = folder.resolve(plain + EXTENSION);
    try { // a stat or two: quick enough for any thread
      return Files.isRegularFile(file) && Files.isReadable(file)
          && file.toRealPath().startsWith(folder.toRealPath()) ? Optional.of(file) : Optional.empty();
    } catch (IOException | SecurityException unreadable) {
      return Optional.empty();
    }
  }

  /** The recording's name in {@code name} (a plain name, or the path the IVR stored), or null when it is neither. */
  private String plainName(String name) {
    if (name == null) {
      return null;
    }
    String plain = name.startsWith(recordingsDir + "/") ? name.substring(recordingsDir.length() + 1) : name;
    plain = plain.endsWith(EXTENSION) ? plain.substring(0, plain.length() - EXTENSION.length()) : plain;
    return PLAIN_NAME.matcher(plain).matches() && !plain.contains("..") ? plain : null;
  }

  /** The name of a recording the IVR stored as a path ({@code /var/spool/asterisk/zhaowo/1795336174.2-report.wav}). */
  static String recordingName(String stored) {
    if (stored == null) {
      return null;
    }
    String file = stored.substring(stored.lastIndexOf('/') + 1);
    return file.endsWith(EXTENSION) ? file.substring(0, file.length() - EXTENSION.length()) : file;
  }

  private Future<List<GatheredCall>> gathered(List<String> uniqueIds) {
    if (uniqueIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Tuple ids = Tuple.tuple().addArrayOfString(uniqueIds.toArray(String[]::new));
    return pool.preparedQuery(CALLS).execute(ids).compose(calls -> pool.preparedQuery(HANDOFFS).execute(ids)
        .map(handoffs -> {
          Map<String, List<Row>> callsById = byId(rows(calls));
          Map<String, List<Row>> handoffsById = byId(rows(handoffs));
          List<GatheredCall> found = new ArrayList<>();
          for (String id : uniqueIds) {
            List<Row> c = callsById.getOrDefault(id, List.of());
            List<Row> h = handoffsById.getOrDefault(id, List.of());
            if (!c.isEmpty() || !h.isEmpty()) {
              found.add(merged(id, c, h));
            }
          }
          return found;
        }));
  }

  /** One call from its records (oldest first) and hand-offs (oldest first), at least one of them present. */
  private static GatheredCall merged(String uniqueId, List<Row> calls, List<Row> handoffs) {
    Row handoff = handoffs.isEmpty() ? null : handoffs.getLast();
    Row latest = calls.isEmpty() ? null : calls.getLast();
    List<String> path = new ArrayList<>();
    if (calls.isEmpty()) {
      path.addAll(Arrays.asList(handoff.getArrayOfStrings("path")));
    }
    calls.forEach(c -> path.addAll(Arrays.asList(c.getArrayOfStrings("path"))));
    Instant at = calls.isEmpty() ? time(handoffs.getFirst(), "created_at")
        : handoff == null ? time(calls.getFirst(), "started_at")
        : min(time(calls.getFirst(), "started_at"), time(handoffs.getFirst(), "created_at"));
    String lastMenu = latest != null && latest.getString("last_menu") != null ? latest.getString("last_menu")
        : path.isEmpty() ? null : path.getLast();
    return new GatheredCall(uniqueId, CallRecords.presentedNumber(newest("caller", calls, handoffs)), at,
        handoff == null ? null : handoff.getString("reason"), path, lastMenu,
        latest == null ? null : latest.getString("outcome"), newest("ticket_number", calls, handoffs),
        recordingName(newest("recording", calls, List.of())),
        calls.stream().anyMatch(r -> r.getBoolean("elderly")) || handoffs.stream().anyMatch(r -> r.getBoolean("elderly")),
        newest("category", calls, handoffs));
  }

  /** The newest non-null value of a column, from the call records first, then the hand-offs. */
  private static String newest(String column, List<Row> calls, List<Row> handoffs) {
    for (List<Row> rows : List.of(calls, handoffs)) {
      for (int i = rows.size() - 1; i >= 0; i--) {
        if (rows.get(i).getString(column) != null) {
          return rows.get(i).getString(column);
        }
      }
    }
    return null;
  }

  private static Map<String, List<Row>> byId(List<Row> rows) {
    Map<String, List<Row>> byId = new LinkedHashMap<>();
    rows.forEach(r -> byId.computeIfAbsent(r.getString("unique_id"), k -> new ArrayList<>()).add(r));
    return byId;
  }

  private static List<Row> rows(Iterable<Row> rows) {
    return StreamSupport.stream(rows.spliterator(), false).toList();
  }

  private static Instant time(Row row, String column) {
    return row.getOffsetDateTime(column).toInstant();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
