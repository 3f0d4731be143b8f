package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A grid head answering by text: found by the phone on record, acting only on their own grid's residents' tickets. */
class GridHeadActTest {
  private static final Instant MONDAY = Instant.parse("2026-11-23T02:00:00Z");
  private static final Actor AGENT = new Actor("agent", Role.AGENT, null);
  /** The head of SD01-C01-G1, the grid of the demo resident 13800138000 (13900139000 lives in G2). */
  private static final String G1_HEAD = "13900000001";
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

  private static Unit g1() {
    return tickets.gridOfHead(G1_HEAD).await().orElseThrow();
  }

  @Test
  void theGridIsFoundByItsHeadsPhoneAndNoOtherPhone() {
    Unit grid = g1();
    assertEquals("SD01-C01-G1", grid.code());
    assertEquals("SD01-C01", grid.parentCode());
    assertTrue(tickets.gridOfHead("13800138000").await().isEmpty());
    assertTrue(tickets.gridOfHead("0412-5601001").await().isEmpty()); // a community's phone is not a grid head's
  }

  @Test
  void aGridHeadAcceptsTheirCommunitysTicketAndResolvesAnImmediateItemOfTheirGrid() {
    Ticket repair = tickets.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await();
    assertEquals("SD01-C01", repair.unitCode());
    Ticket accepted = tickets.gridHeadAct(g1(), repair.number(), Action.ACCEPT, null).await();
    assertEquals(TicketState.IN_PROGRESS, accepted.state());

    Ticket question = tickets.create(TicketLifecycleTest.report("13800138000", "policy"), AGENT).await();
    assertEquals("DEP-SERVICE", question.unitCode());
    assertEquals(TicketingException.Kind.FORBIDDEN, // the head of G2: the resident lives in G1
        TicketLifecycleTest.refusal(tickets.gridHeadAct(tickets.gridOfHead("13900000002").await().orElseThrow(),
            question.number(), Action.RESOLVE, "已答复")));
    assertEquals(TicketingException.Kind.CONFLICT, // the department's ticket is the department's to accept
        TicketLifecycleTest.refusal(tickets.gridHeadAct(g1(), question.number(), Action.ACCEPT, null)));
    Ticket resolved = tickets.gridHeadAct(g1(), question.number(), Action.RESOLVE, "已答复居民").await();
    assertEquals(TicketState.RESOLVED, resolved.state()); // an immediate item answered at the front line
    List<TicketEvent> events = tickets.events(resolved).await();
    TicketEvent last = events.get(events.size() - 1);
    assertEquals("resolve", last.action());
    assertEquals(Role.GRID_HEAD, last.role());
    assertEquals("grid_head:SD01-C01-G1", last.actor());
    assertEquals("已答复居民", last.note()); // the grid head's own words, for the resident's text
  }

  @Test
  void aGridHeadResolvesOnlyImmediateItemsAndOnlyAcceptsNotesOrResolutions() {
    Ticket t = tickets.create(TicketLifecycleTest.report("13800138000", "utilities"), AGENT).await();
    assertEquals(TicketingException.Kind.CONFLICT,
        TicketLifecycleTest.refusal(tickets.gridHeadAct(g1(), t.number(), Action.RESOLVE, "修好了")));
    assertEquals(TicketingException.Kind.INVALID,
        TicketLifecycleTest.refusal(tickets.gridHeadAct(g1(), t.number(), Action.CLOSE, null)));
    assertEquals(TicketingException.Kind.INVALID, // a note needs text
        TicketLifecycleTest.refusal(tickets.gridHeadAct(g1(), t.number(), Action.NOTE, " ")));
    Ticket noted = tickets.gridHeadAct(g1(), t.number(), Action.NOTE, "已上门查看").await();
    assertEquals(TicketState.DISPATCHED, noted.state());
  }

  @Test
  void aGridHeadCannotActOnAnotherGridsOrAnUnknownCallersTicket() {
    Ticket neighbour = tickets.create(TicketLifecycleTest.report("13900139000", "policy"), AGENT).await(); // lives in G2
    assertEquals(TicketingException.Kind.FORBIDDEN,
        TicketLifecycleTest.refusal(tickets.gridHeadAct(g1(), neighbour.number(), Action.ACCEPT, null)));
    Ticket stranger = tickets.create(TicketLifecycleTest.report("13311112222", "policy"), AGENT).await();
    assertEquals(TicketingException.Kind.FORBIDDEN,
        TicketLifecycleTest.refusal(tickets.gridHeadAct(g1(), stranger.number(), Action.ACCEPT, null)));
    assertEquals(TicketingException.Kind.INVALID,
        TicketLifecycleTest.refusal(tickets.gridHeadAct(g1(), "12345", Action.ACCEPT, null)));
  }
}
