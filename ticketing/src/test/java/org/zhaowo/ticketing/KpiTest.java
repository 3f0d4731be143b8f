package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The KPI arithmetic on a known week of events. */
class KpiTest {
  private static final Actor AGENT = new Actor("agent", Role.AGENT, null);
  private static final Actor UNIT = new Actor("unit", Role.UNIT, "SD01-C01");
  private static final LocalDate MONDAY = LocalDate.parse("2026-11-23");
  private static final LocalDate FRIDAY = LocalDate.parse("2026-11-27");
  private static TestService service;

  /** 10:00 in Shanghai on the given day of the demo week. */
  private static void at(String day) {
    service.clock.set(Instant.parse(day + "T02:00:00Z"));
  }

  @BeforeAll
  static void aKnownWeek() {
    service = new TestService(Instant.parse("2026-11-23T02:00:00Z"));
    TicketService t = service.tickets;
    at("2026-11-23");
    String a = t.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await().number();
    String b = t.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await().number();
    String c = t.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await().number();
    t.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await(); // D: left open, goes overdue
    at("2026-11-24");
    t.act(a, Action.RESOLVE, ActionRequest.note("done"), UNIT).await(); // on time
    t.act(c, Action.RESOLVE, ActionRequest.note("done"), UNIT).await(); // on time, never surveyed
    t.recordSurvey(a, new SurveyAnswer("agent", true, "satisfied", null, null), AGENT).await();
    at("2026-11-25");
    t.act(b, Action.RESOLVE, ActionRequest.note("late"), UNIT).await(); // late: the deadline was Tuesday
    t.recordSurvey(b, new SurveyAnswer("agent", false, "unsatisfied", null, null), AGENT).await(); // reopens
    at("2026-11-26");
    t.act(b, Action.RESOLVE, ActionRequest.note("again"), UNIT).await();
    t.recordSurvey(b, new SurveyAnswer("agent", true, "basically_satisfied", null, null), AGENT).await();
    at("2026-11-27");
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void theWeekAddsUp() {
    Kpis k = service.tickets.kpis(MONDAY, FRIDAY, null).await();
    assertEquals(4, k.received());
    assertEquals(3, k.resolved()); // first resolutions of A, B, C
    assertEquals(2, k.resolvedOnTime()); // A and C
    assertEquals(0.6667, k.onTimeRate());
    assertEquals(2, k.closed()); // A and B
    assertEquals(1, k.closedFirstTime()); // B was reopened
    assertEquals(0.5, k.oneTimeCompletionRate());
    assertEquals(2, k.callbacksReached()); // A and B of the three resolved
    assertEquals(0.6667, k.callbackRate());
    assertEquals(3, k.surveysAnswered());
    assertEquals(2, k.surveysSatisfied()); // satisfied + basically satisfied
    assertEquals(0.6667, k.satisfactionRate());
    assertEquals(1, k.overdue()); // D
  }

  @Test
  void aUnitAndARangeNarrowTheCount() {
    assertEquals(4, service.tickets.kpis(MONDAY, FRIDAY, "SD01-C01").await().received());
    Kpis water = service.tickets.kpis(MONDAY, FRIDAY, "DEP-WATER").await();
    assertEquals(0, water.received());
    assertEquals(0.0, water.satisfactionRate());
    Kpis tuesday = service.tickets.kpis(LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-24"), null).await();
    assertEquals(0, tuesday.received());
    assertEquals(2, tuesday.resolved());
    assertEquals(1, tuesday.surveysAnswered());
  }
}
