package org.zhaowo.ticketing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the KPIs, the ticket list and the watches cost as history grows: a district's tickets loaded in bulk
 * (two years, most closed, the last month's still being worked; about 4.4 events each), then each read timed
 * (median of 5 after a warm-up) and its plan printed. Run by scripts/bench-growth [SIZES…]; not a test.
 */
public final class GrowthBenchmark {
  /** Tuesday 1 December 2026, 10:00 in Shanghai: "now" of the loaded district. */
  private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final Actor SUPERVISOR = new Actor("supervisor", Role.SUPERVISOR, null);

  /** Tickets over 730 days before now; state by age; the facts columns as the service writes them. */
  private static final String TICKETS = """
      INSERT INTO tickets (number, caller_phone, channel, category, item_kind, description, address, community_code,
                           unit_code, deadline, state, reopen_count, created_at, updated_at, first_resolved_at,
                           first_resolve_deadline, last_closed_at)
      SELECT (2000000 + g)::text || pg_temp.damm((2000000 + g)::text), '139' || lpad((g % 100000000)::text, 8, '0'), 'phone_ivr',
             (ARRAY['utilities','safety','environment','health','policy'])[1 + g % 5], 'promised', '基准', 'addr ' || g % 5000,
             'SD01-C01', u.codes[1 + g % array_length(u.codes, 1)], x.created + interval '3 days', s.state,
             (g % 13 = 0)::int, x.created, x.created,
             CASE WHEN s.state IN ('resolved', 'closed') THEN x.created + (CASE WHEN g % 7 = 0 THEN 4 ELSE 2 END) * interval '1 day' END,
             CASE WHEN s.state IN ('resolved', 'closed') THEN x.created + interval '3 days' END,
             CASE WHEN s.state = 'closed' THEN x.created + (CASE WHEN g % 7 = 0 THEN 5 ELSE 3 END) * interval '1 day' END
        FROM generate_series(1, ?) g
        CROSS JOIN (SELECT array_agg(code ORDER BY code) AS codes FROM units WHERE level IN ('community', 'department')) u
        CROSS JOIN LATERAL (SELECT ?::timestamptz - (g::double precision / ?) * interval '730 days' AS created) x
        CROSS JOIN LATERAL (SELECT CASE
            WHEN x.created < ?::timestamptz - interval '30 days' THEN CASE WHEN g % 20 = 0 THEN 'resolved' ELSE 'closed' END
            ELSE (ARRAY['dispatched', 'in_progress', 'resolved', 'closed'])[1 + g % 4] END AS state) s
      """;
  /** {@link TicketNumbers}' check digit, for numbers the service accepts. */
  private static final String DAMM = """
      CREATE FUNCTION pg_temp.damm(s text) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
      DECLARE
        t int[] := '{{0,3,1,7,5,9,8,6,4,2},{7,0,9,2,1,5,4,8,6,3},{4,2,0,6,8,7,1,3,5,9},{1,7,5,0,9,8,3,4,2,6},
                     {6,1,2,3,0,4,5,9,7,8},{3,6,7,4,2,0,9,5,8,1},{5,8,6,9,7,2,0,1,3,4},{8,9,4,5,3,6,2,0,1,7},
                     {9,4,3,8,6,1,7,2,0,5},{2,5,8,1,4,3,6,7,9,0}}';
        st int := 0;
      BEGIN
        FOR i IN 1..length(s) LOOP st := t[st + 1][substr(s, i, 1)::int + 1]; END LOOP;
        RETURN st;
      END $$
      """;
  private static final String EVENTS = """
      INSERT INTO ticket_events (ticket_id, at, actor, role, action, from_state, to_state, note, unit_code, deadline)
      SELECT id, created_at, 'ivr', 'system', 'create', NULL, 'received', NULL, NULL, deadline FROM tickets
      UNION ALL SELECT id, created_at + interval '1 minute', 'dispatcher', 'system', 'dispatch', 'received', 'dispatched',
             NULL, unit_code, deadline FROM tickets
      UNION ALL SELECT id, created_at + interval '1 hour', 'unit', 'unit', 'accept', 'dispatched', 'in_progress', NULL,
             unit_code, deadline FROM tickets WHERE state <> 'dispatched'
      UNION ALL SELECT id, first_resolved_at, 'unit', 'unit', 'resolve', 'in_progress', 'resolved', '已处理', unit_code,
             deadline FROM tickets WHERE first_resolved_at IS NOT NULL
      UNION ALL SELECT id, last_closed_at, 'sms', 'system', 'close', 'resolved', 'closed', NULL, unit_code, deadline
             FROM tickets WHERE last_closed_at IS NOT NULL
      """;
  private static final String SURVEYS = """
      INSERT INTO surveys (ticket_id, channel, state, attempts, satisfaction, opened_at, answered_at)
      SELECT id, 'sms', 'answered', 1, CASE WHEN id % 50 = 0 THEN 'unsatisfied' ELSE 'satisfied' END, first_resolved_at,
             last_closed_at FROM tickets WHERE last_closed_at IS NOT NULL
      """;
  private static final String WAITS = """
      INSERT INTO handovers (ticket_id, level, unit_code, arrived_at, due_at)
      SELECT t.id, u.level, t.unit_code, t.created_at, t.created_at + interval '2 days'
        FROM tickets t JOIN units u ON u.code = t.unit_code WHERE t.state = 'dispatched'
      """;

  private GrowthBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = args.length == 0 ? List.of(10_000, 1_000_000)
        : Arrays.stream(args).map(a -> Integer.parseInt(a.replace("_", "").replace(",", ""))).toList();
    List<String[]> table = new ArrayList<>();
    for (int size : sizes) {
      table.addAll(run(size));
    }
    System.out.println();
    System.out.printf("%-44s %12s %12s%n", "read (median of 5 after a warm-up)", "tickets", "ms");
    table.forEach(row -> System.out.printf("%-44s %12s %12s%n", row[0], row[1], row[2]));
  }

  private static List<String[]> run(int size) throws Exception {
    List<String[]> rows = new ArrayList<>();
    try (TestService service = new TestService(NOW)) {
      long loadStart = System.nanoTime();
      long events;
      try (Connection c = service.db.jdbc()) {
        try (Statement st = c.createStatement()) {
          st.execute(DAMM);
        }
        try (PreparedStatement st = c.prepareStatement(TICKETS)) {
          st.setInt(1, size);
          st.setObject(2, java.time.OffsetDateTime.ofInstant(NOW, ZONE));
          st.setInt(3, size);
          st.setObject(4, java.time.OffsetDateTime.ofInstant(NOW, ZONE));
          st.executeUpdate();
        }
        try (Statement st = c.createStatement()) {
          events = st.executeUpdate(EVENTS);
          st.executeUpdate(SURVEYS);
          st.executeUpdate(WAITS);
          st.execute("SELECT setval('ticket_serial', " + (2_000_001L + size) + ")");
          st.execute("VACUUM ANALYZE");
        }
      }
      System.out.printf("%n== %,d tickets, %,d events, loaded in %.1f s%n", size, events,
          (System.nanoTime() - loadStart) / 1e9);
      service.tickets.reloadCalendar().await();
      LocalDate today = LocalDate.ofInstant(NOW, ZONE);
      String n = String.format("%,d", size);
      rows.add(new String[] {"GET /api/kpis, one month", n,
          ms(() -> service.tickets.kpis(today.minusDays(29), today, null).await())});
      rows.add(new String[] {"GET /api/kpis, one year", n,
          ms(() -> service.tickets.kpis(today.minusDays(364), today, null).await())});
      rows.add(new String[] {"GET /api/kpis, one month, one unit", n,
          ms(() -> service.tickets.kpis(today.minusDays(29), today, "SD01-C01").await())});
      rows.add(new String[] {"KPI page breakdown (unit × week), one month", n,
          ms(() -> service.tickets.kpiBreakdown(today.minusDays(29), today).await())});
      rows.add(new String[] {"GET /api/tickets (page 1 and its total)", n,
          ms(() -> service.tickets.list(new TicketQuery(null, null, null, null, null, null, 1, 20), SUPERVISOR).await())});
      rows.add(new String[] {"GET /api/tickets?state=dispatched", n,
          ms(() -> service.tickets.list(new TicketQuery(TicketState.DISPATCHED, null, null, null, null, null, 1, 20),
              SUPERVISOR).await())});
      Supervision watch = new Supervision(service.pool, Duration.ofHours(24), Duration.ofHours(24));
      long first = System.nanoTime();
      TicketService.HandoverSweep firstHandovers = service.tickets.handoverWatch(NOW, Duration.ofHours(24)).await();
      Supervision.Sweep firstSweep = watch.sweep(NOW).await();
      rows.add(new String[] {"deadline + hand-over watch, first round", n, String.format("%.1f", (System.nanoTime() - first) / 1e6)});
      System.out.printf("first round: %s, %s%n", firstSweep, firstHandovers);
      while (service.tickets.handoverWatch(NOW, Duration.ofHours(24)).await().handedOn() > 0) {
        // hands on the backlog of late waits, 200 a round, as the watch would minute after minute
      }
      rows.add(new String[] {"deadline watch, nothing new", n, ms(() -> watch.sweep(NOW).await())});
      rows.add(new String[] {"hand-over watch, nothing new", n,
          ms(() -> service.tickets.handoverWatch(NOW, Duration.ofHours(24)).await())});
      plans(service, today);
    }
    return rows;
  }

  /** The median of five timed runs after one warm-up, in milliseconds. */
  private static String ms(Supplier<?> read) {
    read.get();
    double[] runs = new double[5];
    for (int i = 0; i < runs.length; i++) {
      long start = System.nanoTime();
      read.get();
      runs[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(runs);
    return String.format("%.1f", runs[2]);
  }

  private static void plans(TestService service, LocalDate today) throws Exception {
    Instant from = today.minusDays(29).atStartOfDay(ZONE).toInstant();
    Instant to = today.plusDays(1).atStartOfDay(ZONE).toInstant();
    try (Connection c = service.db.jdbc()) {
      c.setAutoCommit(false); // the watch's plan is taken of a statement that writes: rolled back
      plan(c, "KPIs, one month", KpiQuery.SQL, from, to, null, NOW);
      plan(c, "KPIs, one year", KpiQuery.SQL, today.minusDays(364).atStartOfDay(ZONE).toInstant(), to, null, NOW);
      plan(c, "KPI page breakdown, one month", KpiQuery.BY_UNIT_AND_WEEK, from, to, ZONE.getId());
      plan(c, "deadline watch (reminders), nothing new", Supervision.SWEEP, "reminder", NOW, NOW, "remind", "x");
      plan(c, "ticket list total", TicketSql.COUNT, null, null, null, null, null, null, NOW);
      c.rollback();
    }
  }

  /** The plan PostgreSQL runs {@code sql} with, for these parameters (a prepared statement, as the pool sends it). */
  private static void plan(Connection c, String title, String sql, Object... params) throws Exception {
    System.out.printf("%n-- plan: %s%n", title);
    List<String> literals = new ArrayList<>();
    for (Object p : params) {
      literals.add(p == null ? "NULL" : "'" + p.toString().replace("'", "''") + "'");
    }
    try (Statement st = c.createStatement()) {
      st.execute("DEALLOCATE ALL");
      st.execute("PREPARE planned AS " + sql);
      try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE planned("
          + String.join(", ", literals) + ")")) {
        while (rs.next()) {
          System.out.println(rs.getString(1));
        }
      }
    }
  }
}
