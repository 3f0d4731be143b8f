package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/**
 * One text to write into the outbox: queued, or kept as {@code skipped} with its reason. Every
 * writer (ticket events, replies, survey reminders) goes through {@link #queue}, in its own
 * transaction, so that the text exists exactly when what caused it does.
 *
 * @param dedupeKey event:&lt;id&gt;:&lt;kind&gt;, survey:&lt;id&gt;:&lt;attempt&gt; or reply:&lt;MessageSid&gt;
 * @param skipReason why it is not sent, or null
 */
record OutgoingText(String dedupeKey, Long ticketId, String kind, String phone, String language, String body,
    String skipReason) {

  /** Inserts the row (once per dedupe key) and, when it is to be sent, wakes the workers on commit. */
  Future<Void> queue(SqlClient tx, Instant now) {
    Segments segments = Segments.of(body);
    Tuple row = Tuple.from(new Object[] {dedupeKey, ticketId, kind, phone, language, body, segments.encoding(),
        segments.count(), skipReason == null ? "queued" : "skipped", skipReason, OutboxSql.at(now)});
    return tx.preparedQuery(OutboxSql.INSERT).execute(row)
        .compose(rows -> skipReason == null ? tx.query(OutboxSql.NOTIFY).execute() : Future.succeededFuture())
        .mapEmpty();
  }
}
