package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import org.zhaowo.ticketing.TicketService;

/**
 * All SQL of residents' replies: the inbound log (and the ticket a text became, or a grid head's command),
 * opting out and back in, and who a text goes to.
 * The resident record (and its own opt-out flag) is ticketing's, reached through {@link TicketService}.
 */
final class ReplySql {
  private ReplySql() {}

  /** How long a reply may stay 'pending' before a retry of it is taken as cut off and handled again. */
  static final int STALE_SECONDS = 60;

  /**
   * Takes a reply for handling ($1 sid, $2 phone, $3 body, $4 now): a new one, or one whose handling
   * began more than a minute ago and never finished (the process died between logging it and its
   * effect). Returns nothing when Twilio retried a reply that is handled or being handled.
   */
  static final String TAKE = """
      INSERT INTO sms_inbound AS i (message_sid, from_phone, body, handled_as, received_at, started_at)
      VALUES ($1, $2, $3, 'pending', $4, $4)
      ON CONFLICT (message_sid) DO UPDATE SET started_at = excluded.started_at
       WHERE i.handled_as = 'pending' AND i.started_at < excluded.started_at - interval '%d seconds'
      RETURNING message_sid
      """.formatted(STALE_SECONDS);

  static final String HANDLED = "UPDATE sms_inbound SET handled_as = $2 WHERE message_sid = $1";

  /** A reply whose effect failed (and so never committed) is forgotten, so that Twilio's retry of it is taken. */
  static final String FORGET = "DELETE FROM sms_inbound WHERE message_sid = $1 AND handled_as = 'pending'";

  /**
   * In a new ticket's transaction ($1 ticket id, $2 phone, $3 text): the sender's pending message with
   * that text (the one taken last, which is the one being registered) becomes the ticket's. Locked
   * rows are skipped: a retry racing the first attempt finds none, and its ticket rolls back.
   */
  static final String BECAME_TICKET = """
      UPDATE sms_inbound SET handled_as = 'ticket', ticket_id = $1
       WHERE message_sid = (SELECT message_sid FROM sms_inbound
                             WHERE from_phone = $2 AND body = $3 AND handled_as = 'pending'
                             ORDER BY started_at DESC, message_sid LIMIT 1
                             FOR UPDATE SKIP LOCKED)
      """;

  /**
   * A grid head's pending command ($1 sid) records what it asks ($2 grid, $3 action, $4 ticket number) before
   * ticketing acts, so that the act's own transaction finds it ({@link #COMMAND_DONE}).
   */
  static final String COMMAND = """
      UPDATE sms_inbound SET grid_code = $2, command = $3, command_number = $4
       WHERE message_sid = $1 AND handled_as = 'pending'
      """;

  /**
   * In a grid head's act's transaction ($1 grid, $2 action, $3 ticket number, $4 ticket id): the pending command
   * that asked for it is handled. Locked rows are skipped: a retry racing the first attempt finds none, and its
   * act rolls back. Returns the message and who sent it, for the confirmation.
   */
  static final String COMMAND_DONE = """
      UPDATE sms_inbound SET handled_as = 'command', ticket_id = $4
       WHERE message_sid = (SELECT message_sid FROM sms_inbound
                             WHERE grid_code = $1 AND command = $2 AND command_number = $3 AND handled_as = 'pending'
                             ORDER BY started_at DESC, message_sid LIMIT 1
                             FOR UPDATE SKIP LOCKED)
      RETURNING message_sid, from_phone
      """;

  /** $1 phone, $2 now: opted out whether a resident or not. */
  static final String OPT_OUT = """
      INSERT INTO sms_opt_outs (phone, since) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING
      """;
  static final String OPT_IN = "DELETE FROM sms_opt_outs WHERE phone = $1";

  static final String TEXTED_STOP = "SELECT EXISTS (SELECT 1 FROM sms_opt_outs WHERE phone = $1) AS texted_stop";

  /** The caller's newest ticket, open or not, for a progress question without a number. */
  static final String NEWEST_TICKET = """
      SELECT number FROM tickets WHERE caller_phone = $1 ORDER BY created_at DESC, id DESC LIMIT 1
      """;

  /** The resident (if any) and whether they texted STOP, read through {@code client} (a transaction, or the pool). */
  static Future<Recipient> recipient(SqlClient client, TicketService tickets, String phone) {
    return tickets.resident(client, phone).compose(resident -> client.preparedQuery(TEXTED_STOP)
        .execute(Tuple.of(phone))
        .map(rows -> new Recipient(phone, resident.orElse(null), rows.iterator().next().getBoolean("texted_stop"))));
  }

  /**
   * Opts the sender out of texts ({@code out}) or back in, in the caller's transaction: our own list,
   * and the resident record's flag, which the ticketing side shows and still honours.
   */
  static Future<Void> opt(SqlClient tx, TicketService tickets, String phone, boolean out, Instant now) {
    Future<?> listed = out ? tx.preparedQuery(OPT_OUT).execute(Tuple.of(phone, OutboxSql.at(now)))
        : tx.preparedQuery(OPT_IN).execute(Tuple.of(phone));
    return listed.compose(v -> tickets.setSmsOptOut(tx, phone, out));
  }
}
