package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

  @Test
  void landlinesElderlyAndOptedOutResidentsAreSurveyedByPhone() {
    var ticket = new org.zhaowo.ticketing.Ticket(1, "10000012", "13800138000", org.zhaowo.ticketing.Channel.AGENT,
        "utilities", org.zhaowo.ticketing.ItemKind.PROMISED, "d", null, null, null, null, null, Instant.EPOCH, null,
        false, false, org.zhaowo.ticketing.TicketState.RESOLVED, 0, Instant.EPOCH, Instant.EPOCH);
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
