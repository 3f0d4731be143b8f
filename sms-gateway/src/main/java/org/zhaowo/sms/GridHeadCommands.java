package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.ItemKind;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketEvent;
import org.zhaowo.ticketing.TicketEventListener;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.TicketState;
import org.zhaowo.ticketing.TicketingException;
import org.zhaowo.ticketing.Unit;

/**
 * A grid head's command by text ({@link GridHeadCommand}) acts through {@link TicketService#gridHeadAct} on a
 * ticket of a resident of their grid, and is answered by text. It acts once per MessageSid: the message records
 * what it asks before the act, and the act's own transaction (this class listens to grid heads' events, which
 * only texts make) marks it handled and queues the confirmation, so Twilio's retries never act or confirm twice,
 * not even after a crash between the act's commit and anything that follows. A refusal's reply commits with the
 * message's record ({@link InboundReplies}). A reply names the ticket by its number only: never the resident's
 * phone, nor what the ticket is about.
 */
final class GridHeadCommands implements TicketEventListener {
  static final List<String> KINDS = List.of("grid_head_resolved", "grid_head_accepted", "grid_head_noted",
      "grid_head_refused", "grid_head_help");
  private static final Map<String, String> CONFIRMATIONS = Map.of(Action.RESOLVE.wire(), "grid_head_resolved",
      Action.ACCEPT.wire(), "grid_head_accepted", Action.NOTE.wire(), "grid_head_noted");
  private static final Actor SMS = Actor.system("sms");

  private final Pool pool;
  private final TicketService tickets;
  private final SmsTemplates templates;
  private final Clock clock;

  GridHeadCommands(Pool pool, TicketService tickets, SmsTemplates templates, Clock clock) {
    this.pool = pool;
    this.tickets = tickets;
    this.templates = templates;
    this.clock = clock;
  }

  /** Records on the message what it asks, then has ticketing act (whose transaction confirms it, see {@link #onEvent}). */
  Future<Ticket> act(String sid, Unit grid, GridHeadCommand command) {
    Tuple asked = Tuple.of(sid, grid.code(), command.action().wire(), command.number());
    return pool.preparedQuery(ReplySql.COMMAND).execute(asked)
        .compose(v -> tickets.gridHeadAct(grid, command.number(), command.action(), command.note()));
  }

  /** The reply to a command refused before ticketing is asked: help (no number), a bad number, no text. */
  OutgoingText refusal(String sid, String phone, GridHeadCommand command) {
    return "help".equals(command.refusal()) ? text(sid, null, "grid_head_help", phone, Map.of())
        : refused(sid, phone, command, command.refusal());
  }

  /** The reply to a command ticketing refused, in plain words by the refusal's kind. */
  Future<OutgoingText> refusal(String sid, String phone, GridHeadCommand command, TicketingException refused) {
    Future<String> reason = switch (refused.kind()) {
      case FORBIDDEN -> Future.succeededFuture("not_your_grid");
      case NOT_FOUND -> Future.succeededFuture("no_ticket");
      case CONFLICT -> conflict(command);
      default -> Future.succeededFuture("invalid");
    };
    return reason.map(why -> refused(sid, phone, command, why));
  }

  /** What in the ticket's state refused the command: read once more, to say it plainly. */
  private Future<String> conflict(GridHeadCommand command) {
    return tickets.get(command.number(), SMS).map(ticket -> {
      if (ticket.state() == TicketState.RESOLVED || ticket.state() == TicketState.CLOSED) {
        return ticket.state() == TicketState.RESOLVED ? "already_resolved" : "already_closed";
      }
      if (command.action() == Action.RESOLVE && ticket.itemKind() != ItemKind.IMMEDIATE) {
        return "not_immediate";
      }
      if (command.action() == Action.ACCEPT) { // dispatched, yet refused: another unit than the grid's community has it
        return ticket.state() == TicketState.IN_PROGRESS ? "already_accepted"
            : ticket.state() == TicketState.DISPATCHED ? "other_unit" : "state";
      }
      return "state";
    }).recover(e -> Future.succeededFuture("state"));
  }

  /**
   * In the transaction of a grid head's act: the command that asked for it is handled, and its confirmation
   * queued. None waiting (a retry that overtook a slow first attempt) fails the transaction: no second act.
   */
  @Override
  public Future<Void> onEvent(SqlConnection tx, Ticket ticket, TicketEvent event) {
    if (event.role() != Role.GRID_HEAD) {
      return Future.succeededFuture();
    }
    String grid = event.actor().substring(event.actor().indexOf(':') + 1);
    return tx.preparedQuery(ReplySql.COMMAND_DONE)
        .execute(Tuple.of(grid, event.action(), ticket.number(), ticket.id()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new IllegalStateException("no text of grid " + grid + "'s head is waiting to "
                + event.action() + " ticket " + ticket.number()));
          }
          Row message = rows.iterator().next();
          String kind = CONFIRMATIONS.getOrDefault(event.action(), "grid_head_noted");
          return text(message.getString("message_sid"), ticket.id(), kind, message.getString("from_phone"),
              Map.of("number", ticket.number())).queue(tx, clock.instant());
        });
  }

  private OutgoingText refused(String sid, String phone, GridHeadCommand command, String reason) {
    Map<String, Object> model = new HashMap<>(Map.of("reason", reason, "letter", command.letter()));
    if (command.number() != null) {
      model.put("number", command.number());
    }
    return text(sid, null, "grid_head_refused", phone, model);
  }

  /** A reply to the grid head's message {@code sid}, in Chinese as all texts to grid heads. */
  private OutgoingText text(String sid, Long ticketId, String kind, String phone, Map<String, Object> model) {
    String skip = Phones.isMobile(phone) ? null : "not_mobile";
    return new OutgoingText("reply:" + sid, ticketId, kind, phone, "zh-CN", templates.render(kind, "zh-CN", model), skip);
  }
}
