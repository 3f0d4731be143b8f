package org.zhaowo.ivr;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * All SQL of the IVR's records: call records and hand-offs, written from their JSON form (the spool
 * keeps the same). Writing one twice is harmless, so a spooled record may be replayed.
 */
final class CallRecords {
  private static final String INSERT_CALL = """
      INSERT INTO ivr_calls (unique_id, channel, caller, script, started_at, ended_at, path, last_menu, outcome,
                             ticket_number, elderly, recording)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
      ON CONFLICT (unique_id, started_at) DO NOTHING
      """;
  private static final String INSERT_HANDOFF = """
      INSERT INTO agent_handoffs (unique_id, caller, ticket_number, reason, path, elderly, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (unique_id, created_at) DO NOTHING
      """;
  private static final String TICKET_OF_CALL = """
      UPDATE ivr_calls SET ticket_number = $2 WHERE unique_id = $1 AND ticket_number IS NULL
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
        .put("recording", call.recording());
  }

  static JsonObject handoff(Call call, ToAgent.Reason reason, Instant at) {
    return new JsonObject()
        .put("uniqueId", call.request.uniqueId())
        .put("caller", call.callerPhone() != null ? call.callerPhone() : call.request.callerId())
        .put("ticket", call.ticketNumber())
        .put("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
        .put("path", new JsonArray(call.path()))
        .put("elderly", call.elderly())
        .put("at", at.toString());
  }

  Future<Void> insertCall(JsonObject c) {
    return pool.preparedQuery(INSERT_CALL).execute(Tuple.from(new Object[] {
        c.getString("uniqueId"), c.getString("channel"), c.getString("caller"), c.getString("script"),
        time(c.getString("startedAt")), time(c.getString("endedAt")), path(c), c.getString("lastMenu"),
        c.getString("outcome"), c.getString("ticket"), c.getBoolean("elderly"), c.getString("recording")})).mapEmpty();
  }

  Future<Void> insertHandoff(JsonObject h) {
    return pool.preparedQuery(INSERT_HANDOFF).execute(Tuple.from(new Object[] {
        h.getString("uniqueId"), h.getString("caller"), h.getString("ticket"), h.getString("reason"), path(h),
        h.getBoolean("elderly"), time(h.getString("at"))})).mapEmpty();
  }

  /** A spooled report became a ticket: its call record learns the number. */
  Future<Void> ticketOfCall(String uniqueId, String ticketNumber) {
    return pool.preparedQuery(TICKET_OF_CALL).execute(Tuple.of(uniqueId, ticketNumber)).mapEmpty();
  }

  private static String[] path(JsonObject o) {
    return o.getJsonArray("path").stream().map(Object::toString).toArray(String[]::new);
  }

  private static OffsetDateTime time(String iso) {
    return Instant.parse(iso).atOffset(ZoneOffset.UTC);
  }
}
