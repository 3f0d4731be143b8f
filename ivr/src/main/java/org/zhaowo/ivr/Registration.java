package org.zhaowo.ivr;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketingException;

/**
 * Turning a recorded report into a ticket, and reading its number back. When the database does not
 * answer, the report is spooled to disk and becomes a ticket later; the caller is never told "error".
 */
final class Registration {
  private static final Logger log = LoggerFactory.getLogger(Registration.class);

  private final Call call;
  private final IvrServices services;

  Registration(Call call, IvrServices services) {
    this.call = call;
    this.services = services;
  }

  /** The new ticket's number; empty when the report was spooled instead. */
  Optional<String> register(String category, String recording, String phone, boolean incomplete) {
    try {
      Ticket ticket = services.await(services.tickets().create(
          NewTicket.fromIvr(phone, category, recording, incomplete), IvrServices.IVR));
      call.ticket(ticket.number());
      call.end(Outcome.TICKET_CREATED);
      return Optional.of(ticket.number());
    } catch (TicketingException refused) {
      log.error("Ticketing refused the IVR report of call {}: {}", call.request.uniqueId(), refused.getMessage());
      throw new ToAgent(ToAgent.Reason.INTAKE_REFUSED);
    } catch (RuntimeException outage) {
      log.warn("Database unavailable during the report of call {} from {} ({}); spooled", call.request.uniqueId(),
          Phones.mask(phone), outage.toString());
      services.spool().put("ticket", new JsonObject().put("uniqueId", call.request.uniqueId()).put("phone", phone)
          .put("category", category).put("recording", recording).put("incomplete", incomplete));
      call.end(Outcome.TICKET_SPOOLED);
      return Optional.empty();
    }
  }

  /** Reads the number twice, then again for each 1; tells the dialplan too. */
  void readBack(String number) {
    call.enter("report.number");
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
}
