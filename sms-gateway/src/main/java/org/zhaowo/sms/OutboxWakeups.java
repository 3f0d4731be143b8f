package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one pooled connection listening on the outbox channel, so a worker starts sending as soon
 * as a queuing transaction commits instead of at its next poll; listens again after a lost connection.
 */
final class OutboxWakeups {
  private static final Logger log = LoggerFactory.getLogger(OutboxWakeups.class);
  private static final long RETRY_MS = 2_000;

  private final Vertx vertx;
  private final Pool pool;
  private final Runnable wake;
  private SqlConnection connection;
  private boolean stopped;

  OutboxWakeups(Vertx vertx, Pool pool, Runnable wake) {
    this.vertx = vertx;
    this.pool = pool;
    this.wake = wake;
  }

  void start() {
    pool.getConnection().compose(this::listen).onFailure(e -> {
      log.debug("Cannot listen for outbox wake-ups ({}); polling only, trying again", e.toString());
      retry();
    });
  }

  private Future<Void> listen(SqlConnection conn) {
    connection = conn;
    PgConnection pg = PgConnection.cast(conn);
    pg.notificationHandler(notification -> wake.run());
    pg.closeHandler(v -> retry());
    return pg.query(OutboxSql.LISTEN).execute().onSuccess(v -> listening = true).mapEmpty();
  }

  /** True while a connection listens for queued texts. */
  boolean listening() {
    return listening;
  }

  private volatile boolean listening;

  private void retry() {
    listening = false;
    if (!stopped) {
      vertx.setTimer(RETRY_MS, id -> start());
    }
  }

  Future<Void> stop() {
    stopped = true;
    return connection == null ? Future.succeededFuture() : connection.close();
  }
}
