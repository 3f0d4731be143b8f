package org.zhaowo.ticketing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The days the service accepts: 2000-01-01 to 2100-12-31, the one place they are set. Java and
 * PostgreSQL take years far beyond these, but the Vert.x client's text decoder stops at 9999, so
 * one stored {@code 10000-01-01} failed every read of its table, start-up included; and no
 * hotline date lies outside them.
 */
public final class DateBounds {
  static final LocalDate FIRST = LocalDate.of(2000, 1, 1);
  static final LocalDate LAST = LocalDate.of(2100, 12, 31);
  static final String RANGE = "from " + FIRST + " to " + LAST;

  private DateBounds() {}

  static boolean contains(LocalDate day) {
    return !day.isBefore(FIRST) && !day.isAfter(LAST);
  }

  /** The day a client gave as {@code field} ("2026-12-01"); INVALID, naming the field, unless a date within the bounds. */
  public static LocalDate day(String field, String text) {
    return parse(text).filter(DateBounds::contains)
        .orElseThrow(() -> TicketingException.invalid(field + " must be a date like 2026-12-01, " + RANGE));
  }

  /**
   * A deadline a client gave as {@code field}: an instant ("2026-12-01T10:00:00Z") or a day
   * ("2026-12-01", meaning the end of that day in {@code zone}), within the bounds' days in {@code zone}.
   */
  public static Instant deadline(String field, String text, ZoneId zone) {
    Optional<Instant> parsed = text.length() == 10
        ? parse(text).filter(DateBounds::contains).map(day -> day.atTime(LocalTime.of(23, 59, 59)).atZone(zone).toInstant())
        : parseInstant(text);
    return instant(field, parsed.orElseThrow(() -> TicketingException.invalid(field
        + " must be a date (2026-12-01) or an instant (2026-12-01T10:00:00Z), " + RANGE)), zone);
  }

  /** {@code instant} if it falls on a day within the bounds in {@code zone}; INVALID, naming the field, otherwise. */
  static Instant instant(String field, Instant instant, ZoneId zone) {
    // compared as instants: a far year would overflow LocalDateTime when turned into a day
    boolean within = !instant.isBefore(FIRST.atStartOfDay(zone).toInstant())
        && instant.isBefore(LAST.plusDays(1).atStartOfDay(zone).toInstant());
    if (!within) {
      throw TicketingException.invalid(field + " must fall on a day " + RANGE + " (" + zone + ")");
    }
    return instant;
  }

  /** A day as PostgreSQL writes it (ISO text); empty unless within the bounds: rows stored before them may not be. */
  static Optional<LocalDate> stored(String text) {
    return parse(text).filter(DateBounds::contains);
  }

  private static Optional<LocalDate> parse(String text) {
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> parseInstant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
