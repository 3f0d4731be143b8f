package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkCalendarTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  // National Day week 2026: 1–7 October off, Saturday 10 October worked instead.
  private final WorkCalendar calendar = new WorkCalendar(Map.of(
      LocalDate.parse("2026-10-01"), WorkCalendar.DayKind.HOLIDAY,
      LocalDate.parse("2026-10-02"), WorkCalendar.DayKind.HOLIDAY,
      LocalDate.parse("2026-10-05"), WorkCalendar.DayKind.HOLIDAY,
      LocalDate.parse("2026-10-06"), WorkCalendar.DayKind.HOLIDAY,
      LocalDate.parse("2026-10-07"), WorkCalendar.DayKind.HOLIDAY,
      LocalDate.parse("2026-10-10"), WorkCalendar.DayKind.WORKDAY), SHANGHAI);

  @Test
  void weekendsAreOffAndMakeUpDaysAreWorked() {
    assertTrue(calendar.isWorkingDay(LocalDate.parse("2026-11-23"))); // Monday
    assertFalse(calendar.isWorkingDay(LocalDate.parse("2026-11-28"))); // Saturday
    assertFalse(calendar.isWorkingDay(LocalDate.parse("2026-10-01")));
    assertTrue(calendar.isWorkingDay(LocalDate.parse("2026-10-10"))); // Saturday, 调休
  }

  @Test
  void workingDaysSkipWeekendsAndHolidays() {
    assertEquals(LocalDate.parse("2026-11-24"), calendar.addWorkingDays(LocalDate.parse("2026-11-23"), 1));
    assertEquals(LocalDate.parse("2026-11-30"), calendar.addWorkingDays(LocalDate.parse("2026-11-27"), 1)); // Fri → Mon
    assertEquals(LocalDate.parse("2026-10-08"), calendar.addWorkingDays(LocalDate.parse("2026-09-30"), 1));
    assertEquals(LocalDate.parse("2026-10-10"), calendar.addWorkingDays(LocalDate.parse("2026-09-30"), 3));
  }

  @Test
  void aRequestOnADayOffStartsCountingFromTheNextWorkingDay() {
    assertEquals(LocalDate.parse("2026-11-30"), calendar.addWorkingDays(LocalDate.parse("2026-11-28"), 0));
    assertEquals(LocalDate.parse("2026-12-01"), calendar.addWorkingDays(LocalDate.parse("2026-11-28"), 1));
  }

  @Test
  void theDeadlineIsTheEndOfTheDayInTheDistrictsZone() {
    // 23:30 UTC on Monday is already Tuesday in Shanghai.
    Instant deadline = calendar.deadline(Instant.parse("2026-11-23T23:30:00Z"), 1);
    assertEquals(Instant.parse("2026-11-25T15:59:59Z"), deadline);
  }
}
