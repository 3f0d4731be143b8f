package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;

/**
 * Deadline watch (监督): marks tickets due soon, records a reminder (催办) once overdue and, past a
 * grace period, a supervision order (督办) addressed one level up. Each order is unique per ticket,
 * kind and deadline, and written with its event in one statement, so any number of instances may
 * run this at once without doubling anything.
 */
public final class Supervision {
  static final String SWEEP = """
      WITH due AS (
        SELECT t.id, t.deadline, t.state,
               CASE WHEN $1 = 'supervision' THEN coalesce(u.parent_code, 'DISTRICT') ELSE t.unit_code END AS unit_code
          FROM tickets t LEFT JOIN units u ON u.code = t.unit_code
         WHERE t.state IN ('dispatched', 'in_progress') AND t.deadline < $2
           -- only tickets without this order for this deadline: a sweep with nothing new locks and writes nothing
           AND NOT EXISTS (SELECT 1 FROM supervision_orders o
                            WHERE o.ticket_id = t.id AND o.kind = $1 AND o.deadline = t.deadline)
           FOR NO KEY UPDATE OF t SKIP LOCKED -- a ticket being changed right now waits for the next sweep
      ), orders AS (
        INSERT INTO supervision_orders (ticket_id, kind, deadline, unit_code, created_at)
        SELECT id, $1, deadline, unit_code, $3 FROM due
        ON CONFLICT (ticket_id, kind, deadline) DO NOTHING
        RETURNING ticket_id, unit_code, deadline
      )
      INSERT INTO ticket_events (ticket_id, at, actor, role, action, from_state, to_state, note, unit_code, deadline)
      SELECT o.ticket_id, $3, 'scheduler', 'system', $4, d.state, d.state, $5, o.unit_code, o.deadline
        FROM orders o JOIN due d ON d.id = o.ticket_id
      """;

  /** One sweep's counts. */
  public record Sweep(int dueSoon, int reminders, int supervisions) {}

  private final Pool pool;
  private final Duration dueSoon;
  private final Duration grace;

  /**
   * @param dueSoon how long before the deadline a ticket is marked due soon
   * @param grace how long past the deadline a reminder becomes a supervision order
   */
  public Supervision(Pool pool, Duration dueSoon, Duration grace) {
    this.pool = pool;
    this.dueSoon = dueSoon;
    this.grace = grace;
  }

  public static Supervision fromConfig(Pool pool, Config config) {
    return new Supervision(pool,
        Duration.ofHours(config.getInt("ZHAOWO_DUE_SOON_HOURS", 24)),
        Duration.ofHours(config.getInt("ZHAOWO_SUPERVISION_GRACE_HOURS", 24)));
  }

  /** One pass over the open tickets at {@code now}. */
  public Future<Sweep> sweep(Instant now) {
    return order("due_soon", now.plus(dueSoon), now, "due_soon", "临近办理时限 (due soon)")
        .compose(soon -> order("reminder", now, now, "remind", "已超期，催办 (overdue: reminder)")
            .compose(reminders -> order("supervision", now.minus(grace), now, "supervise",
                    "超期未办结，上级督办 (overdue past grace: supervision order one level up)")
                .map(supervisions -> new Sweep(soon, reminders, supervisions))));
  }

  /**
   * A supervisor's own order (督办) on one ticket, for its current deadline and addressed one level up as
   * the sweep's are ($1 ticket id, $2 now); nothing when the sweep (or another supervisor) already issued it.
   */
  static final String ISSUE = """
      INSERT INTO supervision_orders (ticket_id, kind, deadline, unit_code, created_at)
      SELECT t.id, 'supervision', t.deadline, coalesce(u.parent_code, 'DISTRICT'), $2
        FROM tickets t LEFT JOIN units u ON u.code = t.unit_code
       WHERE t.id = $1
      ON CONFLICT (ticket_id, kind, deadline) DO NOTHING
      """;

  /** Records a supervisor's order on a locked ticket in {@code tx}; true when it is new for this deadline. */
  static Future<Boolean> issue(SqlClient tx, Ticket ticket, Instant now) {
    return tx.preparedQuery(ISSUE).execute(Tuple.of(ticket.id(), TicketSql.timestamp(now))).map(rows -> rows.rowCount() > 0);
  }

  private Future<Integer> order(String kind, Instant deadlineBefore, Instant now, String action, String note) {
    return pool.preparedQuery(SWEEP)
        .execute(Tuple.of(kind, TicketSql.timestamp(deadlineBefore), TicketSql.timestamp(now), action, note))
        .map(rows -> rows.rowCount());
  }
}
