package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "112" hand-over limits with a moved clock: a ticket waiting at a level past its limit is reminded, then
 * handed on one level up; the KPIs count the waits per level. Each test has its own database, so the counts are
 * exact.
 */
class HandoverTest {
  private static final Instant MONDAY = Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in Shanghai
  /** Monday + 2 working days, end of day (Shanghai): the community's limit. */
  private static final Instant WEDNESDAY_END = Instant.parse("2026-11-25T15:59:59Z");
  private static final Duration GRACE = Duration.ofHours(24);
  private static final Actor AGENT = new Actor("agent", Role.AGENT, null);
  private static final Actor UNIT = new Actor("unit", Role.UNIT, "SD01-C01");
  private static final Actor SUPERVISOR = new Actor("supervisor", Role.SUPERVISOR, null);
  private TestService service;
  private TicketService tickets;

  @BeforeEach
  void start() {
    service = new TestService(MONDAY);
    tickets = service.tickets;
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private List<String> actions(Ticket t) {
    return tickets.events(t).await().stream().map(TicketEvent::action).toList();
  }

  private long count(String sql) throws Exception {
    try (var c = service.db.jdbc(); var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aCommunityTicketNobodyTakesUpIsRemindedAtItsLimitThenEscalatedOneLevelUp() throws Exception {
    Ticket t = tickets.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await();
    assertEquals("SD01-C01", t.unitCode());

    assertEquals(new TicketService.HandoverSweep(0, 0), tickets.handoverWatch(WEDNESDAY_END, GRACE).await());
    Instant thursday = WEDNESDAY_END.plusSeconds(60);
    assertEquals(new TicketService.HandoverSweep(1, 0), tickets.handoverWatch(thursday, GRACE).await());
    assertEquals(new TicketService.HandoverSweep(0, 0), tickets.handoverWatch(thursday.plusSeconds(60), GRACE).await());
    assertEquals(List.of("create", "dispatch", "handover_remind"), actions(t));
    List<TicketService.SupervisionOrder> orders = tickets.supervisionOrders("handover", null, true, SUPERVISOR).await();
    assertEquals(1, orders.size());
    assertEquals("SD01-C01", orders.get(0).addressedTo());

    Instant friday = WEDNESDAY_END.plus(GRACE).plusSeconds(60);
    service.clock.set(friday);
    assertEquals(new TicketService.HandoverSweep(0, 1), tickets.handoverWatch(friday, GRACE).await());
    Ticket after = tickets.get(t.number(), AGENT).await();
    assertEquals("SD01", after.unitCode()); // the sub-district
    assertEquals(ItemKind.ESCALATED, after.itemKind());
    List<TicketEvent> events = tickets.events(after).await();
    TicketEvent escalate = events.get(events.size() - 1);
    assertEquals("escalate", escalate.action());
    assertEquals("handover", escalate.actor());
    // the new wait at the sub-district runs 2 working days from Friday: to the end of Tuesday
    assertEquals(1, count("SELECT count(*) FROM handovers WHERE ticket_id = " + t.id()
        + " AND left_at IS NULL AND level = 'sub_district' AND due_at = '2026-12-01T15:59:59Z'"));
    assertEquals(new TicketService.HandoverSweep(0, 0), tickets.handoverWatch(friday.plusSeconds(60), GRACE).await());
  }

  @Test
  void aTicketTakenUpInTimeIsNeverRemindedAndCountsOnTime() {
    Ticket taken = tickets.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await();
    tickets.act(taken.number(), Action.ACCEPT, ActionRequest.none(), UNIT).await();
    Ticket late = tickets.create(TicketLifecycleTest.report("13800138000", "safety"), AGENT).await();
    Instant thursday = WEDNESDAY_END.plusSeconds(60);
    service.clock.set(thursday);
    assertEquals(new TicketService.HandoverSweep(1, 0), tickets.handoverWatch(thursday, GRACE).await());
    assertEquals(List.of("create", "dispatch", "accept"), actions(taken));
    tickets.act(late.number(), Action.ACCEPT, ActionRequest.none(), UNIT).await(); // taken up late, before the grace ran out

    Instant friday = WEDNESDAY_END.plus(GRACE).plusSeconds(60);
    assertEquals(new TicketService.HandoverSweep(0, 0), tickets.handoverWatch(friday, GRACE).await());
    Map<String, HandoverRate> rates = byLevel(tickets.handoverKpis(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 27)).await());
    assertEquals(new HandoverRate("intake", 1, 2, 2, 0), rates.get("intake")); // both dispatched at once by category
    assertEquals(new HandoverRate("community", 2, 2, 1, 0), rates.get("community"));
    assertEquals(0.5, rates.get("community").onTimeRate());
    assertEquals(new HandoverRate("district", null, 0, 0, 0), rates.get("district"));
  }

  @Test
  void aReportLeftAtIntakeIsDispatchedByItsRuleAfterTheIntakeLimitAndGrace() throws Exception {
    Ticket t = tickets.create(TicketLifecycleTest.report("13311112222", "utilities"), AGENT).await(); // unknown caller
    assertEquals(TicketState.RECEIVED, t.state());
    Instant tuesdayEnd = Instant.parse("2026-11-24T15:59:59Z"); // intake: 1 working day
    service.clock.set(tuesdayEnd.plusSeconds(60));
    assertEquals(new TicketService.HandoverSweep(1, 0), tickets.handoverWatch(tuesdayEnd.plusSeconds(60), GRACE).await());
    Map<String, HandoverRate> waiting = byLevel(tickets.handoverKpis(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 25)).await());
    assertEquals(1, waiting.get("intake").waitingLate());
    Instant thursday = tuesdayEnd.plus(GRACE).plusSeconds(60);
    service.clock.set(thursday);
    assertEquals(new TicketService.HandoverSweep(0, 1), tickets.handoverWatch(thursday, GRACE).await());
    Ticket after = tickets.get(t.number(), AGENT).await();
    assertEquals(TicketState.DISPATCHED, after.state());
    assertEquals("DISTRICT", after.unitCode()); // no community known: the district centre coordinates it
    // the district centre has no hand-over limit: the wait there is due never
    assertEquals(1, count("SELECT count(*) FROM handovers WHERE ticket_id = " + t.id()
        + " AND left_at IS NULL AND level = 'district' AND due_at IS NULL"));
    Map<String, HandoverRate> rates = byLevel(tickets.handoverKpis(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 27)).await());
    assertEquals(new HandoverRate("intake", 1, 1, 0, 0), rates.get("intake"));
  }

  @Test
  void twoWatchesAtOnceHandATicketOnOnceAndAMovedTicketIsLeftAlone() {
    Ticket a = tickets.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await();
    Ticket b = tickets.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await();
    Instant friday = WEDNESDAY_END.plus(GRACE).plusSeconds(60);
    service.clock.set(WEDNESDAY_END.minusSeconds(60));
    tickets.act(b.number(), Action.ESCALATE, ActionRequest.note("社区无法办理"), UNIT).await(); // moved by hand in time
    service.clock.set(friday);
    List<TicketService.HandoverSweep> sweeps = Future.all(
            tickets.handoverWatch(friday, GRACE), tickets.handoverWatch(friday, GRACE), tickets.handoverWatch(friday, GRACE))
        .await().list();
    assertEquals(1, sweeps.stream().mapToInt(TicketService.HandoverSweep::handedOn).sum());
    assertEquals(1, sweeps.stream().mapToInt(TicketService.HandoverSweep::reminders).sum());
    assertEquals(1, actions(tickets.get(a.number(), AGENT).await()).stream().filter("escalate"::equals).count());
    assertEquals(1, actions(tickets.get(b.number(), AGENT).await()).stream().filter("escalate"::equals).count());
  }

  @Test
  void supervisorsSetTheLimitsPerLevelForWaitsThatStartAfter() {
    assertEquals(2, tickets.handoverLimits().get("community"));
    assertNull(tickets.handoverLimits().get("district"));
    assertEquals(TicketingException.Kind.FORBIDDEN,
        TicketLifecycleTest.refusal(tickets.setHandoverLimit("community", 1, UNIT)));
    assertEquals(TicketingException.Kind.INVALID,
        TicketLifecycleTest.refusal(tickets.setHandoverLimit("village", 1, SUPERVISOR)));
    assertEquals(TicketingException.Kind.INVALID,
        TicketLifecycleTest.refusal(tickets.setHandoverLimit("community", -1, SUPERVISOR)));
    tickets.setHandoverLimit("community", 0, SUPERVISOR).await();
    tickets.setHandoverLimit("sub_district", null, SUPERVISOR).await();
    assertEquals(0, tickets.handoverLimits().get("community"));
    assertNull(tickets.handoverLimits().get("sub_district"));
    Ticket t = tickets.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await();
    Instant mondayEnd = Instant.parse("2026-11-23T15:59:59Z");
    assertEquals(new TicketService.HandoverSweep(0, 0), tickets.handoverWatch(mondayEnd, GRACE).await());
    assertEquals(new TicketService.HandoverSweep(1, 0), tickets.handoverWatch(mondayEnd.plusSeconds(1), GRACE).await());
    assertEquals(List.of("create", "dispatch", "handover_remind"), actions(t));
  }

  @Test
  void theLimitsAndTheFiguresAreInTheApi() {
    Api api = service.api();
    String supervisor = api.login("supervisor");
    String unit = api.login("unit");
    Api.Reply limits = api.get("/api/handover-limits", unit);
    assertEquals(200, limits.status());
    assertEquals(1, limits.json().getInteger("intake"));
    assertEquals(2, limits.json().getInteger("community"));
    assertTrue(limits.json().containsKey("district") && limits.json().getValue("district") == null);
    assertEquals(403, api.send("PUT", "/api/handover-limits/community", unit, "{\"workingDays\": 5}").status());
    assertEquals(400, api.send("PUT", "/api/handover-limits/community", supervisor, "{\"workingDays\": \"two\"}").status());
    assertEquals(400, api.send("PUT", "/api/handover-limits/community", supervisor, "{}").status());
    assertEquals(400, api.send("PUT", "/api/handover-limits/village", supervisor, "{\"workingDays\": 1}").status());
    assertEquals(200, api.send("PUT", "/api/handover-limits/community", supervisor, "{\"workingDays\": 3}").status());
    assertEquals(3, api.get("/api/handover-limits", unit).json().getInteger("community"));

    tickets.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await();
    Api.Reply kpis = api.get("/api/kpis?from=2026-11-23&to=2026-11-27", supervisor);
    assertEquals(200, kpis.status());
    io.vertx.core.json.JsonObject intake = kpis.json().getJsonArray("handover").getJsonObject(0);
    assertEquals("intake", intake.getString("level"));
    assertEquals(1, intake.getLong("handedOver"));
    assertEquals(1.0, intake.getDouble("onTimeRate"));
    assertEquals(3, kpis.json().getJsonArray("handover").getJsonObject(2).getInteger("limitDays")); // community
    assertFalse(api.get("/api/kpis?from=2026-11-23&to=2026-11-27", unit).json().containsKey("handover")); // a unit's own
  }

  private static Map<String, HandoverRate> byLevel(List<HandoverRate> rates) {
    assertEquals(Handovers.LEVELS, rates.stream().map(HandoverRate::level).toList());
    return rates.stream().collect(java.util.stream.Collectors.toMap(HandoverRate::level, r -> r));
  }
}
