package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.Resident;
import org.zhaowo.ticketing.WorkCalendar;

/** The calling window and the survey channel, without a database. */
class SurveyPolicyTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final WorkCalendar CALENDAR = new WorkCalendar(
      Map.of(LocalDate.parse("2026-10-01"), WorkCalendar.DayKind.HOLIDAY,
          LocalDate.parse("2026-10-10"), WorkCalendar.DayKind.WORKDAY), SHANGHAI);
  private final SurveyPolicy policy = new SurveyPolicy(Config.of(Map.of()), () -> CALENDAR);

  private static Instant local(String dateTime) {
    return java.time.LocalDateTime.parse(dateTime).atZone(SHANGHAI).toInstant();
  }

  @Test
  void insideTheWindowOnAWorkingDayIsNow() {
    assertEquals(local("2026-11-24T10:15:00"), policy.withinWindow(local("2026-11-24T10:15:00")));
  }

  @Test
  void earlyMorningWaitsForNine() {
    assertEquals(local("2026-11-24T09:00:00"), policy.withinWindow(local("2026-11-24T06:30:00")));
  }

  @Test
  void fridayEveningWaitsForMondayMorning() {
    assertEquals(local("2026-11-30T09:00:00"), policy.withinWindow(local("2026-11-27T20:30:00")));
  }

  @Test
  void holidaysAreSkippedAndMakeUpWorkdaysCount() {
    assertEquals(local("2026-10-02T09:00:00"), policy.withinWindow(local("2026-09-30T21:00:00")),
        "1 October is a holiday; the demo calendar lists only some days");
    assertEquals(local("2026-10-10T09:00:00"), policy.withinWindow(local("2026-10-10T08:00:00")), "a Saturday 调休 workday");
  }

  private static SurveyPolicy hours(String window) {
    return new SurveyPolicy(Config.of(Map.of(SurveyPolicy.HOURS, window)), () -> CALENDAR);
  }

  @Test
  void equalEndsMeanAllDayOnWorkingDays() {
    SurveyPolicy always = hours("00:00-00:00");
    assertEquals(local("2026-11-24T00:00:00"), always.withinWindow(local("2026-11-24T00:00:00")),
        "not an empty window that waits for the next midnight");
    assertEquals(local("2026-11-24T23:59:00"), always.withinWindow(local("2026-11-24T23:59:00")));
    assertEquals(local("2026-11-30T00:00:00"), always.withinWindow(local("2026-11-28T12:00:00")), "Saturday: Monday");
    assertEquals(local("2026-11-24T03:00:00"), hours("08:00-08:00").withinWindow(local("2026-11-24T03:00:00")));
  }

  @Test
  void aWindowAcrossMidnightRunsIntoTheNextDay() {
    SurveyPolicy night = hours("22:00-06:00");
    assertTrue(night.inWindow(local("2026-11-24T23:30:00")));
    assertTrue(night.inWindow(local("2026-11-25T05:59:00")), "Tuesday's window, on Wednesday morning");
    assertFalse(night.inWindow(local("2026-11-25T06:00:00")));
    assertEquals(local("2026-11-25T22:00:00"), night.withinWindow(local("2026-11-25T12:00:00")));
    assertTrue(night.inWindow(local("2026-11-28T02:00:00")), "Friday's window passes into Saturday");
    assertFalse(night.inWindow(local("2026-11-29T02:00:00")), "Saturday opened no window");
    assertEquals(local("2026-11-30T22:00:00"), night.withinWindow(local("2026-11-28T07:00:00")), "then Monday night");
  }

  @Test
  void theWindowClosesAtItsEnd() {
    SurveyPolicy day = hours("09:00-22:00");
    assertTrue(day.inWindow(local("2026-11-24T21:59:00")));
    assertFalse(day.inWindow(local("2026-11-24T22:01:00")));
    assertEquals(local("2026-11-25T09:00:00"), day.withinWindow(local("2026-11-24T22:01:00")));
  }

  @Test
  void eachCallOutcomeHasItsOwnRetryInsideTheWindow() {
    Instant placed = local("2026-11-24T10:00:00");
    assertEquals(local("2026-11-24T10:15:00"), policy.retryAfter(SurveyCallOutcome.BUSY, placed));
    assertEquals(local("2026-11-24T10:30:00"), policy.retryAfter(SurveyCallOutcome.CONGESTION, placed));
    assertEquals(local("2026-11-24T10:30:00"), policy.retryAfter(SurveyCallOutcome.FAILED, placed));
    assertEquals(local("2026-11-24T12:00:00"), policy.retryAfter(SurveyCallOutcome.NO_ANSWER, placed));
    assertEquals(local("2026-11-25T09:00:00"), policy.retryAfter(SurveyCallOutcome.BUSY, local("2026-11-24T19:50:00")));
  }

  @Test
  void originateReasonsAreAsteriskControlFrames() {
    assertEquals(SurveyCallOutcome.ANSWERED, SurveyCallOutcome.of("Success", 4));
    assertEquals(SurveyCallOutcome.BUSY, SurveyCallOutcome.of("Failure", 5));
    assertEquals(SurveyCallOutcome.NO_ANSWER, SurveyCallOutcome.of("Failure", 3));
    assertEquals(SurveyCallOutcome.NO_ANSWER, SurveyCallOutcome.of("Failure", 1));
    assertEquals(SurveyCallOutcome.CONGESTION, SurveyCallOutcome.of("Failure", 8));
    assertEquals(SurveyCallOutcome.FAILED, SurveyCallOutcome.of("Failure", 0));
    assertEquals(SurveyCallOutcome.FAILED, SurveyCallOutcome.of("Failure", null));
  }

  @Test
  void landlinesElderlyAndOptedOutResidentsAreSurveyedByPhone() {
    var ticket = new org.zhaowo.ticketing.Ticket(1, "10000012", "13800138000", org.zhaowo.ticketing.Channel.AGENT,
        "utilities", org.zhaowo.ticketing.ItemKind.PROMISED, "d", null, null, null, null, null, Instant.EPOCH, null,
        false, false, org.zhaowo.ticketing.TicketState.RESOLVED, 0, Instant.EPOCH, Instant.EPOCH, null, null, null);
    assertEquals("sms", SurveyPolicy.channel(ticket, resident(false, false, false)));
    assertEquals("sms", SurveyPolicy.channel(ticket, new Recipient("13800138000", null, false)));
    assertEquals("phone", SurveyPolicy.channel(ticket, new Recipient("13800138000", null, true)),
        "a caller who is no resident but texted STOP");
    assertEquals("phone", SurveyPolicy.channel(ticket, resident(true, false, false)));
    assertEquals("phone", SurveyPolicy.channel(ticket, resident(false, true, false)));
    assertEquals("phone", SurveyPolicy.channel(ticket, resident(false, false, true)));
  }

  private static Recipient resident(boolean elderly, boolean landline, boolean optedOut) {
    return new Recipient("13800138000",
        new Resident("13800138000", "张先生", null, null, null, elderly, landline, optedOut, "zh-CN"), false);
  }
}
