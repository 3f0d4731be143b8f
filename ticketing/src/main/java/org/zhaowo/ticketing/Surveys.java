package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Set;

/** Callback survey results (回访), stored beside the ticket they judge. */
final class Surveys {
  private static final Set<String> SATISFACTION = Set.of("satisfied", "basically_satisfied", "unsatisfied");
  private static final Set<String> CHANNELS = Set.of("sms", "phone", "agent");

  private static final String ANSWER_OPEN = """
      UPDATE surveys SET state = 'answered', solved = $2, satisfaction = $3, comment = $4, recording = $5,
                         answered_at = $6, channel = $7
       WHERE id = (SELECT id FROM surveys WHERE ticket_id = $1 AND state IN ('scheduled', 'open')
                    ORDER BY id DESC LIMIT 1)
      """;
  private static final String INSERT_ANSWERED = """
      INSERT INTO surveys (ticket_id, solved, satisfaction, comment, recording, answered_at, channel, state, opened_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, 'answered', $6)
      """;

  private static final String NOTIFY_SUPERVISOR = """
      INSERT INTO supervision_orders (ticket_id, kind, deadline, unit_code, created_at)
      VALUES ($1, 'unsatisfied', $2, $3, $4)
      ON CONFLICT (ticket_id, kind, deadline) DO NOTHING
      """;

  private Surveys() {}

  /** An unsatisfied or unsolved callback goes on the supervisor's queue (GET /api/supervision). */
  static Future<Void> notifySupervisor(SqlConnection tx, Ticket reopened, Instant now) {
    return tx.preparedQuery(NOTIFY_SUPERVISOR).execute(Tuple.of(reopened.id(), TicketSql.timestamp(reopened.deadline()),
        reopened.unitCode(), TicketSql.timestamp(now))).mapEmpty();
  }

  /** Marks the ticket's open survey answered, or records an answer given without one (an agent's call). */
  static Future<Void> record(SqlConnection tx, Ticket ticket, SurveyAnswer answer, Instant now) {
    if (!SATISFACTION.contains(answer.satisfaction())) {
      return Future.failedFuture(TicketingException.invalid(
          "satisfaction must be satisfied, basically_satisfied or unsatisfied"));
    }
    if (!CHANNELS.contains(answer.channel())) {
      return Future.failedFuture(TicketingException.invalid("survey channel must be sms, phone or agent"));
    }
    Tuple values = Tuple.from(new Object[] {ticket.id(), answer.solved(), answer.satisfaction(), answer.comment(),
        answer.recording(), TicketSql.timestamp(now), answer.channel()});
    return tx.preparedQuery(ANSWER_OPEN).execute(values)
        .compose(rows -> rows.rowCount() > 0
            ? Future.succeededFuture()
            : tx.preparedQuery(INSERT_ANSWERED).execute(values).mapEmpty());
  }
}
