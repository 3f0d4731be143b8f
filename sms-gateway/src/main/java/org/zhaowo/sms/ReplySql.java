package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import org.zhaowo.ticketing.Resident;

/** All SQL of residents' replies: the inbound log, opting out and back in. */
final class ReplySql {
  private ReplySql() {}

  static final String RESIDENT = "SELECT * FROM residents WHERE phone = $1";

  /** $1 sid, $2 phone, $3 body, $4 handled as, $5 ticket id, $6 now; nothing when Twilio retries. */
  static final String LOG = """
      INSERT INTO sms_inbound (message_sid, from_phone, body, handled_as, ticket_id, received_at)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (message_sid) DO NOTHING
      """;

  static final String HANDLED = "UPDATE sms_inbound SET handled_as = $2 WHERE message_sid = $1";

  /** A reply whose handling failed is forgotten, so that Twilio's retry of it is taken. */
  static final String FORGET = "DELETE FROM sms_inbound WHERE message_sid = $1 AND handled_as = 'pending'";

  static final String OPT = "UPDATE residents SET sms_opt_out = $2 WHERE phone = $1";

  /** The caller's newest ticket, open or not, for a progress question without a number. */
  static final String NEWEST_TICKET = """
      SELECT number FROM tickets WHERE caller_phone = $1 ORDER BY created_at DESC, id DESC LIMIT 1
      """;

  static Future<Optional<Resident>> resident(SqlClient client, String phone) {
    return client.preparedQuery(RESIDENT).execute(Tuple.of(phone))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(resident(rows.iterator().next())));
  }

  static Resident resident(Row r) {
    return new Resident(r.getString("phone"), r.getString("name"), r.getString("address"),
        r.getString("community_code"), r.getString("grid_code"), r.getBoolean("elderly"), r.getBoolean("landline"),
        r.getBoolean("sms_opt_out"), r.getString("language"));
  }
}
