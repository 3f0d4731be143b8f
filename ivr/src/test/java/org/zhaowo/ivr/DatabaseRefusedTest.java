package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database server is stopped (connections refused, a checked ConnectException) rather than cut:
 * calls still end properly, the report is spooled, and it becomes a ticket once the server is back.
 */
class DatabaseRefusedTest extends IvrTest {
  @Test
  void aCallWhileTheServerRefusesConnectionsIsSpooledAndOfferedAPerson() throws Exception {
    ivr.proxy.refuse();
    FakeAsterisk.Transcript t;
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").keys("1", "1", "#", "1", "0");
    try {
      t = ivr.call(asterisk);
    } finally {
      ivr.proxy.listenAgain();
    }
    assertNull(t.variables.get("ZHAOWO_TICKET"));
    assertTrue(t.played().contains("zhaowo/saved-for-later"), t.played().toString());
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
    List<Row> calls = ivr.waitFor("SELECT * FROM ivr_calls WHERE unique_id = $1 AND ticket_number IS NOT NULL",
        asterisk.headers.get("agi_uniqueid"));
    assertEquals(1, calls.size());
    Row ticket = ivr.rows("SELECT * FROM tickets WHERE number = $1", calls.getFirst().getString("ticket_number")).getFirst();
    assertEquals("13800138000", ticket.getString("caller_phone"));
  }
}
