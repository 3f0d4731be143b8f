package org.zhaowo.ivr;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * All SQL that writes the IVR's records: call records and hand-offs, written from their JSON form (the
 * spool keeps the same), the queue's answer to a hand-off, the tickets spooled reports became, and the
 * spool entries set aside. Writing one twice is harmless, so a spooled record may be replayed. What the
 * agent console reads of them is in {@link IvrCallLog}.
 */
final class CallRecords {
  private static final String INSERT_CALL = """
      INSERT INTO ivr_calls (unique_id, channel, caller, script, started_at, ended_at, path, last_menu, outcome,
                             ticket_number, elderly, recording, category)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
      ON CONFLICT (unique_id, started_at) DO NOTHING
      """;
  /** The same for many records at once, from a JSON array of objects named as the columns. */
  private static final String INSERT_CALLS = """
      INSERT INTO ivr_calls (unique_id, channel, caller, script, started_at, ended_at, path, last_menu, outcome,
                             ticket_number, elderly, recording, category)
      SELECT unique_id, channel, caller, script, started_at, ended_at, path, last_menu, outcome, ticket_number, elderly,
             recording, category
      FROM jsonb_to_recordset($1::jsonb) AS x(unique_id text, channel text, caller text, script text,
           started_at timestamptz, ended_at timestamptz, path text[], last_menu text, outcome text, ticket_number text,
           elderly boolean, recording text, category text)
      ON CONFLICT (unique_id, started_at) DO NOTHING
      """;
  private static final String INSERT_HANDOFF = """
      INSERT INTO agent_handoffs (unique_id, caller, ticket_number, reason, path, elderly, created_at, category)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (unique_id, created_at) DO NOTHING
      """;
  /** The queue answered (or lost) the caller: the call's newest hand-off still waiting says so. */
  private static final String HANDOFF_STATE = """
      UPDATE agent_handoffs SET state = $2
      WHERE id = (SELECT id FROM agent_handoffs WHERE unique_id = $1 AND state = 'waiting'
                  ORDER BY created_at DESC LIMIT 1)
      """;
  private static final String SPOOLED_TICKET = """
      INSERT INTO ivr_spooled_tickets (unique_id, ticket_number, registered_at) VALUES ($1, $2, $3)
      ON CONFLICT DO NOTHING
      """;
  /** The newest ticket a spooled report of the call became, if the call record still lacks one. */
  private static final String LINK_SPOOLED_TICKET = """
      UPDATE ivr_calls c SET ticket_number = s.ticket_number
      FROM (SELECT ticket_number FROM ivr_spooled_tickets WHERE unique_id = $1 ORDER BY registered_at DESC LIMIT 1) s
      WHERE c.unique_id = $1 AND c.ticket_number IS NULL
      """;
  private static final String QUARANTINED = """
      INSERT INTO ivr_spool_quarantine (entry, kind, caller, unique_id, reason, quarantined_at, payload, raw)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (entry) DO NOTHING
      """;

  private final Pool pool;

  CallRecords(Pool pool) {
    this.pool = pool;
  }

  static JsonObject call(Call call, Instant endedAt) {
    return new JsonObject()
        .put("uniqueId", call.request.uniqueId())
        .put("channel", call.request.channel())
        .put("caller", call.callerPhone() != null ? call.callerPhone() : call.request.callerId())
        .put("script", call.request.script())
        .put("startedAt", call.startedAt.toString())
        .put("endedAt", endedAt.toString())
        .put("path", new JsonArray(call.path()))
        .put("lastMenu", call.lastMenu())
        .put("outcome", (call.outcome() == null ? Outcome.ABANDONED : call.outcome()).wire())
        .put("ticket", call.ticketNumber())
        .put("elderly", call.elderly())
        .put("recording", call.recording())
        .put("category", call.category());
  }

  static JsonObject handoff(Call call, ToAgent.Reason reason, Instant at) {
    return new JsonObject()
        .put("uniqueId", call.request.uniqueId())
        .put("caller", call.callerPhone() != null ? call.callerPhone() : call.request.callerId())
        .put("ticket", call.ticketNumber())
        .put("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
        .put("path", new JsonArray(call.path()))
        .put("elderly", call.elderly())
        .put("at", at.toString())
        .put("category", call.category());
  }

  /**
   * Writes a call record. One that recorded something but has no ticket number may belong to a
   * report spooled and registered before this record was written: it then takes that ticket's number.
   * Records are written in groups: the calls ending while one group is written go together in the next,
   * one statement and one commit for all of them (a call ending alone is written at once).
   */
  Future<Void> insertCall(JsonObject c) {
    Promise<Void> written = Promise.promise();
    boolean start;
    synchronized (queued) {
      queued.add(new Queued(c, written));
      start = !writing;
      writing = true;
    }
    if (start) {
      writeQueued();
    }
    // after the insert has committed: a report registered meanwhile is either seen here or links this row itself
    return c.getString("ticket") == null && c.getString("recording") != null
        ? written.future().compose(v -> linkSpooledTicket(c.getString("uniqueId"))) : written.future();
  }

  private record Queued(JsonObject record, Promise<Void> written) {}

  private static final int MAX_GROUP = 500;
  private final java.util.ArrayDeque<Queued> queued = new java.util.ArrayDeque<>();
  private boolean writing;

  /** Writes what is queued, then what queued meanwhile, until nothing is left. */
  private void writeQueued() {
    List<Queued> group = new ArrayList<>();
    synchronized (queued) {
      while (!queued.isEmpty() && group.size() < MAX_GROUP) {
        group.add(queued.poll());
      }
      if (group.isEmpty()) {
        writing = false;
        return;
      }
    }
    Future<Void> done = group.size() == 1 ? insertOne(group.getFirst().record()) : insertGroup(group)
        // one record the database refuses (or that cannot be read) must not fail the others with it: each alone then
        // (not when the database is away: then they all wait for the spool)
        .recover(e -> unreachable(e) ? Future.failedFuture(e) : Future.join(group.stream().map(q -> insertOne(q.record())
            .onComplete(q.written())).toList()).mapEmpty());
    done.onComplete(ar -> {
      for (Queued q : group) {
        if (ar.succeeded()) {
          q.written().tryComplete();
        } else {
          q.written().tryFail(ar.cause());
        }
      }
      writeQueued();
    });
  }

  /** A failure of the connection, not of a statement or a record: the server is gone, slow or refusing. */
  private static boolean unreachable(Throwable e) {
    return !(e instanceof io.vertx.pgclient.PgException) && (e instanceof io.vertx.core.VertxException
        || e instanceof java.io.IOException || e instanceof java.util.concurrent.TimeoutException);
  }

  private Future<Void> insertGroup(List<Queued> group) {
    JsonArray rows = new JsonArray();
    try {
      for (Queued q : group) {
        JsonObject c = q.record();
        rows.add(new JsonObject().put("unique_id", c.getString("uniqueId")).put("channel", c.getString("channel"))
            .put("caller", c.getString("caller")).put("script", c.getString("script"))
            .put("started_at", time(c.getString("startedAt")).toString())
            .put("ended_at", time(c.getString("endedAt")).toString()).put("path", new JsonArray(List.of(path(c))))
            .put("last_menu", c.getString("lastMenu")).put("outcome", c.getString("outcome"))
            .put("ticket_number", c.getString("ticket")).put("elderly", c.getBoolean("elderly"))
            .put("recording", c.getString("recording")).put("category", c.getString("category")));
      }
    } catch (RuntimeException malformed) { // a record that cannot be read (an old or damaged spool file)
      return Future.failedFuture(malformed);
    }
    return pool.preparedQuery(INSERT_CALLS).execute(Tuple.of(rows)).mapEmpty();
  }

  private Future<Void> insertOne(JsonObject c) {
    try {
      return pool.preparedQuery(INSERT_CALL).execute(Tuple.from(new Object[] {
          c.getString("uniqueId"), c.getString("channel"), c.getString("caller"), c.getString("script"),
          time(c.getString("startedAt")), time(c.getString("endedAt")), path(c), c.getString("lastMenu"),
          c.getString("outcome"), c.getString("ticket"), c.getBoolean("elderly"), c.getString("recording"),
          c.getString("category")})).mapEmpty(); // null in a record spooled before calls kept their category
    } catch (RuntimeException malformed) {
      return Future.failedFuture(malformed);
    }
  }

  Future<Void> insertHandoff(JsonObject h) {
    return pool.preparedQuery(INSERT_HANDOFF).execute(Tuple.from(new Object[] {
        h.getString("uniqueId"), h.getString("caller"), h.getString("ticket"), h.getString("reason"), path(h),
        h.getBoolean("elderly"), time(h.getString("at")), h.getString("category")})).mapEmpty();
  }

  /** Moves the call's newest waiting hand-off to {@code state} ('answered', 'abandoned'); false when none waits. */
  Future<Boolean> handoffState(String uniqueId, String state) {
    return pool.preparedQuery(HANDOFF_STATE).execute(Tuple.of(uniqueId, state)).map(rows -> rows.rowCount() > 0);
  }

  /** A caller ID as Asterisk presents it, or null when it is withheld ("unknown", "<unknown>", "anonymous", empty). */
  static String presentedNumber(String callerId) {
    if (callerId == null || callerId.isBlank()) {
      return null;
    }
    String id = callerId.trim();
    return switch (id.toLowerCase(java.util.Locale.ROOT)) {
      case "unknown", "<unknown>", "anonymous", "restricted", "private" -> null;
      default -> id;
    };
  }

  /**
   * A spooled report of call {@code uniqueId} became a ticket: noted first, then its call record
   * learns the number if it is written already; {@link #insertCall} reads the note for a later one.
   */
  Future<Void> spooledTicket(String uniqueId, String ticketNumber, Instant at) {
    return pool.preparedQuery(SPOOLED_TICKET).execute(Tuple.of(uniqueId, ticketNumber, at.atOffset(ZoneOffset.UTC)))
        .compose(v -> linkSpooledTicket(uniqueId));
  }

  private Future<Void> linkSpooledTicket(String uniqueId) {
    return pool.preparedQuery(LINK_SPOOLED_TICKET).execute(Tuple.of(uniqueId)).mapEmpty();
  }

  /** Records a spool entry set aside, once: what agents see of it. */
  Future<Void> insertQuarantined(Quarantine.Entry e) {
    return pool.preparedQuery(QUARANTINED).execute(Tuple.from(new Object[] {
        e.name(), e.kind(), e.caller(), e.uniqueId(), e.reason(), e.at().atOffset(ZoneOffset.UTC), e.payload(),
        e.raw()})).mapEmpty();
  }

  private static String[] path(JsonObject o) {
    return o.getJsonArray("path").stream().map(Object::toString).toArray(String[]::new);
  }

  private static OffsetDateTime time(String iso) {
    // to the microsecond, as PostgreSQL keeps it: a record written in a group and replayed alone is the same row
    return Instant.parse(iso).truncatedTo(java.time.temporal.ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }
}
