package org.zhaowo.ticketing;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

/**
 * The one way tests insert rows by hand: every required timestamp column the test leaves out is
 * stamped with the test's clock, never with the database's {@code now()}, so a row and the service
 * that reads it agree on what "now" is whatever the real date. An {@link Instant} value is written
 * as a timestamp.
 */
public final class TestRows {
  /** Per table: its NOT NULL timestamptz columns without a default (the ones a test must not forget). */
  private static final Map<String, List<String>> STAMPED = new ConcurrentHashMap<>();
  private static final String STAMPED_COLUMNS = """
      SELECT column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = $1 AND data_type = 'timestamp with time zone'
         AND is_nullable = 'NO' AND column_default IS NULL
       ORDER BY ordinal_position
      """;

  private TestRows() {}

  /** Inserts one row into {@code table}. */
  public static void insert(SqlClient db, Clock clock, String table, Map<String, Object> values) {
    insertAll(db, clock, table, List.of(values));
  }

  /** Inserts rows that name the same columns, in one batch. */
  public static void insertAll(SqlClient db, Clock clock, String table, List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    List<String> stamped = STAMPED.computeIfAbsent(table, t -> StreamSupport.stream(
        db.preparedQuery(STAMPED_COLUMNS).execute(Tuple.of(t)).await().spliterator(), false)
        .map((Row r) -> r.getString(0)).toList());
    List<Map<String, Object>> complete = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Map<String, Object> values = new LinkedHashMap<>(row);
      stamped.forEach(column -> values.putIfAbsent(column, now));
      complete.add(values);
    }
    List<String> columns = List.copyOf(complete.getFirst().keySet());
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
        .append(String.join(", ", columns)).append(") VALUES (");
    for (int i = 1; i <= columns.size(); i++) {
      sql.append(i == 1 ? "$" : ", $").append(i);
    }
    List<Tuple> batch = complete.stream().map(values -> {
      Tuple tuple = Tuple.tuple();
      columns.forEach(column -> tuple.addValue(value(values.get(column))));
      return tuple;
    }).toList();
    db.preparedQuery(sql.append(")").toString()).executeBatch(batch).await();
  }

  private static Object value(Object value) {
    return value instanceof Instant instant ? TicketSql.timestamp(instant) : value;
  }
}
