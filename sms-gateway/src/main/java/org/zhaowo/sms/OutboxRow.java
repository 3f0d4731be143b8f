package org.zhaowo.sms;

import io.vertx.sqlclient.Row;
import java.time.Instant;

/**
 * One claimed outbox message, as the worker sends it.
 *
 * @param wasSending true when the row was taken over from a worker whose lease ran out: that
 *     worker may have handed it to the provider already
 * @param previousLeaseEnd when that worker's lease ran out (meaningful only if {@code wasSending})
 */
record OutboxRow(long id, String toPhone, String body, int attempts, boolean wasSending, Instant previousLeaseEnd) {
  static OutboxRow of(Row row) {
    return new OutboxRow(row.getLong("id"), row.getString("to_phone"), row.getString("body"),
        row.getInteger("attempts"), "sending".equals(row.getString("was")),
        row.getOffsetDateTime("was_due").toInstant());
  }
}
