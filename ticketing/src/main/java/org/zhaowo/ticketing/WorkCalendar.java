package org.zhaowo.ticketing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * Working days in the district: Monday to Friday, less public holidays, plus make-up working days
 * (调休) on weekends. Deadlines fall at the end of a working day.
 */
public final class WorkCalendar {
  /** What a listed day is, overriding the week. */
  public enum DayKind { HOLIDAY, WORKDAY }

  /** One listed day, as an administrator set it. */
  record ListedDay(LocalDate day, DayKind kind, String name) {}

  private final Map<LocalDate, DayKind> exceptions;
  private final ZoneId zone;

  public WorkCalendar(Map<LocalDate, DayKind> exceptions, ZoneId zone) {
    this.exceptions = Map.copyOf(exceptions);
    this.zone = zone;
  }

  public boolean isWorkingDay(LocalDate day) {
    DayKind listed = exceptions.get(day);
    if (listed != null) {
      return listed == DayKind.WORKDAY;
    }
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /**
   * The day {@code workingDays} working days after {@code start}'s day. With 0 it is the start day
   * itself if that is a working day, else the next working day.
   */
  public LocalDate addWorkingDays(LocalDate start, int workingDays) {
    LocalDate day = start;
    while (!isWorkingDay(day)) {
      day = day.plusDays(1);
    }
    for (int left = workingDays; left > 0; ) {
      day = day.plusDays(1);
      if (isWorkingDay(day)) {
        left--;
      }
    }
    return day;
  }

  /** The deadline for a request registered at {@code registered} with the given time limit. */
  public Instant deadline(Instant registered, int workingDays) {
    LocalDate day = addWorkingDays(registered.atZone(zone).toLocalDate(), workingDays);
    return day.atTime(LocalTime.of(23, 59, 59)).atZone(zone).toInstant();
  }

  public ZoneId zone() {
    return zone;
  }
}
