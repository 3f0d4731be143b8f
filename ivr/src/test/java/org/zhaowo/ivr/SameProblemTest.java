package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.GatheredCall;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketEvent;
import org.zhaowo.ticketing.TicketNumbers;

/**
 * The "same problem?" question after a report (1,1,#,1 then one more key): a caller with an open ticket of
 * the category they chose adds the call to it with 1; 2, no key, a wrong key, a hang-up, a failed look-up or
 * a failed note all register a new ticket. Each test calls from its own number so the open tickets are its own.
 */
class SameProblemTest extends IvrTest {
  private static final String QUESTION = "GET DATA \"zhaowo/same-problem\"";

  @Test
  void oneAddsTheCallToTheOpenTicketAndReadsItsNumberBack() throws Exception {
    Ticket open = openTicket("13612340061", "utilities");
    FakeAsterisk asterisk = new FakeAsterisk("13612340061", "hotline").keys("1", "1", "#", "1", "1");
    FakeAsterisk.Transcript t = ivr.call(asterisk);

    assertEquals(List.of("0061", open.number(), open.number()), t.saidDigits(), "asked with its number, then read back");
    List<String> played = t.played().stream().filter(f -> !f.startsWith("zhaowo/num/")).toList();
    assertEquals(List.of("zhaowo/same-kind-open", "zhaowo/same-problem", "zhaowo/added-to-ticket",
        "zhaowo/goodbye"), played.subList(played.indexOf("zhaowo/same-kind-open"), played.size()));
    assertTrue(t.commands.contains(QUESTION + " 6000 1"), "one key, the usual timeout: " + t.commands);
    assertEquals(open.number(), t.variables.get("ZHAOWO_TICKET"));
    assertEquals("hangup", t.variables.get("ZHAOWO_NEXT"));
    assertEquals("SUCCESS", t.agiStatus(), t.failedCommands.toString());

    assertEquals(1, ticketsOf("13612340061").size(), "no new ticket");
    Row call = ivr.callRecord(asterisk);
    assertEquals("repeat", call.getString("outcome"));
    assertEquals(open.number(), call.getString("ticket_number"));
    assertEquals(List.of("greeting", "main", "report.category", "report.record", "report.callback",
        "report.same-problem", "report.repeat"), List.of(call.getArrayOfStrings("path")));
    TicketEvent note = ivrNotes(open).getFirst();
    assertEquals(SameProblem.NOTE + call.getString("recording"), note.note());
    assertTrue(note.note().endsWith("-report.wav"), note.note());
    assertEquals("dispatched", note.toState().wire(), "a note leaves the state as it was");

    GatheredCall seen = ivr.server.callLog().call(asterisk.headers.get("agi_uniqueid")).await().orElseThrow();
    assertEquals(open.number(), seen.ticketNumber(), "the agent console shows which ticket the call went to");
    assertEquals("repeat", seen.outcome());
  }

  @Test
  void twoRegistersANewTicket() throws Exception {
    Ticket open = openTicket("13612340062", "utilities");
    FakeAsterisk asterisk = new FakeAsterisk("13612340062", "hotline").keys("1", "1", "#", "1", "2");
    String number = newTicketReadTwice(ivr.call(asterisk), open);
    assertEquals("ticket_created", ivr.callRecord(asterisk).getString("outcome"));
    assertEquals(number, ivr.callRecord(asterisk).getString("ticket_number"));
    assertTrue(ivrNotes(open).isEmpty());
  }

  @Test
  void noKeyAtTheQuestionIsANewProblem() throws Exception {
    Ticket open = openTicket("13612340063", "utilities");
    FakeAsterisk asterisk = new FakeAsterisk("13612340063", "hotline").keys("1", "1", "#", "1");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.commands.stream().anyMatch(c -> c.startsWith(QUESTION)), "asked: " + t.commands);
    newTicketReadTwice(t, open);
    assertEquals(List.of("greeting", "main", "report.category", "report.record", "report.callback",
        "report.same-problem", "report.ticket", "report.number"),
        List.of(ivr.callRecord(asterisk).getArrayOfStrings("path")));
    assertTrue(ivrNotes(open).isEmpty());
  }

  @Test
  void aWrongKeyAtTheQuestionIsANewProblemWithoutAnotherTry() throws Exception {
    Ticket open = openTicket("13612340064", "utilities");
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13612340064", "hotline").keys("1", "1", "#", "1", "9"));
    assertEquals(1, t.commands.stream().filter(c -> c.startsWith(QUESTION)).count());
    assertFalse(t.played().contains("zhaowo/wrong-key"), t.played().toString());
    newTicketReadTwice(t, open);
  }

  @Test
  void anOpenTicketOfAnotherCategoryAsksNothing() throws Exception {
    openTicket("13612340065", "other");
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13612340065", "hotline").keys("1", "1", "#", "1"));
    assertFalse(t.played().contains("zhaowo/same-kind-open"), t.played().toString());
    assertTrue(TicketNumbers.isValid(t.variables.get("ZHAOWO_TICKET")));
    assertEquals(2, ticketsOf("13612340065").size());
  }

  @Test
  void aCallerWithoutOpenTicketsIsNotAsked() throws Exception {
    Ticket resolved = openTicket("13612340066", "utilities");
    ivr.tickets.act(resolved.number(), Action.RESOLVE, ActionRequest.note("修好了"), unitOf(resolved)).await();
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13612340066", "hotline").keys("1", "1", "#", "1"));
    assertFalse(t.played().contains("zhaowo/same-kind-open"), "a resolved ticket is not open: " + t.played());
    assertEquals(List.of("0066", t.variables.get("ZHAOWO_TICKET"), t.variables.get("ZHAOWO_TICKET")), t.saidDigits());
  }

  @Test
  void aTicketClosedBeforeTheKeyGetsANewTicketInstead() throws Exception {
    Ticket open = openTicket("13612340067", "utilities");
    FakeAsterisk asterisk = new FakeAsterisk("13612340067", "hotline").keys("1", "1", "#", "1", "1")
        .on(QUESTION, c -> close(open));
    String number = newTicketReadTwice(ivr.call(asterisk), open);
    assertEquals("ticket_created", ivr.callRecord(asterisk).getString("outcome"));
    assertEquals(number, ivr.callRecord(asterisk).getString("ticket_number"));
    assertTrue(ivrNotes(open).isEmpty(), "ticketing refused the note (CONFLICT): nothing half-done");
    assertEquals("closed", ivr.rows("SELECT state FROM tickets WHERE number = $1", open.number()).getFirst()
        .getString("state"));
  }

  @Test
  void theDatabaseGoingAwayBeforeTheKeySpoolsTheReport() throws Exception {
    Ticket open = openTicket("13612340068", "utilities");
    FakeAsterisk asterisk = new FakeAsterisk("13612340068", "hotline").keys("1", "1", "#", "1", "1", "")
        .on(QUESTION, c -> ivr.proxy.cut());
    FakeAsterisk.Transcript t;
    try {
      t = ivr.call(asterisk);
    } finally {
      ivr.proxy.restore();
    }
    assertTrue(t.played().contains("zhaowo/saved-for-later"), t.played().toString());
    assertFalse(t.played().contains("zhaowo/added-to-ticket"));
    assertFalse(t.played().stream().anyMatch(p -> p.contains("sorry")), "no error is announced");
    Row call = ivr.waitFor("SELECT * FROM ivr_calls WHERE unique_id = $1 AND ticket_number IS NOT NULL",
        asterisk.headers.get("agi_uniqueid")).getFirst();
    assertEquals("ticket_spooled", call.getString("outcome"));
    assertNotEquals(open.number(), call.getString("ticket_number"), "the spooled report became its own ticket");
    Row ticket = ivr.rows("SELECT * FROM tickets WHERE number = $1", call.getString("ticket_number")).getFirst();
    assertEquals(call.getString("recording"), ticket.getString("recording"), "nothing the caller said is lost");
  }

  @Test
  void aLookUpThatFailsSkipsTheQuestion() throws Exception {
    openTicket("13612340069", "utilities");
    FakeAsterisk asterisk = new FakeAsterisk("13612340069", "hotline").keys("1", "1", "#", "1", "")
        .on("RECORD FILE", c -> ivr.proxy.cut());
    FakeAsterisk.Transcript t;
    try {
      t = ivr.call(asterisk);
    } finally {
      ivr.proxy.restore();
    }
    assertFalse(t.played().contains("zhaowo/same-kind-open"), t.played().toString());
    assertTrue(t.played().contains("zhaowo/saved-for-later"), t.played().toString());
    Row call = ivr.waitFor("SELECT * FROM ivr_calls WHERE unique_id = $1 AND ticket_number IS NOT NULL",
        asterisk.headers.get("agi_uniqueid")).getFirst();
    assertEquals("ticket_spooled", call.getString("outcome"));
    assertEquals(2, ticketsOf("13612340069").size());
  }

  @Test
  void aHangUpAtTheQuestionRegistersTheReportComplete() throws Exception {
    Ticket open = openTicket("13612340070", "utilities");
    FakeAsterisk asterisk = new FakeAsterisk("13612340070", "hotline").keys("1", "1", "#", "1", "H");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.commands.getLast().startsWith(QUESTION), "nothing is sent after the hang-up: " + t.commands);
    Row call = ivr.callRecord(asterisk);
    assertEquals("ticket_created", call.getString("outcome"));
    assertEquals("report.same-problem", call.getString("last_menu"));
    Row ticket = ivr.rows("SELECT * FROM tickets WHERE number = $1", call.getString("ticket_number")).getFirst();
    assertNotEquals(open.number(), ticket.getString("number"));
    assertFalse(ticket.getBoolean("incomplete_intake"), "category, recording and callback number were all given");
    assertTrue(ivrNotes(open).isEmpty());
  }

  @Test
  void zeroAtTheQuestionRegistersTheReportAndReachesAPerson() throws Exception {
    openTicket("13612340071", "utilities");
    FakeAsterisk asterisk = new FakeAsterisk("13612340071", "hotline").keys("1", "1", "#", "1", "0");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
    String number = t.variables.get("ZHAOWO_TICKET");
    assertTrue(TicketNumbers.isValid(number));
    assertEquals(number, ivr.handoff(asterisk).getString("ticket_number"));
    assertEquals("caller_asked", ivr.handoff(asterisk).getString("reason"));
    assertEquals(2, ticketsOf("13612340071").size());
  }

  @Test
  void theEnglishResidentIsAskedFromTheEnglishFiles() throws Exception {
    Ticket open = openTicket("13700137000", "utilities");
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13700137000", "hotline").keys("1", "1", "#", "1", "1"));
    assertEquals(List.of(), t.failedCommands);
    assertTrue(t.heard.containsAll(List.of("en/zhaowo/same-kind-open", "en/zhaowo/same-problem",
        "en/zhaowo/added-to-ticket")), t.heard.toString());
    assertTrue(t.heard.stream().noneMatch(f -> f.startsWith("zh/")), t.heard.toString());
    assertEquals(open.number(), t.variables.get("ZHAOWO_TICKET"));
  }

  /** The new ticket's number, read twice after the question named the open one; checks it is another ticket. */
  private static String newTicketReadTwice(FakeAsterisk.Transcript t, Ticket open) {
    String number = t.variables.get("ZHAOWO_TICKET");
    assertTrue(TicketNumbers.isValid(number), t.commands.toString());
    assertNotEquals(open.number(), number);
    List<String> said = t.saidDigits();
    assertEquals(List.of(open.number(), number, number), said.subList(1, said.size()), said.toString());
    assertEquals("hangup", t.variables.get("ZHAOWO_NEXT"));
    return number;
  }

  /** A ticket of the caller's earlier report, dispatched (one from a number no resident has waits for an agent). */
  private static Ticket openTicket(String phone, String category) {
    Ticket first = ivr.tickets.create(NewTicket.fromIvr(phone, category, "/var/spool/asterisk/zhaowo/first.wav",
        false), IvrServices.IVR).await();
    return first.unitCode() != null ? first : ivr.tickets.act(first.number(), Action.DISPATCH,
        new ActionRequest(null, "SD01-C01", null), IvrServices.IVR).await();
  }

  private static List<Row> ticketsOf(String phone) {
    return ivr.rows("SELECT * FROM tickets WHERE caller_phone = $1", phone);
  }

  /** The notes the IVR added to a ticket's history. */
  private static List<TicketEvent> ivrNotes(Ticket ticket) {
    return ivr.tickets.events(ticket).await().stream()
        .filter(e -> e.action().equals(Action.NOTE.wire()) && e.actor().equals(IvrServices.IVR.name())).toList();
  }

  private static Actor unitOf(Ticket ticket) {
    return new Actor("unit", Role.UNIT, ticket.unitCode());
  }

  /** Resolved by its unit and closed by an agent, as could happen while the caller listens to the question. */
  private static void close(Ticket ticket) {
    ivr.tickets.act(ticket.number(), Action.RESOLVE, ActionRequest.note("修好了"), unitOf(ticket)).await();
    ivr.tickets.act(ticket.number(), Action.CLOSE, ActionRequest.note("已回访"), new Actor("agent", Role.AGENT, null))
        .await();
  }
}
