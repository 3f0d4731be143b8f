package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/** What each action changes on a ticket, once {@link Action#check} has allowed it. */
final class Transitions {
  /** A checked change, ready to write. */
  record Checked(Ticket ticket, Change change) {}

  /** The district platform's own unit, which coordinates what no rule assigns. */
  static final String DISTRICT_CENTRE = "DISTRICT";

  private final PgTicketService service;

  Transitions(PgTicketService service) {
    this.service = service;
  }

  Future<Checked> apply(SqlConnection tx, Ticket ticket, Action action, ActionRequest request, Actor actor) {
    action.check(actor, ticket);
    Change change = Change.of(ticket, action, request);
    Future<Change> done = switch (action) {
      case DISPATCH -> dispatch(ticket, change, request);
      case NOTE -> requireNote(change);
      case REOPEN -> reopen(ticket, change);
      case RETURN -> {
        change.unitCode = null;
        yield Future.succeededFuture(change);
      }
      case EXTEND -> Future.succeededFuture(extend(ticket, change, request, actor));
      case ESCALATE -> escalate(tx, ticket, change);
      default -> Future.succeededFuture(change);
    };
    return done.map(c -> new Checked(ticket, c));
  }

  private Future<Change> dispatch(Ticket ticket, Change change, ActionRequest request) {
    String unit = request.unitCode() != null ? request.unitCode()
        : service.defaultUnit(service.category(ticket.category()), ticket.communityCode());
    if (unit == null) {
      unit = DISTRICT_CENTRE; // nobody else is named: the district's service centre coordinates it
    }
    change.unitCode = unit; // a unit that does not exist fails the write on its foreign key
    return Future.succeededFuture(change);
  }

  private static Future<Change> requireNote(Change change) {
    if (change.note == null || change.note.isBlank()) {
      return Future.failedFuture(TicketingException.invalid("a note needs text: {\"note\": \"…\"}"));
    }
    return Future.succeededFuture(change);
  }

  /** Sent back to its unit with a fresh time limit; a ticket nobody handled goes back to intake. */
  private Future<Change> reopen(Ticket ticket, Change change) {
    change.reopenCount = ticket.reopenCount() + 1;
    if (ticket.unitCode() == null) {
      change.state = TicketState.RECEIVED;
    }
    Category category = service.category(ticket.category());
    change.deadline = service.calendar().deadline(service.clock().instant(), category.timeLimitDays());
    return Future.succeededFuture(change);
  }

  /** A unit asks for more time before the deadline; a supervisor grants it (延期). */
  private Change extend(Ticket ticket, Change change, ActionRequest request, Actor actor) {
    Instant now = service.clock().instant();
    if (actor.role() == Role.UNIT) {
      if (!now.isBefore(ticket.deadline())) {
        throw TicketingException.conflict("an extension must be asked for before the deadline " + ticket.deadline());
      }
      change.requestedDeadline = later(ticket, request.deadline());
      change.eventAction = "extend_requested";
      return change;
    }
    change.deadline = later(ticket, request.deadline() != null ? request.deadline() : ticket.requestedDeadline());
    change.requestedDeadline = null;
    return change;
  }

  /** A new deadline: after the current one, and within {@link DateBounds} for every caller, not only the HTTP API. */
  private Instant later(Ticket ticket, Instant deadline) {
    if (deadline == null || !deadline.isAfter(ticket.deadline())) {
      throw TicketingException.invalid("give a new deadline after the current one " + ticket.deadline());
    }
    return DateBounds.instant("deadline", deadline, service.calendar().zone());
  }

  /** Up one level: community → sub-district → district; departments report to the district (上报件). */
  private Future<Change> escalate(SqlConnection tx, Ticket ticket, Change change) {
    return tx.preparedQuery(TicketSql.PARENT_UNIT).execute(Tuple.of(ticket.unitCode())).map(rows -> {
      if (rows.size() == 0) {
        throw TicketingException.conflict("ticket " + ticket.number() + " is already at the district level");
      }
      change.unitCode = rows.iterator().next().getString("code");
      change.itemKind = ItemKind.ESCALATED;
      return change;
    });
  }
}
