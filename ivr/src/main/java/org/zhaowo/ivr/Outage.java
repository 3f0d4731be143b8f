package org.zhaowo.ivr;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * Which failures mean "the database is away, try again later", told apart by type and SQLSTATE only.
 * The spool drainer stops its round on these and keeps every entry; any other failure is about the
 * entry itself (a refusal, bad data, a bug) and must not hold back the entries behind it.
 */
final class Outage {
  /** Enough to get through {@link IvrServices#await}'s wrapping and Vert.x's own; guards a cause cycle. */
  private static final int MAX_CAUSES = 8;

  private Outage() {}

  /** True when {@code failure} or one of its causes is a failure to reach or talk to the database. */
  static boolean is(Throwable failure) {
    Throwable t = failure;
    for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
      if (unreachable(t)) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code failure} is an answer that did not come in time (a slow database rather than none). */
  static boolean timedOut(Throwable failure) {
    Throwable t = failure;
    for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static boolean unreachable(Throwable t) {
    return t instanceof SocketException // refused, reset, no route; Netty's connect failures are ConnectExceptions
        || t instanceof UnknownHostException // the database's host name does not resolve (DNS away)
        || t instanceof ClosedChannelException // Netty wrote to a socket already closed
        || t instanceof ClosedConnectionException // the server or the network dropped the connection
        || t instanceof TimeoutException // no answer in time: Future.timeout's NoStackTraceTimeoutException
        || t instanceof io.vertx.core.http.ConnectionPoolTooBusyException // the pool's wait queue is full: busy, not refused
        || t instanceof DatabaseException db && unavailable(db.getSqlState());
  }

  /**
   * SQLSTATEs of a server that cannot serve now: class 08 (connection), class 53 (insufficient
   * resources: too many connections, disk full, out of memory, all of which pass), 57P01 admin
   * shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up or in recovery); and the transient
   * failures a retry clears: 40001 serialization, 40P01 deadlock, 55P03 lock not available, 57014 cancelled
   * (a statement timeout) — a report that hit one must wait for the next round, never be set aside.
   */
  static boolean unavailable(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("53")
        || sqlState.equals("57P01") || sqlState.equals("57P02") || sqlState.equals("57P03")
        || sqlState.equals("40001") || sqlState.equals("40P01") || sqlState.equals("55P03") || sqlState.equals("57014"));
  }
}
