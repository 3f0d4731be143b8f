package org.zhaowo.sms;

import io.vertx.sqlclient.Row;

/** All SQL of the callback survey rows this module schedules (the ticketing schema's surveys table). */
final class SurveySql {
  private SurveySql() {}

  /** $1 ticket, $2 channel, $3 state, $4 attempts, $5 next attempt, $6 now. */
  static final String OPEN = """
      INSERT INTO surveys (ticket_id, channel, state, attempts, next_attempt_at, opened_at)
      VALUES ($1, $2, $3, $4, $5, $6)
      RETURNING id
      """;

  /** A ticket closed or reopened otherwise than by its survey: the survey no longer applies. */
  static final String CANCEL_OPEN = """
      UPDATE surveys SET state = 'cancelled', next_attempt_at = NULL
       WHERE ticket_id = $1 AND state IN ('scheduled', 'open')
      """;

  /**
   * Due surveys ($1 now, at most $2), locked so that only one scheduler instance takes each. Phone
   * surveys only when calls can be placed ($3): ones that wait for Asterisk must not fill the batch
   * and starve the SMS reminders behind them.
   */
  static final String DUE = """
      SELECT s.id, s.ticket_id, s.channel, s.state, s.attempts, t.number, t.caller_phone, t.state AS ticket_state,
             r.language
        FROM surveys s JOIN tickets t ON t.id = s.ticket_id
        LEFT JOIN residents r ON r.phone = t.caller_phone
       WHERE s.state IN ('scheduled', 'open') AND s.next_attempt_at <= $1 AND (s.channel <> 'phone' OR $3)
       ORDER BY s.next_attempt_at, s.id
       LIMIT $2
         FOR UPDATE OF s SKIP LOCKED
      """;

  /** How many phone surveys are due ($1 now) but wait for Asterisk. */
  static final String PHONE_WAITING = """
      SELECT count(*) FROM surveys WHERE channel = 'phone' AND state IN ('scheduled', 'open') AND next_attempt_at <= $1
      """;

  static final String ATTEMPTED = "UPDATE surveys SET state = 'open', attempts = attempts + 1, next_attempt_at = $2 WHERE id = $1";
  static final String GIVE_UP = "UPDATE surveys SET state = $2, next_attempt_at = NULL WHERE id = $1";

  /** The open survey a texted 1/2/3 answers: the caller's newest, on a ticket still resolved. */
  static final String OPEN_FOR_CALLER = """
      SELECT t.number FROM surveys s JOIN tickets t ON t.id = s.ticket_id
       WHERE t.caller_phone = $1 AND s.state IN ('scheduled', 'open') AND t.state = 'resolved'
       ORDER BY s.opened_at DESC, s.id DESC LIMIT 1
      """;

  /** A survey due now, as the scheduler sees it. */
  record Due(long id, long ticketId, String channel, int attempts, String number, String phone, String ticketState,
      String language) {
    static Due of(Row row) {
      return new Due(row.getLong("id"), row.getLong("ticket_id"), row.getString("channel"), row.getInteger("attempts"),
          row.getString("number"), row.getString("caller_phone"), row.getString("ticket_state"),
          row.getString("language"));
    }
  }
}
