package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reminders and supervision orders: once each per deadline, however many instances sweep. */
class SupervisionTest {
  private static final Actor AGENT = new Actor("agent", Role.AGENT, null);
  private static TestService service;

  @BeforeAll
  static void start() {
    service = new TestService(Instant.parse("2026-11-23T02:00:00Z"));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static long count(String sql) throws Exception {
    try (var c = service.db.jdbc(); var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void overdueTicketsGetOneReminderThenOneSupervisionOrderOneLevelUpEvenWithFourInstances() throws Exception {
    List<Ticket> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(service.tickets.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await());
    }
    String ids = created.stream().map(t -> String.valueOf(t.id())).reduce((x, y) -> x + "," + y).orElseThrow();
    Instant deadline = created.get(0).deadline();
    List<Pool> pools = new ArrayList<>();
    List<Supervision> instances = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Pool pool = service.db.pool(service.vertx, 2);
      pools.add(pool);
      instances.add(new Supervision(pool, Duration.ofHours(24), Duration.ofHours(24)));
    }
    try {
      sweepAll(instances, deadline.minus(Duration.ofHours(2))); // due soon
      assertEquals(5, count("SELECT count(*) FROM supervision_orders WHERE kind = 'due_soon' AND ticket_id IN (" + ids + ")"));
      assertEquals(0, count("SELECT count(*) FROM supervision_orders WHERE kind = 'reminder' AND ticket_id IN (" + ids + ")"));

      sweepAll(instances, deadline.plus(Duration.ofHours(1))); // overdue
      sweepAll(instances, deadline.plus(Duration.ofHours(2)));
      assertEquals(5, count("SELECT count(*) FROM supervision_orders WHERE kind = 'reminder' AND ticket_id IN (" + ids + ")"));
      assertEquals(5, count("SELECT count(*) FROM ticket_events WHERE action = 'remind' AND ticket_id IN (" + ids + ")"));
      assertEquals(0, count("SELECT count(*) FROM supervision_orders WHERE kind = 'supervision' AND ticket_id IN (" + ids + ")"));

      sweepAll(instances, deadline.plus(Duration.ofHours(25))); // past the grace
      assertEquals(5, count("SELECT count(*) FROM supervision_orders WHERE kind = 'supervision' AND unit_code = 'SD01'"
          + " AND ticket_id IN (" + ids + ")"));
      assertEquals(5, count("SELECT count(*) FROM ticket_events WHERE action = 'supervise' AND ticket_id IN (" + ids + ")"));
      assertEquals(5, count("SELECT count(*) FROM ticket_events WHERE action = 'due_soon' AND ticket_id IN (" + ids + ")"));
    } finally {
      pools.forEach(p -> p.close().await());
    }
  }

  @Test
  void anExtendedDeadlineStartsANewCycleAndResolvedTicketsAreLeftAlone() throws Exception {
    Actor unit = new Actor("unit", Role.UNIT, "SD01-C01");
    Ticket late = service.tickets.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await();
    Ticket done = service.tickets.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await();
    service.tickets.act(done.number(), Action.RESOLVE, ActionRequest.none(), unit).await();
    Supervision supervision = new Supervision(service.pool, Duration.ofHours(1), Duration.ofHours(24));
    supervision.sweep(late.deadline().plusSeconds(60)).await();
    Instant later = late.deadline().plus(Duration.ofDays(5));
    service.tickets.act(late.number(), Action.EXTEND, new ActionRequest(null, null, later),
        new Actor("supervisor", Role.SUPERVISOR, null)).await();
    supervision.sweep(later.plusSeconds(60)).await();
    assertEquals(2, count("SELECT count(*) FROM supervision_orders WHERE kind = 'reminder' AND ticket_id = " + late.id()));
    assertEquals(0, count("SELECT count(*) FROM supervision_orders WHERE ticket_id = " + done.id()));
  }

  @Test
  void aTicketBeingChangedIsLeftForTheNextSweepSoItsHistoryStaysTrue() throws Exception {
    Ticket t = service.tickets.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await();
    Supervision supervision = new Supervision(service.pool, Duration.ofHours(1), Duration.ofHours(24));
    try (var c = service.db.jdbc()) {
      c.setAutoCommit(false);
      c.createStatement().execute("SELECT id FROM tickets WHERE id = " + t.id() + " FOR NO KEY UPDATE");
      supervision.sweep(t.deadline().plusSeconds(60)).await(); // does not wait for the lock
      assertEquals(0, count("SELECT count(*) FROM supervision_orders WHERE ticket_id = " + t.id()));
      c.rollback();
    }
    supervision.sweep(t.deadline().plusSeconds(120)).await();
    assertEquals(1, count("SELECT count(*) FROM supervision_orders WHERE kind = 'reminder' AND ticket_id = " + t.id()));
  }

  private static void sweepAll(List<Supervision> instances, Instant now) {
    Future.all(instances.stream().map(s -> s.sweep(now)).toList()).await();
  }
}
