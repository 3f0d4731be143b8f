package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What intake reads on every ticket and rarely changes: the categories and the working-day calendar. */
final class ReferenceData {
  private final Pool pool;
  private final ZoneId zone;
  private volatile WorkCalendar calendar;
  private volatile Map<String, Category> categories = Map.of();

  ReferenceData(Pool pool, ZoneId zone) {
    this.pool = pool;
    this.zone = zone;
    this.calendar = new WorkCalendar(Map.of(), zone);
  }

  Future<Void> reload() {
    return pool.query(TicketSql.CALENDAR).execute().map(rows -> {
      Map<LocalDate, WorkCalendar.DayKind> exceptions = new HashMap<>();
      rows.forEach(row -> exceptions.put(row.getLocalDate("day"),
          WorkCalendar.DayKind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT))));
      calendar = new WorkCalendar(exceptions, zone);
      return null;
    }).compose(v -> pool.query(TicketSql.CATEGORIES).execute()).map(rows -> {
      Map<String, Category> loaded = new LinkedHashMap<>();
      rows.forEach(row -> loaded.put(row.getString("code"), TicketSql.category(row)));
      categories = loaded;
      return null;
    });
  }

  WorkCalendar calendar() {
    return calendar;
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
