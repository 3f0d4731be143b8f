package org.zhaowo.ticketing;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The KPIs of a date range broken down by handling unit and by week (Monday to Sunday, cut to the
 * range): what the supervisors' board charts, its CSV exports and the public results page publishes.
 * Every count of {@link Kpis} is a count of facts that each fall in one week, so a unit's or a week's
 * figures are the sums of its rows; only the overdue count is a snapshot, kept per unit.
 *
 * @param rows one per unit (null: not yet dispatched) and week with anything to count, by unit then week
 * @param overdue open tickets past their deadline now, per unit
 */
public record KpiBreakdown(LocalDate from, LocalDate to, List<Kpis> rows, Map<String, Long> overdue) {
  /** The seeds' targets (Changle county): one-time completion 86%, satisfaction 98%. */
  public static final double ONE_TIME_COMPLETION_TARGET = 0.86;
  public static final double SATISFACTION_TARGET = 0.98;
  private static final Comparator<String> UNITS_IN_ORDER = Comparator.nullsLast(Comparator.naturalOrder());

  public KpiBreakdown {
    rows = List.copyOf(rows);
    overdue = new LinkedHashMap<>(overdue); // a null key (tickets never dispatched) is a unit of its own
  }

  /** Each unit over the whole range, by code (the undispatched last), with its overdue tickets now. */
  public List<Kpis> byUnit() {
    Map<String, List<Kpis>> units = new TreeMap<>(UNITS_IN_ORDER);
    rows.forEach(row -> units.computeIfAbsent(row.unit(), u -> new ArrayList<>()).add(row));
    overdue.keySet().forEach(unit -> units.computeIfAbsent(unit, u -> new ArrayList<>()));
    return units.entrySet().stream()
        .map(unit -> sum(from, to, unit.getKey(), unit.getValue(), overdue.getOrDefault(unit.getKey(), 0L)))
        .toList();
  }

  /** Every week of the range, all units together, empty weeks included so that a chart's axis has no gaps. */
  public List<Kpis> byWeek() {
    Map<LocalDate, List<Kpis>> weeks = rows.stream().collect(Collectors.groupingBy(Kpis::from));
    List<Kpis> all = new ArrayList<>();
    for (LocalDate monday = from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)); !monday.isAfter(to);
        monday = monday.plusWeeks(1)) {
      LocalDate start = monday.isBefore(from) ? from : monday;
      LocalDate end = monday.plusDays(6).isAfter(to) ? to : monday.plusDays(6);
      all.add(sum(start, end, null, weeks.getOrDefault(start, List.of()), 0));
    }
    return all;
  }

  /** The whole range, all units: the same figures as {@link TicketService#kpis} for no unit. */
  public Kpis total() {
    return sum(from, to, null, rows, overdue.values().stream().mapToLong(Long::longValue).sum());
  }

  private static Kpis sum(LocalDate from, LocalDate to, String unit, List<Kpis> parts, long overdue) {
    long[] n = new long[8];
    for (Kpis k : parts) {
      long[] add = {k.received(), k.resolved(), k.resolvedOnTime(), k.closed(), k.closedFirstTime(),
          k.callbacksReached(), k.surveysAnswered(), k.surveysSatisfied()};
      for (int i = 0; i < n.length; i++) {
        n[i] += add[i];
      }
    }
    return new Kpis(from, to, unit, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], overdue);
  }

  /** The range a client asked for ({@code null} or blank: the {@code days} days to {@code today}); INVALID when absurd or reversed. */
  public static KpiBreakdown.Range range(String from, String to, LocalDate today, int days) {
    LocalDate end = to == null || to.isBlank() ? today : DateBounds.day("to", to.trim());
    LocalDate start = from == null || from.isBlank() ? end.minusDays(days - 1L) : DateBounds.day("from", from.trim());
    if (end.isBefore(start)) {
      throw TicketingException.invalid("to (" + end + ") is before from (" + start + ")");
    }
    return new Range(start, end);
  }

  /** Two days, both included, {@code from} not after {@code to}. */
  public record Range(LocalDate from, LocalDate to) {}
}
