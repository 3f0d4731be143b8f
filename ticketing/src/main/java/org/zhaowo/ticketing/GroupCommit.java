package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Group commit: the same work for many requests in one transaction. A request arriving while fewer than
 * {@code maxGroups} groups are being written starts one at once (alone, when the service is quiet: no wait is
 * added); the requests arriving meanwhile go together in the next group, up to {@code maxSize}. Their statements
 * are sent on the group's connection without waiting for each other (pipelined), and one commit ends them all.
 * When a group fails, each of its requests is tried again alone, so that one refused request (a number used
 * already, a constraint) fails by itself and the others are written as if it had not been there.
 */
final class GroupCommit<I, R> {
  private record Request<I, R>(I item, Promise<R> result) {}

  private final Pool pool;
  private final BiFunction<SqlConnection, I, Future<R>> work;
  private final int maxGroups;
  private final int maxSize;
  private final ArrayDeque<Request<I, R>> waiting = new ArrayDeque<>();
  private int writing;

  GroupCommit(Pool pool, int maxGroups, int maxSize, BiFunction<SqlConnection, I, Future<R>> work) {
    this.pool = pool;
    this.work = work;
    this.maxGroups = maxGroups;
    this.maxSize = maxSize;
  }

  Future<R> submit(I item) {
    Promise<R> result = Promise.promise();
    List<Request<I, R>> group;
    synchronized (waiting) {
      waiting.add(new Request<>(item, result));
      group = next();
    }
    if (group != null) {
      write(group);
    }
    return result.future();
  }

  /** The next group to write, when one may start now; null otherwise. Called holding the lock. */
  private List<Request<I, R>> next() {
    if (waiting.isEmpty() || writing >= maxGroups) {
      return null;
    }
    List<Request<I, R>> group = new ArrayList<>(Math.min(waiting.size(), maxSize));
    while (!waiting.isEmpty() && group.size() < maxSize) {
      group.add(waiting.poll());
    }
    writing++;
    return group;
  }

  private void write(List<Request<I, R>> group) {
    Future<List<R>> written = pool.withTransaction(tx -> {
      List<Future<R>> each = new ArrayList<>(group.size());
      for (Request<I, R> r : group) {
        each.add(work.apply(tx, r.item()));
      }
      return Future.join(each).map(all -> each.stream().map(Future::result).toList());
    });
    written.onComplete(ar -> {
      if (ar.succeeded()) {
        for (int i = 0; i < group.size(); i++) {
          group.get(i).result().complete(ar.result().get(i));
        }
      } else if (group.size() == 1) {
        group.getFirst().result().fail(ar.cause());
      } else { // one of them failed the group: each alone, so that it fails by itself
        for (Request<I, R> r : group) {
          pool.withTransaction(tx -> work.apply(tx, r.item())).onComplete(r.result());
        }
      }
      List<Request<I, R>> following;
      synchronized (waiting) {
        writing--;
        following = next();
      }
      if (following != null) {
        write(following);
      }
    });
  }
}
