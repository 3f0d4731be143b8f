package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ticket lifecycle through the service, against a real PostgreSQL. */
class TicketLifecycleTest {
  private static final Instant MONDAY = Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in Shanghai
  private static final Actor AGENT = new Actor("agent", Role.AGENT, null);
  private static final Actor UNIT = new Actor("unit", Role.UNIT, "SD01-C01");
  private static final Actor OTHER_UNIT = new Actor("other", Role.UNIT, "SD02-C01");
  private static final Actor SUPERVISOR = new Actor("supervisor", Role.SUPERVISOR, null);
  private static TestService service;
  private static TicketService tickets;

  @BeforeAll
  static void start() {
    service = new TestService(MONDAY);
    tickets = service.tickets;
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static NewTicket report(String phone, String category) {
    return new NewTicket(phone, Channel.AGENT, category, null, "楼道水管漏水", null, "3号楼", null, false, false, null);
  }

  static <T> TicketingException.Kind refusal(Future<T> future) {
    TicketingException e = assertThrows(TicketingException.class, future::await);
    return e.kind();
  }

  @Test
  void aKnownResidentsRepairIsDispatchedToTheirCommunityWithAWorkingDayDeadline() {
    Ticket t = tickets.create(report("138 0013 8000", "utilities"), AGENT).await();
    assertTrue(TicketNumbers.isValid(t.number()));
    assertEquals("13800138000", t.callerPhone());
    assertEquals(TicketState.DISPATCHED, t.state());
    assertEquals("SD01-C01", t.unitCode());
    assertEquals(Instant.parse("2026-11-24T15:59:59Z"), t.deadline()); // one working day, end of Tuesday
    List<TicketEvent> events = tickets.events(t).await();
    assertEquals(List.of("create", "dispatch"), events.stream().map(TicketEvent::action).toList());
    assertNull(events.get(0).fromState());
    assertEquals(TicketState.RECEIVED, events.get(1).fromState());
  }

  @Test
  void anUnknownCallersCommunityRepairWaitsForADispatcher() {
    Ticket t = tickets.create(report("13311112222", "utilities"), AGENT).await();
    assertEquals(TicketState.RECEIVED, t.state());
    assertNull(t.unitCode());
    assertEquals(TicketingException.Kind.INVALID,
        refusal(tickets.act(t.number(), Action.DISPATCH, new ActionRequest(null, "NO-SUCH-UNIT", null), AGENT)));
    Ticket dispatched = tickets.act(t.number(), Action.DISPATCH, new ActionRequest(null, "DEP-WATER", null), AGENT).await();
    assertEquals("DEP-WATER", dispatched.unitCode());
    Ticket other = tickets.create(report("13311112222", "utilities"), AGENT).await();
    Ticket toCentre = tickets.act(other.number(), Action.DISPATCH, ActionRequest.none(), AGENT).await();
    assertEquals("DISTRICT", toCentre.unitCode()); // no rule names a unit: the district centre coordinates
  }

  @Test
  void theFullLifecycleKeepsStateAndEventsInStep() {
    Ticket t = tickets.create(report("13800138000", "utilities"), AGENT).await();
    tickets.act(t.number(), Action.ACCEPT, ActionRequest.none(), UNIT).await();
    tickets.act(t.number(), Action.NOTE, ActionRequest.note("已联系维修工"), UNIT).await();
    tickets.act(t.number(), Action.RESOLVE, ActionRequest.note("更换了阀门"), UNIT).await();
    Ticket closed = tickets.act(t.number(), Action.CLOSE, ActionRequest.none(), AGENT).await();
    assertEquals(TicketState.CLOSED, closed.state());
    List<TicketEvent> events = tickets.events(closed).await();
    assertEquals(List.of("create", "dispatch", "accept", "note", "resolve", "close"),
        events.stream().map(TicketEvent::action).toList());
    for (int i = 1; i < events.size(); i++) {
      assertEquals(events.get(i - 1).toState(), events.get(i).fromState(), "events chain at " + i);
    }
    assertEquals(closed.state(), events.get(events.size() - 1).toState());
  }

  @Test
  void illegalTransitionsAreRefusedWithConflictAndChangeNothing() {
    Ticket t = tickets.create(report("13800138000", "utilities"), AGENT).await();
    assertEquals(TicketingException.Kind.CONFLICT, refusal(tickets.act(t.number(), Action.CLOSE, ActionRequest.none(), AGENT)));
    assertEquals(TicketingException.Kind.CONFLICT, refusal(tickets.act(t.number(), Action.REOPEN, ActionRequest.none(), AGENT)));
    tickets.act(t.number(), Action.ACCEPT, ActionRequest.none(), UNIT).await();
    assertEquals(TicketingException.Kind.CONFLICT, refusal(tickets.act(t.number(), Action.ACCEPT, ActionRequest.none(), UNIT)));
    assertEquals(2 + 1, tickets.events(t).await().size());
    assertEquals(TicketState.IN_PROGRESS, tickets.get(t.number(), AGENT).await().state());
  }

  @Test
  void rolesAndUnitsAreEnforced() {
    Ticket t = tickets.create(report("13800138000", "utilities"), AGENT).await();
    assertEquals(TicketingException.Kind.FORBIDDEN, refusal(tickets.act(t.number(), Action.ACCEPT, ActionRequest.none(), OTHER_UNIT)));
    assertEquals(TicketingException.Kind.FORBIDDEN, refusal(tickets.get(t.number(), OTHER_UNIT)));
    assertEquals(TicketingException.Kind.FORBIDDEN, refusal(tickets.act(t.number(), Action.ACCEPT, ActionRequest.none(), AGENT)));
    assertEquals(TicketingException.Kind.FORBIDDEN, refusal(tickets.act(t.number(), Action.CLOSE, ActionRequest.none(), UNIT)));
    tickets.act(t.number(), Action.ACCEPT, ActionRequest.none(), UNIT).await();
    assertEquals(TicketingException.Kind.FORBIDDEN, refusal(tickets.act(t.number(), Action.RESOLVE, ActionRequest.none(), AGENT)));
  }

  @Test
  void reopenSendsItBackToTheUnitWithAFreshDeadline() {
    try (TestService own = new TestService(MONDAY)) { // its clock moves on: the shared one stays on Monday
      Ticket t = own.tickets.create(report("13800138000", "utilities"), AGENT).await();
      own.tickets.act(t.number(), Action.RESOLVE, ActionRequest.note("修好了"), UNIT).await();
      own.clock.advance(Duration.ofDays(2));

      Ticket reopened = own.tickets.act(t.number(), Action.REOPEN, ActionRequest.note("居民不满意"), AGENT).await();
      assertEquals(TicketState.DISPATCHED, reopened.state());
      assertEquals("SD01-C01", reopened.unitCode());
      assertEquals(1, reopened.reopenCount());
      assertTrue(reopened.deadline().isAfter(t.deadline()));
    }
  }

  @Test
  void aReturnedTicketGoesBackToIntakeWithoutAUnit() {
    Ticket t = tickets.create(report("13800138000", "utilities"), AGENT).await();
    Ticket returned = tickets.act(t.number(), Action.RETURN, ActionRequest.note("不属于本社区"), UNIT).await();
    assertEquals(TicketState.RECEIVED, returned.state());
    assertNull(returned.unitCode());
    assertEquals(TicketingException.Kind.FORBIDDEN, refusal(tickets.get(t.number(), UNIT)));
  }

  @Test
  void anExtensionIsAskedBeforeTheDeadlineAndGrantedByASupervisor() {
    Ticket t = tickets.create(report("13800138000", "utilities"), AGENT).await();
    Instant later = t.deadline().plus(Duration.ofDays(3));
    assertEquals(TicketingException.Kind.INVALID,
        refusal(tickets.act(t.number(), Action.EXTEND, new ActionRequest("等配件", null, t.deadline()), UNIT)));
    Ticket asked = tickets.act(t.number(), Action.EXTEND, new ActionRequest("等配件", null, later), UNIT).await();
    assertEquals(later, asked.requestedDeadline());
    assertEquals(t.deadline(), asked.deadline());
    Ticket granted = tickets.act(t.number(), Action.EXTEND, ActionRequest.note("同意"), SUPERVISOR).await();
    assertEquals(later, granted.deadline());
    assertNull(granted.requestedDeadline());
    List<String> actions = tickets.events(t).await().stream().map(TicketEvent::action).toList();
    assertEquals(List.of("create", "dispatch", "extend_requested", "extend"), actions);
  }

  @Test
  void anExtensionAskedAfterTheDeadlineIsRefused() {
    try (TestService own = new TestService(MONDAY)) { // its clock moves on: the shared one stays on Monday
      Ticket t = own.tickets.create(report("13800138000", "utilities"), AGENT).await();
      own.clock.set(t.deadline().plusSeconds(1));

      assertEquals(TicketingException.Kind.CONFLICT, refusal(own.tickets.act(t.number(), Action.EXTEND,
          new ActionRequest(null, null, t.deadline().plus(Duration.ofDays(2))), UNIT)));
    }
  }

  @Test
  void theHandlingUnitsAreTheDistrictItsDepartmentsSubDistrictsAndCommunitiesButNoGrid() {
    List<HandlingUnit> units = tickets.handlingUnits().await();

    assertEquals(1 + 35 + 15 + 99, units.size());
    assertTrue(units.stream().noneMatch(u -> u.level().equals("grid")));
    assertTrue(units.stream().anyMatch(u -> u.code().equals("SD01-C01") && u.level().equals("community")
        && !u.name().isBlank()));
  }

  @Test
  void escalationClimbsCommunitySubDistrictDistrictAndStops() {
    Ticket t = tickets.create(report("13800138000", "safety"), AGENT).await();
    Ticket up1 = tickets.act(t.number(), Action.ESCALATE, ActionRequest.note("需街道协调"), UNIT).await();
    assertEquals("SD01", up1.unitCode());
    assertEquals(ItemKind.ESCALATED, up1.itemKind());
    Ticket up2 = tickets.act(t.number(), Action.ESCALATE, ActionRequest.none(), SUPERVISOR).await();
    assertEquals("DISTRICT", up2.unitCode());
    assertEquals(TicketingException.Kind.CONFLICT,
        refusal(tickets.act(t.number(), Action.ESCALATE, ActionRequest.none(), SUPERVISOR)));
  }

  @Test
  void anImmediateItemIsResolvedOnTheCall() {
    NewTicket asked = new NewTicket("13800138000", Channel.AGENT, "policy", null, "医保报销需要什么材料", null, null,
        null, false, false, "已告知所需材料");
    Ticket t = tickets.create(asked, AGENT).await();
    assertEquals(TicketState.RESOLVED, t.state());
    assertEquals(ItemKind.IMMEDIATE, t.itemKind());
    List<TicketEvent> events = tickets.events(t).await();
    assertEquals(List.of("create", "resolve"), events.stream().map(TicketEvent::action).toList());
    assertEquals("agent", events.get(1).actor()); // who resolved it on the call stays on record
  }

  @Test
  void badIntakeIsRefusedAndWritesNothing() {
    long before = tickets.list(new TicketQuery(null, null, null, null, null, null, 1, 1), AGENT).await().total();
    assertEquals(TicketingException.Kind.INVALID, refusal(tickets.create(report("12345", "utilities"), AGENT)));
    assertEquals(TicketingException.Kind.INVALID, refusal(tickets.create(report("13800138000", "nonsense"), AGENT)));
    NewTicket huge = new NewTicket("13800138000", Channel.AGENT, "utilities", null, "漏".repeat(4001), null, null,
        null, false, false, null);
    assertEquals(TicketingException.Kind.INVALID, refusal(tickets.create(huge, AGENT)));
    NewTicket badUnit = new NewTicket("13800138000", Channel.AGENT, "utilities", null, "x", null, null,
        "NO-SUCH-UNIT", false, false, null);
    assertEquals(TicketingException.Kind.INVALID, refusal(tickets.create(badUnit, AGENT)));
    long after = tickets.list(new TicketQuery(null, null, null, null, null, null, 1, 1), AGENT).await().total();
    assertEquals(before, after);
  }

  @Test
  void onlyAPhoneReportCutShortMayComeWithoutANumber() {
    NewTicket anonymous = NewTicket.fromIvr(null, "utilities", "/var/spool/asterisk/zhaowo/1-report", true);
    Ticket t = tickets.create(anonymous, Actor.system("ivr")).await();
    assertNull(t.callerPhone());
    assertTrue(t.incompleteIntake());
    assertEquals(TicketState.RECEIVED, t.state()); // no resident, no community: a dispatcher decides
    NewTicket finished = NewTicket.fromIvr(null, "utilities", "/var/spool/asterisk/zhaowo/2-report", false);
    assertEquals(TicketingException.Kind.INVALID, refusal(tickets.create(finished, Actor.system("ivr"))));
    assertEquals(TicketingException.Kind.INVALID, refusal(tickets.create(report(null, "utilities"), AGENT)));
  }

  @Test
  void theHistoryCannotBeRewritten() throws Exception {
    Ticket t = tickets.create(report("13800138000", "utilities"), AGENT).await();
    try (var c = service.db.jdbc(); var st = c.createStatement()) {
      var e = assertThrows(java.sql.SQLException.class,
          () -> st.executeUpdate("UPDATE ticket_events SET note = 'x' WHERE ticket_id = " + t.id()));
      assertEquals("P0001", e.getSQLState());
      var d = assertThrows(java.sql.SQLException.class, () -> st.executeUpdate("DELETE FROM tickets WHERE id = " + t.id()));
      assertEquals("P0001", d.getSQLState());
    }
  }

  @Test
  void surveyAnswersCloseOrReopen() {
    Ticket happy = tickets.create(report("13800138000", "utilities"), AGENT).await();
    tickets.act(happy.number(), Action.RESOLVE, ActionRequest.none(), UNIT).await();
    Ticket closed = tickets.recordSurvey(happy.number(), new SurveyAnswer("agent", true, "basically_satisfied", null, null),
        Actor.system("test")).await();
    assertEquals(TicketState.CLOSED, closed.state());

    Ticket unhappy = tickets.create(report("13800138000", "utilities"), AGENT).await();
    tickets.act(unhappy.number(), Action.RESOLVE, ActionRequest.none(), UNIT).await();
    Ticket reopened = tickets.recordSurvey(unhappy.number(), new SurveyAnswer("phone", false, "satisfied", null, null),
        Actor.system("test")).await();
    assertEquals(TicketState.DISPATCHED, reopened.state());
    assertEquals(TicketingException.Kind.INVALID, refusal(tickets.recordSurvey(unhappy.number(),
        new SurveyAnswer("phone", true, "so-so", null, null), Actor.system("test"))));
  }

  @Test
  void aMistypedNumberIsCaughtBeforeAnyLookup() {
    assertEquals(TicketingException.Kind.INVALID, refusal(tickets.act("10000010", Action.NOTE, ActionRequest.note("x"), AGENT)));
    assertEquals(TicketingException.Kind.NOT_FOUND, refusal(tickets.get(TicketNumbers.fromSerial(9_999_999), AGENT)));
  }
}
