package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A report sent again under its intake key is still one ticket, with one create event. */
class IntakeKeyTest {
  private static final Instant MONDAY = Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in Shanghai
  private static final Actor IVR = Actor.system("ivr");
  private static TestService service;

  @BeforeAll
  static void start() {
    service = new TestService(MONDAY);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static NewTicket report(String key) {
    return NewTicket.fromIvr("13800138000", "utilities", "/var/spool/asterisk/zhaowo/" + key + ".wav", false)
        .withIntakeKey(key);
  }

  @Test
  void aReportSentTwiceUnderOneKeyIsOneTicketWithOneCreateEvent() {
    Ticket first = service.tickets.create(report("1795336174.1@2026-11-23T02:00:00Z:report"), IVR).await();
    service.clock.set(MONDAY.plusSeconds(30)); // the replay comes later
    Ticket again = service.tickets.create(report("1795336174.1@2026-11-23T02:00:00Z:report"), IVR).await();

    assertEquals(first.number(), again.number());
    assertEquals(first.state(), again.state(), "returned as it is, not registered again");
    assertEquals(1, count("SELECT count(*) FROM tickets WHERE intake_key = $1", "1795336174.1@2026-11-23T02:00:00Z:report"));
    List<String> actions = service.tickets.events(again).await().stream().map(TicketEvent::action).toList();
    assertEquals(1, actions.stream().filter("create"::equals).count(), actions.toString());
  }

  @Test
  void reportsSentAtOnceUnderOneKeyAreOneTicket() {
    List<Future<Ticket>> sent = List.of(service.tickets.create(report("race:report"), IVR),
        service.tickets.create(report("race:report"), IVR), service.tickets.create(report("race:report"), IVR));
    Future.all(sent).await();
    assertEquals(1, sent.stream().map(f -> f.result().number()).distinct().count());
    assertEquals(1, count("SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
        + "WHERE t.intake_key = $1 AND e.action = 'create'", "race:report"));
  }

  @Test
  void otherKeysAndNoKeyAreOtherTickets() {
    Ticket a = service.tickets.create(report("a:report"), IVR).await();
    Ticket b = service.tickets.create(report("b:report"), IVR).await();
    NewTicket unkeyed = NewTicket.fromIvr("13800138000", "utilities", "/x/unkeyed.wav", false);
    Ticket c = service.tickets.create(unkeyed, IVR).await();
    Ticket d = service.tickets.create(unkeyed, IVR).await();
    assertNotEquals(a.number(), b.number());
    assertNotEquals(c.number(), d.number(), "without a key nothing is limited");
  }

  @Test
  void aBlankOrOverlongKeyIsRefused() {
    assertEquals(TicketingException.Kind.INVALID, TicketLifecycleTest.refusal(service.tickets.create(report(" "), IVR)));
    assertEquals(TicketingException.Kind.INVALID,
        TicketLifecycleTest.refusal(service.tickets.create(report("k".repeat(NewTicket.MAX_INTAKE_KEY + 1)), IVR)));
  }

  private static long count(String sql, String param) {
    return service.pool.preparedQuery(sql).execute(Tuple.of(param)).await().iterator().next().getLong(0);
  }
}
