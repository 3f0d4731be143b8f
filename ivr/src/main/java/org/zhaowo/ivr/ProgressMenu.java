package org.zhaowo.ivr;

import java.util.List;
import java.util.Optional;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketNumbers;
import org.zhaowo.ticketing.TicketState;
import org.zhaowo.ticketing.TicketingException;

/**
 * Hearing progress: a known caller's open tickets newest first, then any ticket whose number is typed
 * in full (the check digit refuses a mistyped one before any lookup). Confidential tickets are never
 * read out.
 */
final class ProgressMenu {
  private final Call call;
  private final IvrServices services;

  ProgressMenu(Call call, IvrServices services) {
    this.call = call;
    this.services = services;
  }

  void run() {
    call.enter("progress");
    List<Ticket> mine = ownTickets();
    for (Ticket ticket : mine) {
      readOut(ticket);
      Optional<Character> next = call.keypad.offer(Prompt.PROGRESS_NEXT, "12");
      if (next.isEmpty()) {
        return;
      }
      if (next.get() == '2') {
        typedNumbers();
        return;
      }
    }
    if (!mine.isEmpty()) {
      call.session.play(Prompt.NO_MORE_TICKETS);
      return;
    }
    typedNumbers();
  }

  private void typedNumbers() {
    call.enter("progress.number");
    int misses = 0;
    while (true) {
      String number = call.keypad.enter(Prompt.ENTER_TICKET, TicketNumbers.LENGTH, TicketNumbers::isValid,
          Prompt.TICKET_INVALID);
      Optional<Ticket> ticket = lookUp(number);
      if (ticket.isEmpty()) {
        call.session.play(Prompt.NO_SUCH_TICKET);
        if (++misses >= Keypad.MAX_FAILURES) {
          throw new ToAgent(ToAgent.Reason.MENU_FAILURES);
        }
        continue;
      }
      if (ticket.get().confidential()) {
        call.session.play(Prompt.CONFIDENTIAL);
      } else {
        readOut(ticket.get());
      }
      if (call.keypad.offer(Prompt.PROGRESS_ANOTHER, "2").isEmpty()) {
        return;
      }
    }
  }

  private void readOut(Ticket ticket) {
    call.session.play(Prompt.TICKET);
    call.session.sayDigits(ticket.number());
    call.session.play(statePrompt(ticket.state()));
    if (ticket.mergedInto() != null) { // the ticket that carries on is the one to ask for
      call.session.sayDigits(ticket.mergedInto());
      call.end(Outcome.PROGRESS_HEARD);
      return;
    }
    if (ticket.unitCode() != null && ticket.unitName() != null) {
      call.session.play(Prompt.HANDLED_BY);
      // a unit added after the prompts were generated has no recording: said generically, the call goes on
      Prompt unit = new Prompt("unit/" + ticket.unitCode(), ticket.unitName(), ticket.unitName());
      if (!call.session.playIfPresent(unit, services.settings().sounds())) {
        call.session.play(Prompt.UNIT_GENERIC);
      }
    }
    if (ticket.isOpen()) {
      call.session.play(Prompt.DUE_BY);
      call.session.sayDate(ticket.deadline().atZone(services.settings().zone()).toLocalDate());
    }
    call.end(Outcome.PROGRESS_HEARD);
  }

  private List<Ticket> ownTickets() {
    if (call.callerPhone() == null) {
      return List.of();
    }
    try {
      return services.await(call.openTickets(services)).stream()
          .filter(t -> !t.confidential()).toList();
    } catch (RuntimeException outage) {
      throw unavailable();
    }
  }

  private Optional<Ticket> lookUp(String number) {
    try {
      return Optional.of(services.await(services.tickets().get(number, IvrServices.IVR)));
    } catch (TicketingException e) {
      if (e.kind() == TicketingException.Kind.NOT_FOUND || e.kind() == TicketingException.Kind.INVALID) {
        return Optional.empty();
      }
      throw unavailable();
    } catch (RuntimeException outage) {
      throw unavailable();
    }
  }

  private ToAgent unavailable() {
    call.session.play(Prompt.SORRY_UNAVAILABLE);
    return new ToAgent(ToAgent.Reason.DATABASE);
  }

  static Prompt statePrompt(TicketState state) {
    return switch (state) {
      case RECEIVED -> Prompt.STATE_RECEIVED;
      case DISPATCHED -> Prompt.STATE_DISPATCHED;
      case IN_PROGRESS -> Prompt.STATE_IN_PROGRESS;
      case RESOLVED -> Prompt.STATE_RESOLVED;
      case CLOSED -> Prompt.STATE_CLOSED;
      case MERGED -> Prompt.STATE_MERGED;
    };
  }
}
