package org.zhaowo.ivr;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketingException;

/**
 * "Is this the same problem?": a caller whose own number has an open ticket of the category just chosen
 * hears its number once and presses 1 to add this call to it (a note naming the new recording, then its
 * number read back) or 2 for a new ticket. One play and one wait: no key, any other key, or the look-up or
 * the note failing all mean a new ticket, so a report is never lost. The look-up starts when the recording
 * ends and runs while the caller answers the callback question; it is bounded by the database timeout from
 * then, so the question never keeps a caller waiting longer than that.
 */
final class SameProblem {
  private static final Logger log = LoggerFactory.getLogger(SameProblem.class);
  static final String NOTE = "重复来电（电话）：同一问题再次来电，新录音 ";

  private final Call call;
  private final IvrServices services;
  private final String category;
  private final Future<List<Ticket>> open;

  /** Starts looking up the caller's open tickets; none for a withheld or invalid number, or a slow database. */
  SameProblem(Call call, IvrServices services, String category) {
    this.call = call;
    this.services = services;
    this.category = category;
    this.open = call.callerPhone() == null || services.gate().open() ? Future.succeededFuture(List.of())
        : call.openTickets(services); // the greeting's look-up when there was one: one per call
  }

  /**
   * The number of the open ticket the caller says this call is about; empty when there is none of this
   * category or it is a new problem. 0 reaches a person and a hang-up ends the call, as everywhere.
   */
  Optional<String> ask() {
    Optional<String> number = newestOfCategory();
    if (number.isEmpty()) {
      return Optional.empty();
    }
    call.enter("report.same-problem");
    call.session.play(Prompt.SAME_KIND_OPEN);
    call.session.sayDigits(number.get());
    String pressed = call.session.ask(Prompt.SAME_PROBLEM, 1, call.digitTimeout());
    if (pressed.equals("0")) {
      throw new ToAgent(ToAgent.Reason.CALLER_ASKED);
    }
    return pressed.equals("1") ? number : Optional.empty();
  }

  /** Adds the call and its recording to the ticket; false when ticketing refused it or did not answer. */
  boolean addTo(String number, String recording) {
    try {
      services.await(services.tickets().act(number, Action.NOTE, ActionRequest.note(NOTE + recording),
          IvrServices.IVR));
    } catch (TicketingException refused) { // closed meanwhile (CONFLICT), or gone
      log.warn("Ticketing refused to add call {} to ticket {} ({}: {}); registering a new ticket",
          call.request.uniqueId(), number, refused.kind(), refused.getMessage());
      return false;
    } catch (RuntimeException e) {
      if (Outage.is(e)) {
        log.warn("Could not add call {} to ticket {}, the database is unavailable ({}); registering a new ticket",
            call.request.uniqueId(), number, e.toString());
      } else {
        log.error("Could not add call {} to ticket {}; registering a new ticket", call.request.uniqueId(), number, e);
      }
      return false;
    }
    call.ticket(number);
    call.end(Outcome.REPEAT);
    return true;
  }

  /** Tells the caller which ticket the call was added to, and the dialplan too. */
  void readBack(String number) {
    call.enter("report.repeat");
    services.recordAhead(call); // the call record with the number, before the caller hears it
    call.session.setVariable("ZHAOWO_TICKET", number);
    call.session.play(Prompt.ADDED_TO_TICKET);
    call.session.sayDigits(number);
  }

  /** The newest open ticket of the chosen category; none when the look-up failed (the question is skipped). */
  private Optional<String> newestOfCategory() {
    try {
      // a confidential ticket's number is never read out (as the progress menu never does)
      return services.await(open).stream().filter(t -> category.equals(t.category()) && !t.confidential())
          .map(Ticket::number)
          .findFirst();
    } catch (RuntimeException e) {
      log.warn("Could not look up the open tickets of {} for call {} ({}); no same-problem question",
          Phones.mask(call.callerPhone()), call.request.uniqueId(), e.toString());
      return Optional.empty();
    }
  }
}
