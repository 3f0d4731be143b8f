package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Changes to a resident's record that other modules ask for through {@link TicketService}. */
final class Residents {
  /** $1 phone, $2 opted out: the flag agents see on the resident's record; no row for a caller who is not one. */
  private static final String SET_SMS_OPT_OUT = "UPDATE residents SET sms_opt_out = $2 WHERE phone = $1";

  private Residents() {}

  static Future<Void> setSmsOptOut(SqlClient client, String phone, boolean optedOut) {
    return client.preparedQuery(SET_SMS_OPT_OUT).execute(Tuple.of(phone, optedOut)).mapEmpty();
  }
}
