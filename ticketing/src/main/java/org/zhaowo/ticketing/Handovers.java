package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The "112" hand-over limits (seed 001): each wait of a ticket at one level — intake (registered, not yet
 * dispatched) or a unit's level (dispatched there, not yet accepted) — has its own limit in working days
 * ({@code handover_limits}). The waits are kept by {@link #onEvent}, in the transaction of the event that
 * starts or ends them; the watch reminds a wait past its limit and, past a grace period, hands the ticket on
 * (intake: dispatched by its category's rule; a unit: escalated one level up), each with its event.
 */
final class Handovers {
  /** The levels in the order a ticket climbs them. */
  static final List<String> LEVELS = List.of("intake", "grid", "community", "sub_district", "department", "district");

  /** $1 ticket id, $2 the ticket's unit: its open wait (if any) and the unit's level. */
  private static final String OPEN_WAIT = """
      SELECT (SELECT level FROM units WHERE code = $2) AS unit_level, h.id, h.level, h.unit_code
        FROM (VALUES (1)) AS one LEFT JOIN handovers h ON h.ticket_id = $1 AND h.left_at IS NULL
      """;
  private static final String CLOSE_WAIT = "UPDATE handovers SET left_at = $2, left_by = $3 WHERE id = $1";
  private static final String OPEN = """
      INSERT INTO handovers (ticket_id, level, unit_code, arrived_at, due_at) VALUES ($1, $2, $3, $4, $5)
      """;
  static final String LIMITS = "SELECT level, working_days FROM handover_limits";
  static final String SET_LIMIT = """
      INSERT INTO handover_limits (level, working_days) VALUES ($1, $2)
      ON CONFLICT (level) DO UPDATE SET working_days = excluded.working_days
      """;
  static final String CLEAR_LIMIT = "DELETE FROM handover_limits WHERE level = $1";

  /**
   * Reminds every wait past its limit once ($1 now): the mark, an order of kind 'handover' addressed to the unit
   * the ticket waits at (the district centre for intake) and the ticket's event, in one statement, so that
   * several instances never remind twice.
   */
  static final String REMIND = """
      WITH late AS (
        SELECT h.id, h.ticket_id, h.level, h.due_at, coalesce(h.unit_code, 'DISTRICT') AS addressed_to, t.unit_code,
               t.state, t.deadline
          FROM handovers h JOIN tickets t ON t.id = h.ticket_id
         WHERE h.left_at IS NULL AND h.due_at < $1 AND h.reminded_at IS NULL
           FOR NO KEY UPDATE OF h SKIP LOCKED
      ), marked AS (
        UPDATE handovers h SET reminded_at = $1 FROM late WHERE h.id = late.id RETURNING h.id
      ), orders AS (
        INSERT INTO supervision_orders (ticket_id, kind, deadline, unit_code, created_at)
        SELECT ticket_id, 'handover', due_at, addressed_to, $1 FROM late
        ON CONFLICT (ticket_id, kind, deadline) DO NOTHING
      )
      INSERT INTO ticket_events (ticket_id, at, actor, role, action, from_state, to_state, note, unit_code, deadline)
      SELECT l.ticket_id, $1, 'scheduler', 'system', 'handover_remind', l.state, l.state,
             '超过交接时限，催办 (past the hand-over limit at ' || l.level || ': reminder)', l.unit_code, l.deadline
        FROM late l JOIN marked m ON m.id = l.id
      """;
  /** Waits past limit and grace not yet handed on ($1 due before, $2 limit), longest late first. */
  static final String LATE = """
      SELECT h.id, t.number FROM handovers h JOIN tickets t ON t.id = h.ticket_id
       WHERE h.left_at IS NULL AND h.escalated_at IS NULL AND h.due_at < $1
       ORDER BY h.due_at LIMIT $2
      """;
  /** The wait still open and late once its ticket is locked ($1 id, $2 due before). */
  static final String LOCK_LATE = """
      SELECT id, level FROM handovers
       WHERE id = $1 AND left_at IS NULL AND escalated_at IS NULL AND due_at < $2 FOR UPDATE
      """;
  static final String MARK_ESCALATED = "UPDATE handovers SET escalated_at = $2 WHERE id = $1";

  /**
   * Per level: waits ended in the range ($1–$2), those by their limit, and waits open past their limit at $3.
   * Reads only the range's waits and the open ones, whatever the history.
   */
  private static final String KPIS = """
      SELECT level, count(*) AS handed_over, count(*) FILTER (WHERE due_at IS NULL OR left_at <= due_at) AS on_time,
             0 AS waiting_late
        FROM handovers WHERE left_at >= $1 AND left_at < $2 GROUP BY level
      UNION ALL
      SELECT level, 0, 0, count(*) FROM handovers WHERE left_at IS NULL AND due_at < $3 GROUP BY level
      """;

  private Handovers() {}

  /** Why a wait ended, from the event that ended it. */
  private static String leftBy(String action) {
    return switch (action) {
      case "accept" -> "accepted";
      case "resolve" -> "resolved";
      case "dispatch" -> "dispatched";
      case "escalate" -> "escalated";
      case "return" -> "returned";
      case "merge" -> "merged";
      default -> "other";
    };
  }

  /**
   * Keeps the ticket's wait in step with the event: ends the open wait when the ticket left that level or
   * was taken up there, starts one when it now waits somewhere, due by that level's limit.
   */
  static Future<Void> onEvent(SqlConnection tx, Ticket ticket, TicketEvent event, Map<String, Integer> limits,
      WorkCalendar calendar) {
    boolean moved = event.fromState() != event.toState() || "dispatch".equals(event.action())
        || "escalate".equals(event.action());
    if (!moved) {
      return Future.succeededFuture();
    }
    if (event.fromState() == null) { // registered: nothing waited before, the ticket waits at intake
      Integer days = limits.get("intake");
      return tx.preparedQuery(OPEN).execute(Tuple.of(ticket.id(), "intake", null, TicketSql.timestamp(event.at()),
          TicketSql.timestamp(days == null ? null : calendar.deadline(event.at(), days)))).mapEmpty();
    }
    return tx.preparedQuery(OPEN_WAIT).execute(Tuple.of(ticket.id(), ticket.unitCode())).compose(rows -> {
      Row row = rows.iterator().next();
      String level = switch (ticket.state()) {
        case RECEIVED -> "intake";
        case DISPATCHED -> row.getString("unit_level");
        default -> null;
      };
      String unit = "intake".equals(level) ? null : ticket.unitCode();
      Long open = row.getLong("id");
      if (open != null && level != null && level.equals(row.getString("level"))
          && Objects.equals(unit, row.getString("unit_code"))) {
        return Future.succeededFuture(); // still waiting at the same place
      }
      Future<?> closed = open == null ? Future.succeededFuture()
          : tx.preparedQuery(CLOSE_WAIT).execute(Tuple.of(open, TicketSql.timestamp(event.at()), leftBy(event.action())));
      if (level == null) {
        return closed.mapEmpty();
      }
      Integer days = limits.get(level);
      Instant due = days == null ? null : calendar.deadline(event.at(), days);
      return closed.compose(v -> tx.preparedQuery(OPEN).execute(Tuple.of(ticket.id(), level, unit,
          TicketSql.timestamp(event.at()), TicketSql.timestamp(due)))).mapEmpty();
    });
  }

  static Future<Map<String, Integer>> limits(SqlClient client) {
    return client.query(LIMITS).execute().map(rows -> {
      Map<String, Integer> limits = new HashMap<>();
      rows.forEach(row -> limits.put(row.getString("level"), row.getInteger("working_days")));
      return Map.copyOf(limits);
    });
  }

  /** Every level in climbing order with its limit, the limits it ended up with ({@code null}: none). */
  static Map<String, Integer> ordered(Map<String, Integer> limits) {
    Map<String, Integer> ordered = new LinkedHashMap<>();
    LEVELS.forEach(level -> ordered.put(level, limits.get(level)));
    return ordered;
  }

  static Future<List<HandoverRate>> kpis(SqlClient client, LocalDate from, LocalDate to, ZoneId zone, Instant now,
      Map<String, Integer> limits) {
    if (to.isBefore(from)) {
      return Future.failedFuture(TicketingException.invalid("'to' is before 'from'"));
    }
    Tuple range = Tuple.of(TicketSql.timestamp(from.atStartOfDay(zone).toInstant()),
        TicketSql.timestamp(to.plusDays(1).atStartOfDay(zone).toInstant()), TicketSql.timestamp(now));
    return client.preparedQuery(KPIS).execute(range).map(rows -> {
      Map<String, long[]> counts = new HashMap<>();
      rows.forEach(row -> {
        long[] c = counts.computeIfAbsent(row.getString("level"), l -> new long[3]);
        c[0] += row.getLong("handed_over");
        c[1] += row.getLong("on_time");
        c[2] += row.getLong("waiting_late");
      });
      List<HandoverRate> rates = new ArrayList<>();
      for (String level : LEVELS) {
        long[] c = counts.getOrDefault(level, new long[3]);
        rates.add(new HandoverRate(level, limits.get(level), c[0], c[1], c[2]));
      }
      return rates;
    });
  }
}
