package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The KPIs (跟踪问效): $1–$2 the range, $3 a unit or null, $4 now. A ticket counts as resolved on its first
 * resolution, on time when that came by the deadline in force then; closed on its last closure, first time when it
 * was never reopened. Each ticket keeps those facts (V9, written with the event), so a range reads only the tickets
 * and surveys that fall in it, through their indexes, whatever the history.
 */
final class KpiQuery {
  static final String SQL = """
      SELECT
        (SELECT count(*) FROM tickets t
          WHERE t.created_at >= $1 AND t.created_at < $2 AND ($3::text IS NULL OR t.unit_code = $3)) AS received,
        r.resolved, r.resolved_on_time, r.callbacks_reached, c.closed, c.closed_first_time,
        a.surveys_answered, a.surveys_satisfied,
        (SELECT count(*) FROM tickets t
          WHERE t.state IN ('received', 'dispatched', 'in_progress') AND t.deadline < $4
            AND ($3::text IS NULL OR t.unit_code = $3)) AS overdue
      FROM
        (SELECT count(*) AS resolved, count(*) FILTER (WHERE t.first_resolved_at <= t.first_resolve_deadline) AS resolved_on_time,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM surveys v WHERE v.ticket_id = t.id AND v.state = 'answered'))
                  AS callbacks_reached
           FROM tickets t
          WHERE t.first_resolved_at >= $1 AND t.first_resolved_at < $2 AND ($3::text IS NULL OR t.unit_code = $3)) r,
        (SELECT count(*) AS closed, count(*) FILTER (WHERE t.reopen_count = 0) AS closed_first_time
           FROM tickets t
          WHERE t.last_closed_at >= $1 AND t.last_closed_at < $2 AND ($3::text IS NULL OR t.unit_code = $3)) c,
        (SELECT count(*) AS surveys_answered,
                count(*) FILTER (WHERE v.satisfaction IN ('satisfied', 'basically_satisfied')) AS surveys_satisfied
           FROM surveys v
          WHERE v.state = 'answered' AND v.answered_at >= $1 AND v.answered_at < $2
            AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM tickets t WHERE t.id = v.ticket_id AND t.unit_code = $3))) a
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

  // ---- By unit and by week: the board's charts, the CSV, the public results ----

  /**
   * The same counts as {@link #SQL}, one row per handling unit (its current one; null before dispatch) and
   * week (Monday, in the zone $3) of the range $1–$2: each fact falls in the week it happened.
   */
  static final String BY_UNIT_AND_WEEK = """
      WITH facts (unit_code, at, received, resolved, on_time, closed, first_time, reached, answered, satisfied) AS (
        SELECT t.unit_code, t.created_at, 1, 0, 0, 0, 0, 0, 0, 0
          FROM tickets t WHERE t.created_at >= $1 AND t.created_at < $2
        UNION ALL
        SELECT t.unit_code, t.first_resolved_at, 0, 1, (t.first_resolved_at <= t.first_resolve_deadline)::int, 0, 0,
               EXISTS (SELECT 1 FROM surveys v WHERE v.ticket_id = t.id AND v.state = 'answered')::int, 0, 0
          FROM tickets t WHERE t.first_resolved_at >= $1 AND t.first_resolved_at < $2
        UNION ALL
        SELECT t.unit_code, t.last_closed_at, 0, 0, 0, 1, (t.reopen_count = 0)::int, 0, 0, 0
          FROM tickets t WHERE t.last_closed_at >= $1 AND t.last_closed_at < $2
        UNION ALL
        SELECT t.unit_code, v.answered_at, 0, 0, 0, 0, 0, 0, 1,
               (v.satisfaction IN ('satisfied', 'basically_satisfied'))::int
          FROM surveys v JOIN tickets t ON t.id = v.ticket_id
         WHERE v.state = 'answered' AND v.answered_at >= $1 AND v.answered_at < $2
      )
      SELECT f.unit_code, date_trunc('week', f.at AT TIME ZONE $3::text)::date::text AS week,
             sum(f.received) AS received, sum(f.resolved) AS resolved, sum(f.on_time) AS resolved_on_time,
             sum(f.closed) AS closed, sum(f.first_time) AS closed_first_time, sum(f.reached) AS callbacks_reached,
             sum(f.answered) AS surveys_answered, sum(f.satisfied) AS surveys_satisfied
        FROM facts f
       GROUP BY 1, 2 ORDER BY 1, 2
      """;
  private static final String OVERDUE_BY_UNIT = """
      SELECT unit_code, count(*) AS overdue FROM tickets
       WHERE state IN ('received', 'dispatched', 'in_progress') AND deadline < $1
       GROUP BY unit_code
      """;

  /** The KPIs of the days {@code from} to {@code to} (both included) per unit and week, with each unit's overdue now. */
  static Future<KpiBreakdown> breakdown(Pool pool, LocalDate from, LocalDate to, ZoneId zone, Instant now) {
    if (to.isBefore(from)) {
      return Future.failedFuture(TicketingException.invalid("'to' is before 'from'"));
    }
    Tuple range = Tuple.of(TicketSql.timestamp(from.atStartOfDay(zone).toInstant()),
        TicketSql.timestamp(to.plusDays(1).atStartOfDay(zone).toInstant()), zone.getId());
    return pool.preparedQuery(BY_UNIT_AND_WEEK).execute(range).compose(rows -> {
      List<Kpis> weeks = TicketSql.map(rows, row -> week(row, from, to));
      return pool.preparedQuery(OVERDUE_BY_UNIT).execute(Tuple.of(TicketSql.timestamp(now))).map(overdue -> {
        Map<String, Long> byUnit = new HashMap<>();
        overdue.forEach(row -> byUnit.put(row.getString("unit_code"), row.getLong("overdue")));
        return new KpiBreakdown(from, to, weeks, byUnit);
      });
    });
  }

  /** One unit's week, cut to the range; its overdue count is the unit's, in {@link KpiBreakdown#byUnit}. */
  private static Kpis week(Row r, LocalDate from, LocalDate to) {
    LocalDate monday = LocalDate.parse(r.getString("week"));
    LocalDate sunday = monday.plusDays(6);
    return new Kpis(monday.isBefore(from) ? from : monday, sunday.isAfter(to) ? to : sunday, r.getString("unit_code"),
        r.getLong("received"), r.getLong("resolved"), r.getLong("resolved_on_time"), r.getLong("closed"),
        r.getLong("closed_first_time"), r.getLong("callbacks_reached"), r.getLong("surveys_answered"),
        r.getLong("surveys_satisfied"), 0);
  }
}
