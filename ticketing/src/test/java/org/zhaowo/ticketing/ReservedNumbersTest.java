package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Numbers taken in advance: valid, distinct, each registering one ticket at most, none invented. */
class ReservedNumbersTest {
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

  private static NewTicket report(String key, String number) {
    return NewTicket.fromIvr("13800138000", "utilities", "/var/spool/asterisk/zhaowo/" + key + ".wav", false)
        .withIntakeKey(key).withNumber(number);
  }

  @Test
  void reservedNumbersAreDistinctValidAndRecorded() {
    Instant now = service.clock.instant();
    List<String> numbers = service.tickets.reserveNumbers(20).await();
    List<String> more = service.tickets.reserveNumbers(5).await();
    assertEquals(20, numbers.size());
    HashSet<String> all = new HashSet<>(numbers);
    all.addAll(more);
    assertEquals(25, all.size(), "never the same number twice");
    assertTrue(all.stream().allMatch(TicketNumbers::isValid), all.toString());
    Row row = row("SELECT * FROM reserved_numbers WHERE number = $1", numbers.getFirst());
    assertEquals(now, row.getOffsetDateTime("reserved_at").toInstant(), "stamped from the service's clock");
    assertNull(row.getValue("used_at"));
    Ticket unnumbered = service.tickets.create(NewTicket.fromIvr("13800138000", "utilities", "/x/plain.wav", false), IVR)
        .await();
    assertTrue(!all.contains(unnumbered.number()), "a ticket without a number takes another serial");
  }

  @Test
  void aReportWithAReservedNumberIsRegisteredUnderItAndAReplayReturnsIt() {
    String number = service.tickets.reserveNumbers(1).await().getFirst();
    Ticket first = service.tickets.create(report("numbered-1:report", number), IVR).await();
    assertEquals(number, first.number());
    assertNotNull(row("SELECT * FROM reserved_numbers WHERE number = $1", number).getValue("used_at"));

    service.clock.set(MONDAY.plusSeconds(30)); // the spool replays it later
    Ticket again = service.tickets.create(report("numbered-1:report", number), IVR).await();
    assertEquals(first.id(), again.id());
    assertEquals(1, service.tickets.events(again).await().stream().filter(e -> e.action().equals("create")).count());
  }

  @Test
  void replaysSentAtOnceWithOneNumberAreOneTicket() {
    String number = service.tickets.reserveNumbers(1).await().getFirst();
    List<Future<Ticket>> sent = List.of(service.tickets.create(report("numbered-race:report", number), IVR),
        service.tickets.create(report("numbered-race:report", number), IVR));
    Future.all(sent).await();
    assertEquals(List.of(number, number), sent.stream().map(f -> f.result().number()).toList());
  }

  @Test
  void aNumberUsedAlreadyOrNeverReservedIsRefused() {
    String number = service.tickets.reserveNumbers(1).await().getFirst();
    service.tickets.create(report("used-1:report", number), IVR).await();
    assertEquals(TicketingException.Kind.CONFLICT,
        TicketLifecycleTest.refusal(service.tickets.create(report("used-2:report", number), IVR)), "used already");

    String invented = TicketNumbers.fromSerial(9_999_990);
    assertEquals(TicketingException.Kind.CONFLICT,
        TicketLifecycleTest.refusal(service.tickets.create(report("invented:report", invented), IVR)), "never reserved");
    assertEquals(0, service.pool.preparedQuery("SELECT * FROM tickets WHERE number = $1").execute(Tuple.of(invented))
        .await().size());
    String mistyped = invented.substring(0, 7) + ((invented.charAt(7) - '0' + 1) % 10);
    assertEquals(TicketingException.Kind.INVALID,
        TicketLifecycleTest.refusal(service.tickets.create(report("mistyped:report", mistyped), IVR)), "bad check digit");
    assertEquals(TicketingException.Kind.INVALID, TicketLifecycleTest.refusal(service.tickets.reserveNumbers(0)));
  }

  private static Row row(String sql, String param) {
    return service.pool.preparedQuery(sql).execute(Tuple.of(param)).await().iterator().next();
  }
}
