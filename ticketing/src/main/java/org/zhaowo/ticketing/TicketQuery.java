package org.zhaowo.ticketing;

import java.time.Instant;

/** Filters for listing tickets; null fields do not filter. Pages count from 1. */
public record TicketQuery(
    TicketState state, String unitCode, String callerPhone, Boolean overdue, Instant from, Instant to, int page, int size) {

  public static TicketQuery byCaller(String phone) {
    return new TicketQuery(null, null, phone, null, null, null, 1, 50);
  }
}
