package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Told of every ticket event inside the transaction that writes it, so whatever it writes (an
 * outbox message, a survey) commits or rolls back with the event.
 */
public interface TicketEventListener {
  Future<Void> onEvent(SqlConnection tx, Ticket ticket, TicketEvent event);
}
