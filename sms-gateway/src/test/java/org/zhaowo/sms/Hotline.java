package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.TestRows;
import org.zhaowo.ticketing.TestService;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.WorkCalendar;
import org.zhaowo.ticketing.http.HttpVerticle;

/**
 * The gateway as the tests drive it: the ticketing service on a fresh database, a fake Twilio,
 * the SMS gateway pointed at it, and the webhooks on a real HTTP server.
 */
final class Hotline implements AutoCloseable {
  /** Tuesday 24 November 2026, 10:00 in Shanghai: a working day, inside the calling window. */
  static final Instant TUESDAY_10AM = Instant.parse("2026-11-24T02:00:00Z");
  static final Actor AGENT = new Actor("agent", Role.AGENT, null);
  static final Actor UNIT = new Actor("unit", Role.UNIT, "SD01-C01");

  final TestService service;
  final FakeTwilio twilio;
  final Config config;
  final SmsGateway gateway;
  final Webhooks webhooks;

  /** With these configuration keys, on a database migrated for ticketing, sms and {@code otherModules}. */
  Hotline(Map<String, String> extra, String... otherModules) throws Exception {
    String[] modules = java.util.stream.Stream.concat(java.util.stream.Stream.of("sms"),
        java.util.Arrays.stream(otherModules)).toArray(String[]::new);
    service = new TestService(TUESDAY_10AM, modules);
    twilio = new FakeTwilio(service.clock);
    Map<String, String> values = new HashMap<>(Map.of(
        "TWILIO_ACCOUNT_SID", FakeTwilio.ACCOUNT, "TWILIO_AUTH_TOKEN", FakeTwilio.TOKEN,
        "TWILIO_FROM_NUMBER", FakeTwilio.FROM, "TWILIO_API_URL", twilio.url(),
        "ZHAOWO_PUBLIC_URL", Webhooks.PUBLIC_URL, "ZHAOWO_SMS_POLL_MS", "50", "ZHAOWO_SMS_RATE_PER_SECOND", "500",
        "ZHAOWO_SURVEY_POLL_SECONDS", "3600", "ZHAOWO_HTTP_PORT", "0", "ZHAOWO_SMS_DAILY_CAP", "1000"));
    // the resident-text tests count a ticket's outbox rows; GridHeadTest turns the grid heads' texts on
    values.put(GridHeadTexts.ENABLED, "false");
    values.putAll(extra);
    config = Config.of(values);
    gateway = SmsGateway.start(service.vertx, service.pool, service.tickets, config, service.clock).await();
    HttpVerticle http = new HttpVerticle(service.tickets, service.pool, config, service.clock, null,
        gateway.webhooks());
    service.vertx.deployVerticle(http).await();
    webhooks = new Webhooks(http.port());
  }

  Hotline() throws Exception {
    this(Map.of());
  }

  Ticket create(String phone) {
    return service.tickets.create(new NewTicket(phone, Channel.AGENT, "utilities", null, "厨房水管漏水", null,
        "3号楼2单元501", null, false, false, null), AGENT).await();
  }

  Ticket resolve(String number) {
    service.tickets.act(number, Action.ACCEPT, ActionRequest.none(), UNIT).await();
    return service.tickets.act(number, Action.RESOLVE, ActionRequest.note("已更换水管阀门"), UNIT).await();
  }

  Ticket ticket(String number) {
    return service.tickets.get(number, AGENT).await();
  }

  /** Inserts a row by hand, its timestamps stamped from the test's clock (never the database's now()). */
  void insert(String table, Map<String, Object> values) {
    TestRows.insert(service.pool, service.clock, table, values);
  }

  /**
   * Moves the shared clock on to the next Tuesday 10:00 in Shanghai whose Tuesday to Friday are
   * working days: each test of a shared hotline starts on a working morning, and time never goes back.
   */
  Instant nextTuesdayMorning() {
    WorkCalendar calendar = service.tickets.calendar();
    ZonedDateTime next = service.clock.instant().atZone(calendar.zone()).toLocalDate()
        .with(TemporalAdjusters.next(DayOfWeek.TUESDAY)).atTime(10, 0).atZone(calendar.zone());
    while (!workingWeek(calendar, next.toLocalDate())) {
      next = next.plusWeeks(1);
    }
    service.clock.set(next.toInstant());
    return next.toInstant();
  }

  private static boolean workingWeek(WorkCalendar calendar, java.time.LocalDate tuesday) {
    return IntStream.range(0, 4).allMatch(d -> calendar.isWorkingDay(tuesday.plusDays(d)));
  }

  List<Row> rows(String sql, Object... params) {
    List<Row> rows = new ArrayList<>();
    service.pool.preparedQuery(sql).execute(Tuple.from(params)).await().forEach(rows::add);
    return rows;
  }

  /** The outbox rows of a ticket, oldest first. */
  List<Row> outbox(long ticketId) {
    return rows("SELECT * FROM sms_outbox WHERE ticket_id = $1 ORDER BY id", ticketId);
  }

  List<FakeTwilio.Sent> sentTo(String e164) {
    return twilio.sent().stream().filter(m -> m.to().equals(e164)).toList();
  }

  /** Waits up to 30 s of real (monotonic) time for {@code condition}; the test clock does not move meanwhile. */
  static void eventually(String what, BooleanSupplier condition) {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() - until < 0) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    fail("timed out waiting until " + what);
  }

  @Override
  public void close() {
    twilio.close();
    service.close();
  }
}
