package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The ticketing core: registering, dispatching and working tickets, their history, and the
 * figures. Every change is a transaction that appends an event; refusals fail the future with a
 * {@link TicketingException}.
 */
public interface TicketService {

  /** Starts the service over a migrated database: loads the working-day calendar. */
  static Future<TicketService> start(Pool pool, Config config, Clock clock) {
    PgTicketService service = new PgTicketService(pool, config, clock);
    return service.reloadCalendar().map(v -> service);
  }

  /** Registers a ticket and dispatches it by its category's rule (or the unit given). */
  Future<Ticket> create(NewTicket request, Actor actor);

  /** A ticket the actor may see; NOT_FOUND or FORBIDDEN otherwise. */
  Future<Ticket> get(String number, Actor actor);

  /** A ticket's history, oldest first. */
  Future<List<TicketEvent>> events(Ticket ticket);

  Future<Page<Ticket>> list(TicketQuery query, Actor actor);

  /** Takes one transition; CONFLICT when the state does not allow it, FORBIDDEN for the wrong actor. */
  Future<Ticket> act(String number, Action action, ActionRequest request, Actor actor);

  /** Records a callback survey answer: closes the ticket, or reopens it when unsatisfied or unsolved. */
  Future<Ticket> recordSurvey(String number, SurveyAnswer answer, Actor actor);

  Future<Optional<Resident>> resident(String phone);

  /** The caller's tickets still being worked, newest first. */
  Future<List<Ticket>> openTickets(String phone);

  Future<List<Category>> categories();

  Future<Kpis> kpis(LocalDate from, LocalDate to, String unitCode);

  /** Re-reads public holidays and make-up working days. */
  Future<Void> reloadCalendar();

  WorkCalendar calendar();

  /** Adds a listener told of every event inside its transaction. */
  void addListener(TicketEventListener listener);
}
