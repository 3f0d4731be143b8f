package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * The sender's rate limit: a token bucket in PostgreSQL, so that however many instances send, one
 * number sends at most {@code perSecond} texts a second (bursts up to one second's worth).
 */
final class RateLimiter {
  private final Pool pool;
  private final String sender;
  private final int perSecond;

  RateLimiter(Pool pool, String sender, int perSecond) {
    this.pool = pool;
    this.sender = sender;
    this.perSecond = perSecond;
  }

  Future<Void> start() {
    return pool.preparedQuery(OutboxSql.ADD_BUCKET).execute(Tuple.of(sender, (double) perSecond)).mapEmpty();
  }

  /** Takes up to {@code wanted} tokens; completes with how many were taken. */
  Future<Integer> take(int wanted) {
    return pool.preparedQuery(OutboxSql.TAKE_TOKENS).execute(Tuple.of(sender, perSecond, wanted))
        .map(rows -> rows.size() == 0 ? 0 : rows.iterator().next().getInteger("granted"));
  }

  /** Returns tokens taken but not used. */
  Future<Void> giveBack(int unused) {
    return unused <= 0 ? Future.succeededFuture()
        : pool.preparedQuery(OutboxSql.GIVE_BACK_TOKENS).execute(Tuple.of(sender, perSecond, (double) unused)).mapEmpty();
  }
}
