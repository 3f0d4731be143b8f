package org.zhaowo.sms;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** All SQL of the outbox aggregate: queueing, claiming, the send outcome, delivery callbacks. */
final class OutboxSql {
  private OutboxSql() {}

  /** $1 key, $2 ticket, $3 kind, $4 phone, $5 language, $6 body, $7 encoding, $8 segments, $9 state, $10 skip reason, $11 now. */
  static final String INSERT = """
      INSERT INTO sms_outbox (dedupe_key, ticket_id, kind, to_phone, language, body, encoding, segments, send_state,
                              skip_reason, next_attempt_at, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11)
      ON CONFLICT (dedupe_key) DO NOTHING
      """;

  /**
   * A grid's head ($1 the grid's code): ticketing's {@code units} read (never written) through the ticket
   * event's transaction, which then needs no second connection from the pool mid-transaction.
   */
  static final String GRID_HEAD = "SELECT code, phone, head_name FROM units WHERE code = $1 AND level = 'grid'";

  /** Wakes the workers once the transaction that queued a row commits (PostgreSQL delivers NOTIFY on commit). */
  static final String CHANNEL = "sms_outbox";
  static final String NOTIFY = "NOTIFY " + CHANNEL;
  static final String LISTEN = "LISTEN " + CHANNEL;

  /** The intake's automatic dispatch folds the unit and deadline into the still-unsent registration text. */
  static final String FOLD_INTO_REGISTERED = """
      UPDATE sms_outbox SET body = $2, encoding = $3, segments = $4, updated_at = $5
       WHERE ticket_id = $1 AND kind = 'registered' AND send_state IN ('queued', 'skipped')
      """;

  /**
   * Takes up to $3 due rows ($1 now) for a lease until $2: queued ones, and ones whose sender's
   * lease ran out. SKIP LOCKED lets several workers share the table without taking the same row.
   */
  static final String CLAIM = """
      WITH picked AS (
        SELECT id FROM sms_outbox
         WHERE send_state IN ('queued', 'sending') AND next_attempt_at <= $1
         ORDER BY next_attempt_at, id
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
      UPDATE sms_outbox o SET send_state = 'sending', next_attempt_at = $2, attempts = o.attempts + 1, updated_at = $1
        FROM picked WHERE o.id = picked.id
      RETURNING o.id, o.kind, o.to_phone, o.body, o.attempts, o.created_at
      """;

  /** Whether any text is due ($1 = now): read first, so that a round with nothing to send writes nothing. */
  static final String ANY_DUE = """
      SELECT EXISTS (SELECT 1 FROM sms_outbox WHERE send_state IN ('queued', 'sending') AND next_attempt_at <= $1)
      """;

  /** The kinds of texts to grid heads begin so; they have a daily cap of their own. */
  static final String GRID_HEAD_KINDS = "grid_head_";

  /**
   * Whether the recipient opted out (by text, whether a resident or not, or on their resident
   * record), and how many texts of the same group they got in the last day ($2 = now - 1 day), counting
   * those of the same batch ahead of this one ($3) that are still going out. The groups ($4: the text
   * goes to a grid head) are capped apart: a grid head, also a resident, is capped as one and as the other. It reads ticketing's
   * {@code residents.sms_opt_out} (never writes it; TicketService.setSmsOptOut does): one query per
   * text keeps the send path to one round trip, and an outbox worker may run on an instance of its
   * own without a ticket service.
   */
  static final String RECIPIENT = """
      SELECT EXISTS (SELECT 1 FROM sms_opt_outs WHERE phone = $1)
               OR coalesce((SELECT sms_opt_out FROM residents WHERE phone = $1), false) AS opted_out,
             (SELECT count(*) FROM sms_outbox WHERE to_phone = $1
                 AND starts_with(kind, '%s') = $4
                 AND (sent_at > $2 OR send_state = 'sending' AND id < $3)) AS sent_today
      """.formatted(GRID_HEAD_KINDS);

  /** Accepted by the provider; a status callback that overtook this answer wins. $1 id, $2 sid, $3 status, $4 now. */
  static final String SENT = """
      UPDATE sms_outbox SET send_state = coalesce(
               (SELECT c.status FROM sms_status_callbacks c WHERE c.message_sid = $2
                   AND c.status IN ('delivered', 'undelivered', 'failed')
                 ORDER BY c.received_at DESC LIMIT 1), 'sent'),
             provider_sid = $2, provider_status = $3, sent_at = $4, updated_at = $4, last_error = NULL
       WHERE id = $1 AND send_state = 'sending'
      """;

  /** $1 id, $2 state (queued, failed or dead), $3 next attempt, $4 error, $5 now. */
  static final String NOT_SENT = """
      UPDATE sms_outbox SET send_state = $2, next_attempt_at = $3, last_error = $4, updated_at = $5
       WHERE id = $1 AND send_state = 'sending'
      """;

  static final String SKIPPED = """
      UPDATE sms_outbox SET send_state = 'skipped', skip_reason = $2, updated_at = $3
       WHERE id = $1 AND send_state = 'sending'
      """;

  static final String RECORD_CALLBACK = """
      INSERT INTO sms_status_callbacks (message_sid, status, error_code, received_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT DO NOTHING
      """;

  /**
   * A delivery status moves a row forward only: a retried or late callback (sent after delivered)
   * changes nothing. $1 sid, $2 status, $3 rank of $2, $4 error code, $5 now.
   */
  static final String APPLY_CALLBACK = """
      UPDATE sms_outbox SET send_state = $2, provider_status = $2,
             last_error = coalesce($4, last_error), updated_at = $5
       WHERE provider_sid = $1
         AND (CASE send_state WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'undelivered' THEN 2
                              WHEN 'failed' THEN 2 ELSE 3 END) < $3
      """;

  /** $1 sender, $2 messages per second (also the burst). */
  static final String ADD_BUCKET = """
      INSERT INTO sms_rate_buckets (sender, tokens, refilled_at) VALUES ($1, $2, clock_timestamp())
      ON CONFLICT (sender) DO NOTHING
      """;

  /**
   * Takes up to $3 tokens from sender $1's bucket, refilled at $2 a second by the database's clock
   * (real time, whatever clock the service runs on); returns how many it got.
   */
  static final String TAKE_TOKENS = """
      WITH b AS (
        SELECT r.sender, t.at,
               least($2::float8, r.tokens + extract(epoch FROM t.at - r.refilled_at)::float8 * $2::float8) AS available
          FROM sms_rate_buckets r, (SELECT clock_timestamp() AS at) t
         WHERE r.sender = $1
           FOR UPDATE OF r)
      UPDATE sms_rate_buckets r SET tokens = b.available - least(floor(b.available), $3), refilled_at = b.at
        FROM b WHERE r.sender = b.sender
      RETURNING least(floor(b.available), $3)::int AS granted
      """;

  static final String GIVE_BACK_TOKENS = "UPDATE sms_rate_buckets SET tokens = least($2::float8, tokens + $3) WHERE sender = $1";

  static OffsetDateTime at(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
