package org.zhaowo.ivr;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketingException;

/**
 * Turning a recorded report into a ticket, and reading its number back. The report is written to the
 * spool before ticketing is asked (write-ahead), and the entry moves to {@code done/} once it is a ticket:
 * a crash at any point leaves it pending, and the next run's drainer registers it. When the database does
 * not answer, the entry simply stays for the drainer; the caller is never told "error". The report's intake
 * key (the call and what was recorded) makes a replay of a report registered already return its ticket.
 * A report takes a ticket number held in advance ({@link NumberBlock}) when it registers, and the entry carries
 * it: when the database is slow, busy or away ({@link RegistrationGate}), the caller still hears that number and
 * the drainer registers the report under it later. Only with the block empty is the report "saved for later".
 */
final class Registration {
  private static final Logger log = LoggerFactory.getLogger(Registration.class);
  /** Test hook: stop right after ticketing committed, as a crash there would, leaving the entry pending. */
  static volatile boolean crashAfterCommit;

  private final Call call;
  private final IvrServices services;
  private final String intakeKey;
  /** The number held in advance this report registers under, once taken; null without one. */
  private String number;
  /** The report written ahead, while it is this call's to register; null before and after. */
  private Path ahead;
  private JsonObject written;

  /** {@code what} the recording is ("report", "message"): one call may leave one of each. */
  Registration(Call call, IvrServices services, String what) {
    this.call = call;
    this.services = services;
    this.intakeKey = call.request.uniqueId() + "@" + call.startedAt + ":" + what;
  }

  /**
   * Writes the report to the spool (again, when it changed): from here a crash still leaves a ticket. A
   * recording just finished is written as incomplete intake from the caller's number, what a hang-up gives.
   */
  void writeAhead(String category, String recording, String phone, boolean incomplete) {
    JsonObject report = entry(category, recording, phone, incomplete);
    try {
      if (ahead == null) {
        ahead = services.spool().hold("ticket", report);
      } else if (!report.equals(written)) {
        services.spool().rewrite(ahead, report);
      }
      written = report;
    } catch (UncheckedIOException e) { // the disk is a safeguard: without it the report is still registered
      log.error("Could not write the report of call {} to the spool first: {}", call.request.uniqueId(), e.toString());
    }
  }

  /**
   * The new ticket's number, or the number held in advance it will have when the drainer registers it; empty
   * when the report was left in the spool without one (the block ran out).
   */
  Optional<String> register(String category, String recording, String phone, boolean incomplete) {
    if (number == null) {
      number = services.numbers().take().orElse(null);
    }
    writeAhead(category, recording, phone, incomplete);
    NewTicket report = NewTicket.fromIvr(phone, category, recording, incomplete).withIntakeKey(intakeKey)
        .withNumber(number);
    // shed only with a number to give: a caller the block has none for waits on the database as before, rather than
    // hear "saved for later" from a database that is only busy (a burst of callers finishing at once)
    Future<Ticket> registering = number == null ? services.tickets().create(report, IvrServices.IVR)
        : services.gate().enter(() -> services.tickets().create(report, IvrServices.IVR));
    if (registering == null) {
      log.info("Database busy or slow: the report of call {} goes to the spool at once", call.request.uniqueId());
      return spooled(category, recording, phone, incomplete);
    }
    Ticket ticket;
    try {
      ticket = services.await(registering);
    } catch (TicketingException refused) {
      log.error("Ticketing refused the IVR report of call {}: {}", call.request.uniqueId(), refused.getMessage());
      setAside("refused by ticketing (" + refused.kind() + "): " + refused.getMessage());
      throw new ToAgent(ToAgent.Reason.INTAKE_REFUSED);
    } catch (RuntimeException outage) {
      if (Outage.timedOut(outage)) {
        services.gate().timedOut();
      }
      log.warn("Database unavailable during the report of call {} from {} ({}); spooled", call.request.uniqueId(),
          Phones.mask(phone), outage.toString());
      return spooled(category, recording, phone, incomplete);
    }
    if (crashAfterCommit) {
      throw new IllegalStateException("test: the process dies after ticket " + ticket.number() + " committed");
    }
    settled();
    call.ticket(ticket.number());
    call.end(Outcome.TICKET_CREATED);
    return Optional.of(ticket.number());
  }

  /** The report is the drainer's, under the number held for it if there is one (what the caller hears then). */
  private Optional<String> spooled(String category, String recording, String phone, boolean incomplete) {
    if (ahead == null) { // not written ahead: the disk may take it now
      services.spool().put("ticket", entry(category, recording, phone, incomplete));
    } else if (!entry(category, recording, phone, incomplete).equals(written)) {
      writeAhead(category, recording, phone, incomplete); // the rewrite failed before: once more
    }
    boolean onDisk = ahead == null || entry(category, recording, phone, incomplete).equals(written);
    release();
    if (!onDisk) { // the spool still holds the report without this number: the caller must not hear it
      log.error("Report of call {} is spooled without its number {}: the caller hears none", call.request.uniqueId(),
          number);
      number = null;
    }
    if (number != null) {
      call.ticket(number);
    }
    call.end(Outcome.TICKET_SPOOLED);
    return Optional.ofNullable(number);
  }

  /** The report is in the database (a ticket, or a note on the caller's open one): its entry is done. */
  void settled() {
    if (ahead == null) {
      return;
    }
    try {
      services.spool().done(ahead);
    } catch (IOException e) { // replayed, its intake key finds the ticket: harmless
      log.warn("Registered report {} stays in the spool: {}", ahead.getFileName(), e.toString());
      services.spool().release(ahead);
    }
    ahead = null;
  }

  /** A report written ahead and neither registered nor spooled (the call failed) is the drainer's now. */
  void release() {
    if (ahead != null) {
      services.spool().release(ahead);
      ahead = null;
    }
  }

  /** Reads the number twice, then again for each 1; tells the dialplan too. */
  void readBack(String number) {
    call.enter("report.number");
    services.recordAhead(call); // the call record with the number, before the caller hears it
    call.session.setVariable("ZHAOWO_TICKET", number);
    call.session.play(Prompt.TICKET_REGISTERED);
    call.session.sayDigits(number);
    call.session.play(Prompt.AGAIN);
    call.session.sayDigits(number);
    while (call.keypad.offer(Prompt.REPEAT_NUMBER, "1").isPresent()) {
      call.session.play(Prompt.TICKET_REGISTERED);
      call.session.sayDigits(number);
    }
  }

  /** After a spooled report: reassure, and offer a person. */
  void savedForLater() {
    call.enter("report.saved");
    call.session.play(Prompt.SAVED_FOR_LATER);
    if (call.session.ask(Prompt.OFFER_AGENT, 1, call.digitTimeout()).equals("0")) {
      throw new ToAgent(ToAgent.Reason.DATABASE);
    }
  }

  /** The report as the spool keeps it and {@link SpoolDrainer} registers it. */
  private JsonObject entry(String category, String recording, String phone, boolean incomplete) {
    return new JsonObject().put("uniqueId", call.request.uniqueId()).put("intakeKey", intakeKey).put("phone", phone)
        .put("category", category).put("recording", recording).put("incomplete", incomplete).put("number", number);
  }

  /** Ticketing will not take the report: set aside for an agent, as the drainer sets aside what it refuses. */
  private void setAside(String reason) {
    if (ahead == null) {
      return;
    }
    try {
      services.spool().quarantine(ahead, services.clock().instant() + " " + Quarantine.mask(reason));
    } catch (IOException e) {
      log.error("Could not set {} aside in quarantine/; it stays pending: {}", ahead.getFileName(), e.toString());
      services.spool().release(ahead);
    }
    ahead = null;
  }
}
