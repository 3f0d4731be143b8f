package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketEvent;
import org.zhaowo.ticketing.TicketEventListener;
import org.zhaowo.ticketing.TicketService;

/**
 * A text that is no survey answer, keyword or progress question is a new report: registered as a
 * ticket of channel sms, whose own registration text (the outbox's {@code registered}) tells the
 * resident its number. The message is marked as that ticket's inside the ticket's transaction (this
 * class listens to the create event), so Twilio's retries of one MessageSid never register it twice,
 * not even after a crash between the ticket's commit and anything that follows.
 */
final class SmsIntake implements TicketEventListener {
  static final String CATEGORY_KEY = "ZHAOWO_SMS_INTAKE_CATEGORY";
  static final String DEFAULT_CATEGORY = "other";
  static final Actor ACTOR = Actor.system("sms-intake");
  private static final Set<String> HELP = Set.of("HELP", "INFO", "帮助", "?", "？");

  private final Pool pool;
  private final TicketService tickets;
  private final SmsTemplates templates;
  private final String category;

  SmsIntake(Pool pool, TicketService tickets, SmsTemplates templates, Config config) {
    this.pool = pool;
    this.tickets = tickets;
    this.templates = templates;
    this.category = config.get(CATEGORY_KEY, DEFAULT_CATEGORY);
  }

  /** The reply kind for a text that is not registered (help for an empty one or HELP, too_long), else null. */
  static String refusal(String text) {
    if (text.isEmpty() || HELP.contains(text.toUpperCase(Locale.ROOT))) {
      return "help";
    }
    return text.length() > NewTicket.MAX_DESCRIPTION ? "too_long" : null;
  }

  /**
   * Registers the text as a ticket. Ticketing links it, in the same transaction, to the caller's open ticket of
   * the same category as a possible duplicate, for an agent to merge ({@link TicketService#possibleDuplicates}).
   */
  Future<Ticket> register(String phone, String text) {
    return tickets.create(new NewTicket(phone, Channel.SMS, category, null, text, null, null, null, false, false, null),
        ACTOR);
  }

  /** The help or refusal text answering message {@code sid} (never sent to an opted-out caller). */
  Future<OutgoingText> reply(String sid, String phone, String kind) {
    return ReplySql.recipient(pool, tickets, phone).map(to -> {
      String body = templates.render(kind, to.language(), Map.of("max", String.valueOf(NewTicket.MAX_DESCRIPTION)));
      return new OutgoingText("reply:" + sid, null, kind, phone, to.language(), body,
          OutboxListener.skipReason(phone, false, to));
    });
  }

  /**
   * In the ticket's transaction: marks the message it came from as taken by this ticket. A message
   * no longer pending (a retry that overtook a slow first attempt) fails the transaction: no second ticket.
   */
  @Override
  public Future<Void> onEvent(SqlConnection tx, Ticket ticket, TicketEvent event) {
    if (!"create".equals(event.action()) || !ACTOR.name().equals(event.actor()) || ticket.channel() != Channel.SMS) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ReplySql.BECAME_TICKET)
        .execute(Tuple.of(ticket.id(), ticket.callerPhone(), ticket.description()))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new IllegalStateException("the text from " + Phones.mask(ticket.callerPhone())
                + " is no longer waiting to be registered")));
  }
}
