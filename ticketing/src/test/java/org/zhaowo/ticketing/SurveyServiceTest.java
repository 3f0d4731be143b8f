package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The callback survey's schedule as other modules drive it through the service, against a real PostgreSQL. */
class SurveyServiceTest {
  private static final Instant MONDAY = Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in Shanghai
  private static final Actor AGENT = new Actor("agent", Role.AGENT, null);
  private static final Actor UNIT = new Actor("unit", Role.UNIT, "SD01-C01");
  private static TestService service;
  private static TicketService tickets;

  @BeforeAll
  static void start() {
    service = new TestService(MONDAY);
    tickets = service.tickets;
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static Ticket resolved(String phone) {
    NewTicket asked = new NewTicket(phone, Channel.AGENT, "policy", null, "医保报销需要什么材料", null, null, null, false,
        false, "已告知所需材料");
    return tickets.create(asked, AGENT).await();
  }

  private static void open(Ticket ticket, String channel, boolean asked, Instant firstAttempt) {
    service.pool.withTransaction(tx -> tickets.openSurvey(tx, ticket, channel, asked, firstAttempt)).await();
  }

  private static List<Row> surveys(Ticket ticket) {
    var rows = service.pool.preparedQuery("SELECT * FROM surveys WHERE ticket_id = $1 ORDER BY id")
        .execute(Tuple.of(ticket.id())).await();
    return TicketSql.map(rows, row -> row);
  }

  /** The ticket's due survey at {@code asOf}, claimed and handled by {@code step} in one transaction. */
  private static Optional<DueSurvey> claim(Ticket ticket, Instant asOf, Step step) {
    return service.pool.withTransaction(tx -> tickets.dueSurveys(tx, asOf, 50, true).compose(due -> {
      Optional<DueSurvey> mine = due.stream().filter(s -> s.ticketId() == ticket.id()).findFirst();
      return mine.isEmpty() ? Future.succeededFuture(mine) : step.apply(tx, mine.get()).map(mine);
    })).await();
  }

  private interface Step {
    Future<Void> apply(SqlConnection tx, DueSurvey survey);
  }

  @Test
  void anSmsSurveyAskedByTheResolutionTextOpensAsItsFirstAttempt() {
    Ticket ticket = resolved("13700001001");
    Instant reminder = MONDAY.plus(Duration.ofHours(24));
    open(ticket, "sms", true, reminder);

    Row row = surveys(ticket).get(0);
    assertEquals("open", row.getString("state"));
    assertEquals(1, row.getInteger("attempts"));
    assertEquals(reminder, row.getOffsetDateTime("next_attempt_at").toInstant());
    assertEquals(service.clock.instant(), row.getOffsetDateTime("opened_at").toInstant(), "stamped from the clock");
    assertEquals(Optional.of(ticket.number()), tickets.openSurveyOf("13700001001").await());
  }

  @Test
  void aPhoneSurveyWaitsUntilDueThenMovesOnWithEachAttemptAndEndsUnreachable() {
    Ticket ticket = resolved("04125559001");
    Instant first = service.clock.instant().plus(Duration.ofHours(1));
    open(ticket, "phone", false, first);
    assertEquals("scheduled", surveys(ticket).get(0).getString("state"));

    assertTrue(claim(ticket, first.minusSeconds(1), (tx, s) -> tickets.surveyAttempted(tx, s, first)).isEmpty(),
        "not due yet");
    assertTrue(tickets.phoneSurveysDue(first).await() >= 1);
    Instant retry = first.plus(Duration.ofHours(2));
    DueSurvey due = claim(ticket, first, (tx, s) -> tickets.surveyAttempted(tx, s, retry)).orElseThrow();
    assertEquals("phone", due.channel());
    assertEquals("04125559001", due.phone());
    assertEquals(ticket.number(), due.number());
    assertEquals(0, due.attempts());
    assertTrue(due.stillApplies());
    Row row = surveys(ticket).get(0);
    assertEquals("open", row.getString("state"));
    assertEquals(1, row.getInteger("attempts"));
    assertEquals(retry, row.getOffsetDateTime("next_attempt_at").toInstant());

    claim(ticket, retry, tickets::surveyUnreachable).orElseThrow();
    assertEquals("unreachable", surveys(ticket).get(0).getString("state"));
    assertNull(surveys(ticket).get(0).getValue("next_attempt_at"));
    assertTrue(claim(ticket, retry.plus(Duration.ofDays(1)), tickets::cancelSurvey).isEmpty(), "never asked again");
  }

  @Test
  void phoneSurveysAreLeftOutWhenCallsCannotBePlaced() {
    Ticket ticket = resolved("04125559002");
    Instant first = service.clock.instant().plus(Duration.ofHours(1));
    open(ticket, "phone", false, first);

    List<DueSurvey> smsOnly = service.pool.withTransaction(tx -> tickets.dueSurveys(tx, first, 50, false)).await();

    assertTrue(smsOnly.stream().noneMatch(s -> s.ticketId() == ticket.id()));
  }

  @Test
  void aClaimedSurveyIsSkippedByAnotherSchedulerUntilItsTransactionEnds() {
    Ticket ticket = resolved("13700001002");
    Instant due = service.clock.instant().plus(Duration.ofHours(1));
    open(ticket, "sms", true, due);
    SqlConnection first = service.pool.getConnection().await();
    try {
      Transaction tx = first.begin().await();
      assertTrue(tickets.dueSurveys(first, due, 50, true).await().stream().anyMatch(s -> s.ticketId() == ticket.id()));

      assertTrue(claim(ticket, due, tickets::surveyUnreachable).isEmpty(), "locked by the first scheduler");
      tx.rollback().await();
    } finally {
      first.close().await();
    }
    assertTrue(claim(ticket, due, tickets::cancelSurvey).isPresent(), "free again once released");
    assertEquals("cancelled", surveys(ticket).get(0).getString("state"));
  }

  @Test
  void reopeningASurveyOrCancellingItsTicketsSurveysLeavesNoneOpen() {
    Ticket ticket = resolved("13700001003");
    open(ticket, "phone", false, MONDAY.plus(Duration.ofHours(1)));
    open(ticket, "sms", true, MONDAY.plus(Duration.ofHours(24)));
    assertEquals(List.of("cancelled", "open"), surveys(ticket).stream().map(r -> r.getString("state")).toList());

    service.pool.withTransaction(tx -> tickets.cancelSurveys(tx, ticket)).await();

    assertTrue(surveys(ticket).stream().allMatch(r -> r.getString("state").equals("cancelled")));
    assertEquals(Optional.empty(), tickets.openSurveyOf("13700001003").await());
  }

  @Test
  void anAgentsChannelIsNotScheduled() {
    Ticket ticket = resolved("13700001004");
    TicketingException e = assertThrows(TicketingException.class, () -> open(ticket, "agent", false, MONDAY));
    assertEquals(TicketingException.Kind.INVALID, e.kind());
  }

  @Test
  void aSurveyOfATicketNoLongerResolvedNoLongerApplies() {
    Ticket ticket = tickets.create(new NewTicket("13800138000", Channel.AGENT, "utilities", null, "楼道水管漏水", null,
        "3号楼", null, false, false, null), AGENT).await();
    tickets.act(ticket.number(), Action.RESOLVE, ActionRequest.note("修好了"), UNIT).await();
    Instant due = service.clock.instant().plus(Duration.ofHours(1));
    open(ticket, "sms", true, due);
    tickets.act(ticket.number(), Action.REOPEN, ActionRequest.note("居民来电说没修好"), AGENT).await();

    DueSurvey survey = claim(ticket, due, tickets::cancelSurvey).orElseThrow();

    assertFalse(survey.stillApplies());
    assertEquals("cancelled", surveys(ticket).get(0).getString("state"));
  }

  @Test
  void theResidentsOwnOptOutFlagCommitsWithTheCallersTransaction() {
    assertThrows(IllegalStateException.class, () -> service.pool.withTransaction(tx ->
        tickets.setSmsOptOut(tx, "13800138000", true)
            .compose(v -> tickets.resident(tx, "13800138000"))
            .map(r -> {
              assertTrue(r.orElseThrow().smsOptOut(), "seen inside the transaction");
              throw new IllegalStateException("roll back");
            })).await());
    assertFalse(tickets.resident("13800138000").await().orElseThrow().smsOptOut(), "rolled back with it");

    service.pool.withTransaction(tx -> tickets.setSmsOptOut(tx, "13800138000", true)).await();
    assertTrue(tickets.resident("13800138000").await().orElseThrow().smsOptOut());
    service.pool.withTransaction(tx -> tickets.setSmsOptOut(tx, "13800138000", false)).await();
    assertFalse(tickets.resident("13800138000").await().orElseThrow().smsOptOut());
  }
}
