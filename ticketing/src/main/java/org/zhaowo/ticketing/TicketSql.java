package org.zhaowo.ticketing;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/** All SQL of the ticket aggregate, with the row mappers beside it. */
final class TicketSql {
  private TicketSql() {}

  private static final String TICKET_COLUMNS = """
      SELECT t.*, u.name AS unit_name,
             (SELECT m.number FROM tickets m WHERE m.id = t.merged_into) AS merged_into_number
        FROM tickets t LEFT JOIN units u ON u.code = t.unit_code
      """;

  static final String BY_NUMBER = TICKET_COLUMNS + " WHERE t.number = $1";
  static final String BY_ID = TICKET_COLUMNS + " WHERE t.id = $1";
  /** The ticket a report with this intake key became (tickets_intake_key makes it one at most). */
  static final String BY_INTAKE_KEY = TICKET_COLUMNS + " WHERE t.intake_key = $1";
  /** Locks the ticket row; NO KEY UPDATE leaves foreign-key checks from other tables (outbox, surveys) free. */
  static final String LOCK_BY_NUMBER = TICKET_COLUMNS + " WHERE t.number = $1 FOR NO KEY UPDATE OF t";

  static final String OPEN_BY_CALLER = TICKET_COLUMNS + """
       WHERE t.caller_phone = $1 AND t.state IN ('received', 'dispatched', 'in_progress')
       ORDER BY t.created_at DESC, t.id DESC
      """;

  /** $1 state, $2 unit, $3 caller, $4 overdue, $5 from, $6 to, $7 now, $8 limit, $9 offset. */
  private static final String LIST_FILTER = """
       WHERE ($1::text IS NULL OR t.state = $1)
         AND ($2::text IS NULL OR t.unit_code = $2)
         AND ($3::text IS NULL OR t.caller_phone = $3)
         AND ($4::boolean IS NULL OR $4 = (t.state IN ('received', 'dispatched', 'in_progress') AND t.deadline < $7::timestamptz))
         AND ($5::timestamptz IS NULL OR t.created_at >= $5)
         AND ($6::timestamptz IS NULL OR t.created_at < $6)
      """;
  static final String LIST = TICKET_COLUMNS + LIST_FILTER
      + " ORDER BY t.created_at DESC, t.id DESC LIMIT $8 OFFSET $9";
  /** At most {@link Page#COUNT_CAP} + 1: a list's total past ten thousand is "more", whatever the history. */
  static final String COUNT = "SELECT count(*) FROM (SELECT 1 FROM tickets t" + LIST_FILTER + " LIMIT "
      + (Page.COUNT_CAP + 1) + ") capped";

  static final String NEXT_SERIAL = "SELECT nextval('ticket_serial')";
  /** $1 serials at once, for numbers held in advance. */
  static final String NEXT_SERIALS = "SELECT nextval('ticket_serial') FROM generate_series(1, $1)";
  /** $1 the numbers made of them, $2 now. */
  static final String RESERVE_NUMBERS =
      "INSERT INTO reserved_numbers (number, reserved_at) SELECT unnest($1::text[]), $2";
  /** Spends a reserved number ($1) at $2; no row when it was never reserved or is spent already. */
  static final String USE_RESERVED_NUMBER =
      "UPDATE reserved_numbers SET used_at = $2 WHERE number = $1 AND used_at IS NULL RETURNING number";
  /** The same for a report with intake key $3, unless that key is registered already (then no row either). */
  static final String USE_RESERVED_NUMBER_ONCE = """
      UPDATE reserved_numbers SET used_at = $2
      WHERE number = $1 AND used_at IS NULL AND NOT EXISTS (SELECT 1 FROM tickets WHERE intake_key = $3)
      RETURNING number""";

  static final String INSERT = """
      WITH t AS (
        INSERT INTO tickets (number, caller_phone, channel, category, item_kind, description, recording, address,
                             community_code, unit_code, deadline, confidential, incomplete_intake, state, created_at,
                             updated_at, lat, lon, intake_key)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
                coalesce($9::text, (SELECT r.community_code FROM residents r WHERE r.phone = $2)),
                NULL, $10, $11, $12, 'received', $13, $13, $14, $15, $16)
        ON CONFLICT (intake_key) WHERE intake_key IS NOT NULL DO NOTHING
        RETURNING *)
      SELECT t.*, NULL AS unit_name FROM t
      """;

  /**
   * Writes the fields a transition may change: $2 state, $3 unit, $4 deadline, $5 requested, $6 kind, $7 reopens,
   * $8 now, and the facts the KPIs count for $9 the event's action: the first resolution and the deadline it met
   * or missed, the last closure.
   */
  static final String UPDATE = """
      WITH t AS (
        UPDATE tickets SET state = $2, unit_code = $3, deadline = $4, requested_deadline = $5, item_kind = $6,
                           reopen_count = $7, updated_at = $8,
                           first_resolved_at = CASE WHEN $9 = 'resolve' THEN coalesce(first_resolved_at, $8)
                                                    ELSE first_resolved_at END,
                           first_resolve_deadline = CASE WHEN $9 = 'resolve' AND first_resolved_at IS NULL THEN $4
                                                         ELSE first_resolve_deadline END,
                           last_closed_at = CASE WHEN $9 = 'close' THEN $8 ELSE last_closed_at END
         WHERE id = $1
        RETURNING *)
      SELECT t.*, u.name AS unit_name FROM t LEFT JOIN units u ON u.code = t.unit_code
      """;

  static final String INSERT_EVENT = """
      INSERT INTO ticket_events (ticket_id, at, actor, role, action, from_state, to_state, note, unit_code, deadline)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      RETURNING id
      """;

  /** A ticket's history with that of the tickets merged into it, in the order it happened. */
  static final String EVENTS = """
      SELECT e.*, t.number AS ticket_number FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
       WHERE e.ticket_id = $1 OR e.ticket_id IN (SELECT id FROM tickets WHERE merged_into = $1)
       ORDER BY e.id
      """;

  static final String CATEGORIES = "SELECT * FROM categories ORDER BY position";
  static final String CATEGORY = "SELECT * FROM categories WHERE code = $1";
  static final String RESIDENT = "SELECT * FROM residents WHERE phone = $1";
  static final String HANDLING_UNITS = "SELECT code, name, level FROM units WHERE level <> 'grid' ORDER BY code";
  static final String UNITS = """
      SELECT code, name, level, parent_code, phone, head_name, households FROM units
       WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR parent_code = $2)
       ORDER BY code
      """;
  static final String GRID_OF_HEAD = """
      SELECT code, name, level, parent_code, phone, head_name, households FROM units
       WHERE level = 'grid' AND phone = $1 ORDER BY code LIMIT 1
      """;
  static final String RESIDENT_GRID = "SELECT grid_code FROM residents WHERE phone = $1";
  static final String UNIT = "SELECT code, name, level, parent_code, phone, head_name, households FROM units WHERE code = $1";
  /**
   * Tickets a new report may repeat: the caller's own still open or recent, or the same category at the same
   * address recently (another resident reporting the same broken lamp). Newest first.
   */
  static final String LIKELY_DUPLICATES = """
      SELECT t.*, u.name AS unit_name FROM tickets t LEFT JOIN units u ON u.code = t.unit_code
       WHERE ((t.caller_phone = $1 AND (t.state IN ('received', 'dispatched', 'in_progress') OR t.created_at >= $4))
          OR ($2::text IS NOT NULL AND ($3::text IS NULL OR t.category = $3)
              AND lower(regexp_replace(t.address, '\\s', '', 'g')) = lower(regexp_replace($2, '\\s', '', 'g'))
              AND t.created_at >= $4))
         AND ($5::text IS NULL OR t.unit_code = $5)
       ORDER BY t.created_at DESC, t.id DESC LIMIT 10
      """;
  /** Earlier tickets a report ($1 id, $2 phone, $3 address, $4 category, $5 since) may repeat, with the reason. */
  static final String FIND_DUPLICATES = """
      INSERT INTO possible_duplicates (ticket_id, of_ticket_id, reason, found_at)
      SELECT $1, t.id, CASE WHEN t.caller_phone = $2 THEN 'same_caller' ELSE 'same_address' END, $6
        FROM tickets t
       WHERE t.id <> $1 AND t.state IN ('received', 'dispatched', 'in_progress')
         AND ((t.caller_phone = $2 AND t.category = $4)
           OR ($3::text IS NOT NULL AND t.category = $4 AND t.created_at >= $5
               AND lower(regexp_replace(t.address, '\\s', '', 'g')) = lower(regexp_replace($3, '\\s', '', 'g'))))
       ORDER BY t.created_at DESC LIMIT 5
      ON CONFLICT DO NOTHING
      """;
  private static final String DUPLICATE_PAIRS = """
      SELECT d.reason, d.found_at, a.number AS a_number, b.number AS b_number
        FROM possible_duplicates d JOIN tickets a ON a.id = d.ticket_id JOIN tickets b ON b.id = d.of_ticket_id
       WHERE d.decision IS NULL AND a.state IN ('received', 'dispatched', 'in_progress')
         AND b.state IN ('received', 'dispatched', 'in_progress')
      """;
  static final String POSSIBLE_DUPLICATES = DUPLICATE_PAIRS + " ORDER BY d.found_at DESC LIMIT 200";
  static final String POSSIBLE_DUPLICATES_OF = DUPLICATE_PAIRS
      + " AND (d.ticket_id = $1 OR d.of_ticket_id = $1) ORDER BY d.found_at DESC";
  static final String DECIDE_DUPLICATE = """
      UPDATE possible_duplicates SET decision = $3, decided_at = $4, decided_by = $5
       WHERE decision IS NULL AND ticket_id = (SELECT id FROM tickets WHERE number = $1)
         AND of_ticket_id = (SELECT id FROM tickets WHERE number = $2)
      """;
  static final String BY_NUMBERS = TICKET_COLUMNS + " WHERE t.number = ANY($1)";
  /** Every undecided link of a merged ticket is moot: $1 the merged ticket. */
  static final String MOOT_DUPLICATES = """
      UPDATE possible_duplicates SET decision = 'merged', decided_at = $2, decided_by = $3
       WHERE decision IS NULL AND (ticket_id = $1 OR of_ticket_id = $1)
      """;
  static final String LOCK_PAIR = TICKET_COLUMNS + " WHERE t.number = ANY($1) ORDER BY t.id FOR NO KEY UPDATE OF t";
  static final String MERGE = "UPDATE tickets SET state = 'merged', merged_into = $2, updated_at = $3 WHERE id = $1";
  static final String REPOINT_MERGED = "UPDATE tickets SET merged_into = $2 WHERE merged_into = $1";
  static final String MERGED_INTO = TICKET_COLUMNS + " WHERE t.merged_into = $1 ORDER BY t.id";
  static final String PARENT_UNIT = "SELECT p.code FROM units u JOIN units p ON p.code = u.parent_code WHERE u.code = $1";
  /** The day as text, parsed by {@link #listedDay}: the client's own date decoder fails the whole read on a year past 9999. */
  static final String CALENDAR = "SELECT day::text AS day, kind, name FROM calendar_days ORDER BY calendar_days.day";

  static Unit unit(Row row) {
    return new Unit(row.getString("code"), row.getString("name"), row.getString("level"), row.getString("parent_code"),
        row.getString("phone"), row.getString("head_name"), row.getInteger("households"));
  }

  static Ticket ticket(Row row) {
    return new Ticket(
        row.getLong("id"),
        row.getString("number"),
        row.getString("caller_phone"),
        Channel.parse(row.getString("channel")),
        row.getString("category"),
        ItemKind.parse(row.getString("item_kind")),
        row.getString("description"),
        row.getString("recording"),
        row.getString("address"),
        row.getString("community_code"),
        row.getString("unit_code"),
        row.getString("unit_name"),
        instant(row, "deadline"),
        instant(row, "requested_deadline"),
        row.getBoolean("confidential"),
        row.getBoolean("incomplete_intake"),
        TicketState.parse(row.getString("state")),
        row.getInteger("reopen_count"),
        instant(row, "created_at"),
        instant(row, "updated_at"),
        row.getDouble("lat"),
        row.getDouble("lon"),
        row.getColumnIndex("merged_into_number") < 0 ? null : row.getString("merged_into_number"));
  }

  static TicketEvent event(Row row) {
    String from = row.getString("from_state");
    return new TicketEvent(
        row.getLong("id"),
        instant(row, "at"),
        row.getString("actor"),
        Role.parse(row.getString("role")),
        row.getString("action"),
        from == null ? null : TicketState.parse(from),
        TicketState.parse(row.getString("to_state")),
        row.getString("note"),
        row.getString("unit_code"),
        instant(row, "deadline"),
        row.getString("ticket_number"));
  }

  static Category category(Row row) {
    return new Category(
        row.getString("code"),
        row.getString("name_zh"),
        row.getString("name_en"),
        row.getInteger("ivr_group"),
        row.getString("default_unit"),
        ItemKind.parse(row.getString("item_kind")),
        row.getInteger("time_limit_days"));
  }

  /** A calendar row; empty when its day is not a date within {@link DateBounds} (a row stored before they held). */
  static Optional<WorkCalendar.ListedDay> listedDay(Row row) {
    return DateBounds.stored(row.getString("day")).map(day -> new WorkCalendar.ListedDay(day,
        WorkCalendar.DayKind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)), row.getString("name")));
  }

  static Resident resident(Row row) {
    return new Resident(
        row.getString("phone"),
        row.getString("name"),
        row.getString("address"),
        row.getString("community_code"),
        row.getString("grid_code"),
        row.getBoolean("elderly"),
        row.getBoolean("landline"),
        row.getBoolean("sms_opt_out"),
        row.getString("language"));
  }

  static Ticket single(RowSet<Row> rows, String what) {
    if (rows.size() == 0) {
      throw TicketingException.notFound("no ticket " + what);
    }
    return ticket(rows.iterator().next());
  }

  static <T> List<T> map(RowSet<Row> rows, Function<Row, T> mapper) {
    return StreamSupport.stream(rows.spliterator(), false).map(mapper).toList();
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  // ---- Worklists and the supervisors' board ----

  /** $1 kind or null, $2 unit (addressed to or handling) or null, $3 open tickets only; newest first. */
  static final String SUPERVISION_ORDERS = """
      SELECT o.kind, o.unit_code, o.deadline, o.created_at, t.number, t.state, t.unit_code AS handling_unit
        FROM supervision_orders o JOIN tickets t ON t.id = o.ticket_id
       WHERE ($1::text IS NULL OR o.kind = $1)
         AND ($2::text IS NULL OR o.unit_code = $2 OR t.unit_code = $2)
         AND (NOT $3 OR t.state IN ('received', 'dispatched', 'in_progress'))
       ORDER BY o.created_at DESC, o.id DESC LIMIT 500
      """;
  /** Open tickets sent back at least once: $1 unit or null, $2 limit; the nearest deadline first. */
  static final String REOPENED = TICKET_COLUMNS + """
       WHERE t.reopen_count > 0 AND t.state IN ('received', 'dispatched', 'in_progress')
         AND ($1::text IS NULL OR t.unit_code = $1)
       ORDER BY t.deadline, t.id LIMIT $2
      """;
  /** Open tickets whose unit asked for more time: $1 unit or null, $2 limit; the nearest deadline first. */
  static final String EXTENSION_REQUESTS = TICKET_COLUMNS + """
       WHERE t.requested_deadline IS NOT NULL AND t.state IN ('dispatched', 'in_progress')
         AND ($1::text IS NULL OR t.unit_code = $1)
       ORDER BY t.deadline, t.id LIMIT $2
      """;
  static final String CALENDAR_UPSERT = """
      INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)
      ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name
      """;

  static TicketService.SupervisionOrder supervisionOrder(Row row) {
    return new TicketService.SupervisionOrder(row.getString("kind"), row.getString("number"),
        TicketState.parse(row.getString("state")), row.getString("unit_code"), row.getString("handling_unit"),
        instant(row, "deadline"), instant(row, "created_at"));
  }

  // ---- The public reports (Open311 GeoReport v2) ----

  /** $1 numbers or null, $2 category or null, $3 from, $4 to, $5 open or null, $6 limit; the newest first. */
  static final String PUBLIC_REPORTS = """
      SELECT t.*, u.name AS unit_name,
             (SELECT e.note FROM ticket_events e WHERE e.ticket_id = t.id AND e.action = 'resolve'
               ORDER BY e.id DESC LIMIT 1) AS resolution,
             (SELECT m.number FROM tickets m WHERE m.id = t.merged_into) AS merged_into_number,
             (SELECT m.confidential FROM tickets m WHERE m.id = t.merged_into) AS merged_into_confidential
        FROM tickets t LEFT JOIN units u ON u.code = t.unit_code
       WHERE ($1::text[] IS NULL OR t.number = ANY ($1))
         AND ($2::text IS NULL OR t.category = $2)
         AND ($3::timestamptz IS NULL OR t.created_at >= $3)
         AND ($4::timestamptz IS NULL OR t.created_at <= $4)
         AND ($5::boolean IS NULL OR $5 = (t.state IN ('received', 'dispatched', 'in_progress')))
       ORDER BY t.created_at DESC, t.id DESC LIMIT $6
      """;
}
