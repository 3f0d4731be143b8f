package org.zhaowo.sms;

import io.vertx.sqlclient.Row;
import java.time.Instant;

/**
 * One claimed outbox message, as the worker sends it.
 *
 * @param attempts this attempt's number: above 1, an earlier attempt may have reached the provider
 * @param createdAt when it was queued: retries stop once it is older than the give-up age
 */
record OutboxRow(long id, String toPhone, String body, int attempts, Instant createdAt) {
  static OutboxRow of(Row row) {
    return new OutboxRow(row.getLong("id"), row.getString("to_phone"), row.getString("body"),
        row.getInteger("attempts"), row.getOffsetDateTime("created_at").toInstant());
  }
}
