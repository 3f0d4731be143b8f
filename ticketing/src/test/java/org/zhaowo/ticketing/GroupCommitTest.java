package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Registrations arriving together are written in shared transactions (group commit), and each is what it would
 * have been alone: its own number, event and dispatch; a refused one fails by itself while the others of its
 * group are registered; a replay in the same group as its first try gives that one ticket.
 */
class GroupCommitTest {
  private static final Instant MONDAY = Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in Shanghai
  private static final Actor IVR = Actor.system("ivr");
  private static TestService service;

  @BeforeAll
  static void start() {
    // one group at a time: whatever arrives while it is written goes in the next, so groups are surely shared
    service = new TestService(MONDAY, Map.of("ZHAOWO_REGISTER_GROUPS", "1"));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static NewTicket report(String key, String number) {
    return NewTicket.fromIvr("13800138000", "utilities", "/var/spool/asterisk/zhaowo/" + key + ".wav", false)
        .withIntakeKey(key).withNumber(number);
  }

  @Test
  void aRefusedRegistrationFailsAloneAndTheOthersOfItsGroupAreRegistered() {
    List<String> numbers = service.tickets.reserveNumbers(40).await();
    List<Future<Ticket>> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(service.tickets.create(report("group-" + i + ":report", numbers.get(i)), IVR));
      if (i == 20) { // in the middle of a group: a number nobody reserved
        all.add(service.tickets.create(report("group-bad:report", TicketNumbers.fromSerial(8_888_888)), IVR));
      }
      if (i == 30) { // the replay of an earlier report, likely in the same group as its first try
        all.add(service.tickets.create(report("group-29:report", numbers.get(29)), IVR));
      }
    }
    Future.join(all).otherwiseEmpty().await();

    Future<Ticket> refused = all.get(21);
    assertTrue(refused.failed(), "the unreserved number is refused");
    assertInstanceOf(TicketingException.class, refused.cause());
    HashSet<String> registered = new HashSet<>();
    for (int i = 0; i < all.size(); i++) {
      if (i != 21) {
        assertTrue(all.get(i).succeeded(), "registration " + i + ": " + all.get(i).cause());
        registered.add(all.get(i).result().number());
      }
    }
    assertEquals(new HashSet<>(numbers), registered, "each under its own number; the replay gives its first ticket");
    assertEquals(all.get(30).result().number(), all.get(32).result().number());

    List<Row> rows = rows("SELECT t.number, count(e.*) AS events, t.state FROM tickets t JOIN ticket_events e"
        + " ON e.ticket_id = t.id WHERE t.intake_key LIKE 'group-%' GROUP BY t.number, t.state");
    assertEquals(40, rows.size(), "one ticket per report, none for the refused one");
    for (Row row : rows) {
      assertEquals("dispatched", row.getString("state"), "dispatched by its category's rule, as alone");
      assertEquals(2L, row.getLong("events"), "its create and its dispatch, the replay adding nothing");
    }
  }

  private static List<Row> rows(String sql) {
    List<Row> rows = new ArrayList<>();
    service.pool.preparedQuery(sql).execute(Tuple.tuple()).await().forEach(rows::add);
    return rows;
  }
}
