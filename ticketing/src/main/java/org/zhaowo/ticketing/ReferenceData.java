package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What intake reads on every ticket and rarely changes: the categories, the working-day calendar, the hand-over limits. */
final class ReferenceData {
  private static final Logger log = LoggerFactory.getLogger(ReferenceData.class);

  private final Pool pool;
  private final ZoneId zone;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private volatile WorkCalendar calendar;
  private volatile Map<String, Category> categories = Map.of();
  private volatile Map<String, Integer> handoverLimits = Map.of();

  ReferenceData(Pool pool, ZoneId zone) {
    this.pool = pool;
    this.zone = zone;
    this.calendar = new WorkCalendar(Map.of(), zone);
  }

  Future<Void> reload() {
    return loadCalendar().compose(v -> loadCategories())
        .compose(v -> Handovers.limits(pool)).map(limits -> {
          handoverLimits = limits;
          return null;
        });
  }

  private Future<Void> loadCalendar() {
    return pool.query(TicketSql.CALENDAR).execute().map(rows -> {
      Map<LocalDate, WorkCalendar.DayKind> exceptions = new HashMap<>();
      rows.forEach(row -> TicketSql.listedDay(row).ifPresentOrElse(
          listed -> exceptions.put(listed.day(), listed.kind()), () -> skipped(row.getString("day"))));
      calendar = new WorkCalendar(exceptions, zone);
      return null;
    });
  }

  /** One bad row must not stop the service; said once per value, not on every reload (each calendar change reloads). */
  private void skipped(String day) {
    if (reported.add(day)) {
      log.warn("calendar_days has a day '{}' that is not a date {}: ignored", day, DateBounds.RANGE);
    }
  }

  private Future<Void> loadCategories() {
    return pool.query(TicketSql.CATEGORIES).execute().map(rows -> {
      Map<String, Category> loaded = new LinkedHashMap<>();
      rows.forEach(row -> loaded.put(row.getString("code"), TicketSql.category(row)));
      categories = loaded;
      return null;
    });
  }

  WorkCalendar calendar() {
    return calendar;
  }

  /** The "112" limits in working days by level; a level not listed has none. */
  Map<String, Integer> handoverLimits() {
    return handoverLimits;
  }

  Map<String, Category> categories() {
    return categories;
  }

  Category category(String code) {
    return categories.get(code);
  }

  /** In menu order: grouped as the phone menu offers them. */
  List<Category> categoryList() {
    return categories.values().stream().sorted(Comparator.comparingInt(Category::ivrGroup)).toList();
  }
}
