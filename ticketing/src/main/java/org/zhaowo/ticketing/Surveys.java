package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * All SQL of the callback survey (回访), stored beside the ticket it judges: its schedule (opened on
 * resolution, asked again until answered or unreachable, cancelled when the ticket moves on
 * otherwise) and its answer. Other modules drive it through {@link TicketService} only.
 */
final class Surveys {
  private static final Set<String> SATISFACTION = Set.of("satisfied", "basically_satisfied", "unsatisfied");
  private static final Set<String> CHANNELS = Set.of("sms", "phone", "agent");
  /** An agent's survey is answered on the spot; only these are scheduled. */
  private static final Set<String> SCHEDULED_CHANNELS = Set.of("sms", "phone");

  /** $1 ticket, $2 channel, $3 state, $4 attempts, $5 next attempt, $6 now. */
  private static final String OPEN = """
      INSERT INTO surveys (ticket_id, channel, state, attempts, next_attempt_at, opened_at)
      VALUES ($1, $2, $3, $4, $5, $6)
      """;

  private static final String CANCEL_OPEN = """
      UPDATE surveys SET state = 'cancelled', next_attempt_at = NULL
       WHERE ticket_id = $1 AND state IN ('scheduled', 'open')
      """;

  /**
   * Due surveys ($1 now, at most $2), locked so that only one scheduler instance takes each. Phone
   * surveys only when calls can be placed ($3): ones that wait for Asterisk must not fill the batch
   * and starve the SMS reminders behind them.
   */
  private static final String DUE = """
      SELECT s.id, s.ticket_id, s.channel, s.state, s.attempts, t.number, t.caller_phone, t.state AS ticket_state,
             r.language
        FROM surveys s JOIN tickets t ON t.id = s.ticket_id
        LEFT JOIN residents r ON r.phone = t.caller_phone
       WHERE s.state IN ('scheduled', 'open') AND s.next_attempt_at <= $1 AND (s.channel <> 'phone' OR $3)
       ORDER BY s.next_attempt_at, s.id
       LIMIT $2
         FOR UPDATE OF s SKIP LOCKED
      """;

  /** How many phone surveys are due ($1 now). */
  private static final String PHONE_DUE = """
      SELECT count(*) FROM surveys WHERE channel = 'phone' AND state IN ('scheduled', 'open') AND next_attempt_at <= $1
      """;

  /** $2 next attempt, $3 now: the call's outcome is not known yet. */
  private static final String ATTEMPTED = """
      UPDATE surveys SET state = 'open', attempts = attempts + 1, next_attempt_at = $2, last_attempt_at = $3,
                         last_outcome = NULL
       WHERE id = $1
      """;
  private static final String POSTPONED = "UPDATE surveys SET next_attempt_at = $2 WHERE id = $1";
  /**
   * $1 survey, $2 its attempt, $3 outcome, $4 next attempt. A late outcome of an earlier attempt finds
   * no row; an answered or ended survey keeps its (empty) schedule.
   */
  private static final String CALL_OUTCOME = """
      UPDATE surveys SET last_outcome = $3,
                         next_attempt_at = CASE WHEN state IN ('scheduled', 'open') THEN $4 ELSE next_attempt_at END
       WHERE id = $1 AND attempts = $2 AND channel = 'phone'
      """;
  private static final Set<String> CALL_OUTCOMES = Set.of("answered", "busy", "no_answer", "congestion", "failed");
  /** $2 'unreachable' or 'cancelled'. */
  private static final String END = "UPDATE surveys SET state = $2, next_attempt_at = NULL WHERE id = $1";

  /** The open survey a texted 1/2/3 answers: the caller's newest, on a ticket still resolved. */
  private static final String OPEN_FOR_CALLER = """
      SELECT t.number FROM surveys s JOIN tickets t ON t.id = s.ticket_id
       WHERE t.caller_phone = $1 AND s.state IN ('scheduled', 'open') AND t.state = 'resolved'
       ORDER BY s.opened_at DESC, s.id DESC LIMIT 1
      """;

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

  /**
   * Opens a ticket's survey, replacing any still open. One {@code asked} at once (by the resolution
   * text) counts as the first attempt and leaves the survey 'open'; otherwise it waits 'scheduled'.
   */
  static Future<Void> open(SqlClient tx, long ticketId, String channel, boolean asked, Instant firstAttempt,
      Instant now) {
    if (!SCHEDULED_CHANNELS.contains(channel)) {
      return Future.failedFuture(TicketingException.invalid("a scheduled survey's channel must be sms or phone"));
    }
    Tuple row = Tuple.of(ticketId, channel, asked ? "open" : "scheduled", asked ? 1 : 0,
        TicketSql.timestamp(firstAttempt), TicketSql.timestamp(now));
    return cancelOpen(tx, ticketId).compose(v -> tx.preparedQuery(OPEN).execute(row)).mapEmpty();
  }

  static Future<Void> cancelOpen(SqlClient tx, long ticketId) {
    return tx.preparedQuery(CANCEL_OPEN).execute(Tuple.of(ticketId)).mapEmpty();
  }

  static Future<List<DueSurvey>> due(SqlConnection tx, Instant asOf, int limit, boolean withPhone) {
    return tx.preparedQuery(DUE).execute(Tuple.of(TicketSql.timestamp(asOf), limit, withPhone))
        .map(rows -> TicketSql.map(rows, Surveys::due));
  }

  static Future<Integer> phoneDue(SqlClient client, Instant asOf) {
    return client.preparedQuery(PHONE_DUE).execute(Tuple.of(TicketSql.timestamp(asOf)))
        .map(rows -> rows.iterator().next().getLong(0).intValue());
  }

  static Future<Void> attempted(SqlClient tx, long surveyId, Instant nextAttempt, Instant now) {
    return tx.preparedQuery(ATTEMPTED)
        .execute(Tuple.of(surveyId, TicketSql.timestamp(nextAttempt), TicketSql.timestamp(now))).mapEmpty();
  }

  static Future<Void> postponed(SqlClient tx, long surveyId, Instant at) {
    return tx.preparedQuery(POSTPONED).execute(Tuple.of(surveyId, TicketSql.timestamp(at))).mapEmpty();
  }

  static Future<Boolean> callOutcome(SqlClient client, long surveyId, int attempt, String outcome, Instant next) {
    if (!CALL_OUTCOMES.contains(outcome)) {
      return Future.failedFuture(TicketingException.invalid(
          "a survey call's outcome must be answered, busy, no_answer, congestion or failed"));
    }
    return client.preparedQuery(CALL_OUTCOME)
        .execute(Tuple.of(surveyId, attempt, outcome, TicketSql.timestamp(next))).map(rows -> rows.rowCount() > 0);
  }

  /** Ends a survey unanswered: 'unreachable' or 'cancelled'. */
  static Future<Void> end(SqlClient tx, long surveyId, String state) {
    return tx.preparedQuery(END).execute(Tuple.of(surveyId, state)).mapEmpty();
  }

  static Future<Optional<String>> openForCaller(SqlClient client, String phone) {
    return client.preparedQuery(OPEN_FOR_CALLER).execute(Tuple.of(phone)).map(rows -> rows.size() == 0
        ? Optional.empty() : Optional.of(rows.iterator().next().getString("number")));
  }

  private static DueSurvey due(Row row) {
    return new DueSurvey(row.getLong("id"), row.getLong("ticket_id"), row.getString("channel"),
        row.getInteger("attempts"), row.getString("number"), row.getString("caller_phone"),
        TicketState.parse(row.getString("ticket_state")), row.getString("language"));
  }

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
