package org.zhaowo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Database;
import org.zhaowo.ticketing.MutableClock;
import org.zhaowo.ticketing.TestDatabase;

/**
 * Time has one source, the service's Clock: no column of any module may fill itself from the
 * database's clock, or a row would be stamped by another clock than the code that reads it.
 */
class SchemaClockTest {
  private static final String CLOCK_DEFAULTS = """
      SELECT table_name || '.' || column_name || ' DEFAULT ' || column_default
        FROM information_schema.columns
       WHERE table_schema = current_schema()
         AND table_name NOT LIKE 'flyway_history_%' -- Flyway's own bookkeeping, no business time
         AND column_default ~* '(now|clock_timestamp|statement_timestamp|transaction_timestamp)\\(|current_(timestamp|date|time)|localtime'
       ORDER BY 1
      """;

  @Test
  void noColumnOfAnyModuleDefaultsToTheDatabasesClock() throws Exception {
    Database db = TestDatabase.fresh(new MutableClock(ServiceRestartTest.TUESDAY_10AM), "ivr", "sms");
    List<String> found = new ArrayList<>();
    int timestamps;
    try (Connection c = db.jdbc()) {
      ResultSet rs = c.createStatement().executeQuery(CLOCK_DEFAULTS);
      while (rs.next()) {
        found.add(rs.getString(1));
      }
      rs = c.createStatement().executeQuery("SELECT count(*) FROM information_schema.columns"
          + " WHERE table_schema = current_schema() AND data_type = 'timestamp with time zone'");
      rs.next();
      timestamps = rs.getInt(1);
    }
    assertTrue(timestamps > 10, "the query sees the modules' tables (" + timestamps + " timestamp columns)");
    assertEquals(List.of(), found);
  }
}
