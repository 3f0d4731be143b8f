package org.zhaowo.sms;

import io.vertx.sqlclient.Row;
import java.time.Instant;

/**
 * One claimed outbox message, as the worker sends it.
 *
 * @param kind the message kind; grid_head_* ones go to grid heads
 * @param attempts this attempt's number: above 1, an earlier attempt may have reached the provider
 * @param createdAt when it was queued: retries stop once it is older than the give-up age
 */
record OutboxRow(long id, String kind, String toPhone, String body, int attempts, Instant createdAt) {
  static OutboxRow of(Row row) {
    return new OutboxRow(row.getLong("id"), row.getString("kind"), row.getString("to_phone"), row.getString("body"),
        row.getInteger("attempts"), row.getOffsetDateTime("created_at").toInstant());
  }

  /** A text to a grid head (a new ticket of their grid, a reply to their command): counted against their own cap. */
  boolean toGridHead() {
    return kind.startsWith(OutboxSql.GRID_HEAD_KINDS);
  }
}
