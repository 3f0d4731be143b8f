package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The KPIs (跟踪问效) computed from ticket events and surveys: $1–$2 the range, $3 a unit or null,
 * $4 now. A ticket counts as resolved on its first resolution, on time when that came by the
 * deadline in force then; closed on its last closure, first time when it was never reopened.
 */
final class KpiQuery {
  private static final String SQL = """
      WITH scope AS (
        SELECT id FROM tickets WHERE $3::text IS NULL OR unit_code = $3
      ), first_resolve AS (
        SELECT DISTINCT ON (e.ticket_id) e.ticket_id, e.at, e.deadline
          FROM ticket_events e JOIN scope s ON s.id = e.ticket_id
         WHERE e.action = 'resolve' ORDER BY e.ticket_id, e.id
      ), resolved AS (
        SELECT * FROM first_resolve WHERE at >= $1 AND at < $2
      ), last_close AS (
        SELECT DISTINCT ON (e.ticket_id) e.ticket_id, e.at
          FROM ticket_events e JOIN scope s ON s.id = e.ticket_id
         WHERE e.action = 'close' ORDER BY e.ticket_id, e.id DESC
      ), closed AS (
        SELECT c.ticket_id,
               NOT EXISTS (SELECT 1 FROM ticket_events r WHERE r.ticket_id = c.ticket_id AND r.action = 'reopen') AS first_time
          FROM last_close c WHERE c.at >= $1 AND c.at < $2
      ), answered AS (
        SELECT v.* FROM surveys v JOIN scope s ON s.id = v.ticket_id
         WHERE v.state = 'answered' AND v.answered_at >= $1 AND v.answered_at < $2
      )
      SELECT
        (SELECT count(*) FROM ticket_events e JOIN scope s ON s.id = e.ticket_id
          WHERE e.action = 'create' AND e.at >= $1 AND e.at < $2) AS received,
        (SELECT count(*) FROM resolved) AS resolved,
        (SELECT count(*) FROM resolved WHERE at <= deadline) AS resolved_on_time,
        (SELECT count(*) FROM closed) AS closed,
        (SELECT count(*) FROM closed WHERE first_time) AS closed_first_time,
        (SELECT count(*) FROM resolved r WHERE EXISTS
           (SELECT 1 FROM surveys v WHERE v.ticket_id = r.ticket_id AND v.state = 'answered')) AS callbacks_reached,
        (SELECT count(*) FROM answered) AS surveys_answered,
        (SELECT count(*) FROM answered WHERE satisfaction IN ('satisfied', 'basically_satisfied')) AS surveys_satisfied,
        (SELECT count(*) FROM tickets t JOIN scope s ON s.id = t.id
          WHERE t.state IN ('received', 'dispatched', 'in_progress') AND t.deadline < $4) AS overdue
      """;

  private KpiQuery() {}

  /** The KPIs for the days {@code from} to {@code to}, both included, in the district's zone. */
  static Future<Kpis> run(Pool pool, LocalDate from, LocalDate to, String unit, ZoneId zone, Instant now) {
    if (to.isBefore(from)) {
      return Future.failedFuture(TicketingException.invalid("'to' is before 'from'"));
    }
    Tuple range = Tuple.of(
        TicketSql.timestamp(from.atStartOfDay(zone).toInstant()),
        TicketSql.timestamp(to.plusDays(1).atStartOfDay(zone).toInstant()),
        unit,
        TicketSql.timestamp(now));
    return pool.preparedQuery(SQL).execute(range).map(rows -> {
      Row r = rows.iterator().next();
      return new Kpis(from, to, unit, r.getLong("received"), r.getLong("resolved"), r.getLong("resolved_on_time"),
          r.getLong("closed"), r.getLong("closed_first_time"), r.getLong("callbacks_reached"),
          r.getLong("surveys_answered"), r.getLong("surveys_satisfied"), r.getLong("overdue"));
    });
  }
}
