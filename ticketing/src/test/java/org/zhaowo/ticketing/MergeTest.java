package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One ticket per problem: reports that came in with nobody to ask (SMS, Open311) are linked to the open tickets
 * they may repeat; an agent merges them (one history, the merged ticket's resident kept) or keeps them apart.
 */
class MergeTest {
  private static final Instant MONDAY = Instant.parse("2026-11-23T02:00:00Z");
  private static final Actor AGENT = new Actor("agent", Role.AGENT, null);
  private static final Actor UNIT = new Actor("unit", Role.UNIT, "SD01-C01");
  private TestService service;
  private TicketService tickets;

  @BeforeEach
  void start() {
    service = new TestService(MONDAY);
    tickets = service.tickets;
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private static NewTicket report(String phone, Channel channel, String category, String address) {
    return new NewTicket(phone, channel, category, null, "路灯不亮", null, address, null, false, false, null, null, null);
  }

  @Test
  void anSmsOrOpen311ReportOfAnOpenProblemIsLinkedForAnAgent() {
    Ticket first = tickets.create(report("13800138000", Channel.AGENT, "utilities", "3号楼 2单元"), AGENT).await();
    Ticket text = tickets.create(report("13800138000", Channel.SMS, "utilities", null), Actor.system("sms")).await();
    Ticket web = tickets.create(report(null, Channel.WEB, "utilities", "3号楼2单元"), Actor.system("open311")).await();
    Ticket otherKind = tickets.create(report(null, Channel.WEB, "environment", "3号楼2单元"), Actor.system("open311")).await();
    Ticket byPhone = tickets.create(report("13800138000", Channel.AGENT, "utilities", "3号楼2单元"), AGENT).await();

    List<TicketService.PossibleDuplicate> pairs = tickets.possibleDuplicates(AGENT).await();
    assertEquals(List.of(text.number() + ">" + first.number() + ":same_caller",
            web.number() + ">" + first.number() + ":same_address").stream().sorted().toList(),
        pairs.stream().map(p -> p.ticket().number() + ">" + p.of().number() + ":" + p.reason()).sorted().toList());
    assertTrue(pairs.stream().noneMatch(p -> p.ticket().number().equals(otherKind.number())), "another category");
    assertTrue(pairs.stream().noneMatch(p -> p.ticket().number().equals(byPhone.number())), "an agent checked on the call");
    assertEquals(2, tickets.possibleDuplicatesOf(first, AGENT).await().size());
    assertEquals(TicketingException.Kind.FORBIDDEN, TicketLifecycleTest.refusal(tickets.possibleDuplicates(UNIT)));
    assertEquals(List.of(), tickets.possibleDuplicatesOf(first, UNIT).await());

    tickets.notDuplicate(web.number(), first.number(), AGENT).await();
    assertEquals(TicketingException.Kind.NOT_FOUND,
        TicketLifecycleTest.refusal(tickets.notDuplicate(web.number(), first.number(), AGENT)));
    assertEquals(1, tickets.possibleDuplicates(AGENT).await().size());
  }

  @Test
  void aMergedTicketsHistoryIsReadWithTheOneThatCarriesOn() {
    Ticket kept = tickets.create(report("13800138000", Channel.AGENT, "utilities", "3号楼"), AGENT).await();
    Ticket repeat = tickets.create(report("13900139000", Channel.SMS, "utilities", "3号楼"), Actor.system("sms")).await();
    tickets.act(repeat.number(), Action.NOTE, ActionRequest.note("邻居也反映了"), AGENT).await();
    assertEquals(1, tickets.possibleDuplicatesOf(kept, AGENT).await().size());

    Ticket after = tickets.merge(repeat.number(), kept.number(), "同一盏路灯", AGENT).await();
    assertEquals(kept.number(), after.number());
    assertEquals(kept.state(), after.state());
    Ticket merged = tickets.get(repeat.number(), AGENT).await();
    assertEquals(TicketState.MERGED, merged.state());
    assertEquals(kept.number(), merged.mergedInto());
    assertFalse(merged.isOpen());
    assertEquals(List.of(), tickets.possibleDuplicatesOf(kept, AGENT).await()); // decided by the merge

    List<TicketEvent> history = tickets.events(after).await();
    assertEquals(List.of(kept.number() + ":create", kept.number() + ":dispatch", repeat.number() + ":create",
            repeat.number() + ":dispatch", repeat.number() + ":note", repeat.number() + ":merge", kept.number() + ":merged_in"),
        history.stream().map(e -> e.ticketNumber() + ":" + e.action()).toList());
    assertTrue(history.get(6).note().contains(repeat.number()) && history.get(6).note().contains("同一盏路灯"));
    assertEquals(List.of(repeat.number()),
        service.pool.withConnection(c -> tickets.mergedInto(c, after)).await().stream().map(Ticket::number).toList());
    // its own history stays its own
    assertEquals(4, tickets.events(merged).await().size());
    assertEquals(0, tickets.openTickets("13900139000").await().size());
  }

  @Test
  void aMergeIntoATicketThatIsMergedLaterFollowsItAndRefusalsAreClear() {
    Ticket a = tickets.create(report("13800138000", Channel.AGENT, "utilities", "3号楼"), AGENT).await();
    Ticket b = tickets.create(report("13900139000", Channel.AGENT, "utilities", "3号楼"), AGENT).await();
    Ticket c = tickets.create(report("13700137000", Channel.AGENT, "utilities", "3号楼"), AGENT).await();
    tickets.merge(c.number(), b.number(), null, AGENT).await();
    tickets.merge(b.number(), a.number(), null, AGENT).await(); // c now follows a
    assertEquals(List.of(b.number(), c.number()),
        service.pool.withConnection(x -> tickets.mergedInto(x, a)).await().stream().map(Ticket::number).toList());
    assertEquals(TicketingException.Kind.CONFLICT, TicketLifecycleTest.refusal(tickets.merge(a.number(), b.number(), null, AGENT)));
    assertEquals(TicketingException.Kind.INVALID, TicketLifecycleTest.refusal(tickets.merge(a.number(), a.number(), null, AGENT)));
    assertEquals(TicketingException.Kind.INVALID, TicketLifecycleTest.refusal(tickets.merge(a.number(), "12345678", null, AGENT)));
    assertEquals(TicketingException.Kind.FORBIDDEN, TicketLifecycleTest.refusal(tickets.merge(a.number(), b.number(), null, UNIT)));
    Ticket d = tickets.create(report("13800138000", Channel.AGENT, "policy", null), AGENT).await();
    tickets.act(d.number(), Action.RESOLVE, ActionRequest.note("已答复"), new Actor("svc", Role.UNIT, "DEP-SERVICE")).await();
    assertEquals(TicketingException.Kind.CONFLICT, TicketLifecycleTest.refusal(tickets.merge(a.number(), d.number(), null, AGENT)));
    assertEquals(TicketingException.Kind.CONFLICT, // a merged ticket takes no further action
        TicketLifecycleTest.refusal(tickets.act(b.number(), Action.NOTE, ActionRequest.note("x"), AGENT)));
  }

  @Test
  void theApiMergesListsAndKeepsApart() {
    Api api = service.api();
    String agent = api.login("agent");
    Ticket kept = tickets.create(report("13800138000", Channel.AGENT, "utilities", "3号楼"), AGENT).await();
    Ticket text = tickets.create(report("13800138000", Channel.SMS, "utilities", null), Actor.system("sms")).await();
    Api.Reply list = api.get("/api/duplicates", agent);
    assertEquals(200, list.status());
    JsonObject pair = new io.vertx.core.json.JsonArray(list.body()).getJsonObject(0);
    assertEquals(text.number(), pair.getJsonObject("ticket").getString("number"));
    assertEquals(kept.number(), pair.getJsonObject("of").getString("number"));
    assertEquals("same_caller", pair.getString("reason"));
    assertEquals(403, api.get("/api/duplicates", api.login("unit")).status());
    assertEquals(400, api.post("/api/tickets/" + text.number() + "/merge", agent, new JsonObject()).status());
    Api.Reply merged = api.post("/api/tickets/" + text.number() + "/merge", agent, new JsonObject().put("into", kept.number()));
    assertEquals(200, merged.status());
    assertEquals(kept.number(), merged.json().getString("number"));
    JsonObject gone = api.get("/api/tickets/" + text.number(), agent).json();
    assertEquals("merged", gone.getString("state"));
    assertEquals(kept.number(), gone.getString("mergedInto"));
    JsonObject carried = api.get("/api/tickets/" + kept.number(), agent).json();
    assertTrue(carried.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("ticket")).anyMatch(text.number()::equals));
    assertNull(carried.getString("mergedInto"));
    // the unit sees that a repeat was merged in, not what was written on a ticket it may not open
    JsonObject forUnit = api.get("/api/tickets/" + kept.number(), api.login("unit")).json();
    assertTrue(forUnit.getJsonArray("events").stream().map(e -> (JsonObject) e)
        .filter(e -> text.number().equals(e.getString("ticket"))).allMatch(e -> e.getValue("note") == null));
    assertTrue(carried.getJsonArray("events").stream().map(e -> (JsonObject) e)
        .anyMatch(e -> text.number().equals(e.getString("ticket")) && e.getString("note") != null), "hotline staff see all");
    assertEquals(409, api.post("/api/tickets/" + text.number() + "/merge", agent, new JsonObject().put("into", kept.number())).status());
    assertEquals(404, api.post("/api/tickets/" + text.number() + "/not-duplicate", agent, new JsonObject().put("of", kept.number())).status());
  }
}
