package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketEvent;
import org.zhaowo.ticketing.TicketEventListener;
import org.zhaowo.ticketing.TicketService;

/**
 * Writes, inside the transaction of each ticket event, the resident's message into the outbox (or
 * the reason it is skipped), and opens or cancels the callback survey through ticketing's service,
 * in that same transaction. A new ticket of a resident in a grid is also texted to the grid head
 * ({@link GridHeadTexts}, null when ZHAOWO_SMS_GRID_HEADS is false). The residents of tickets merged into
 * this one hear of it too, as followers: the same text about the ticket that carries on, never a survey.
 */
final class OutboxListener implements TicketEventListener {
  private static final Logger log = LoggerFactory.getLogger(OutboxListener.class);
  private final TicketService tickets;
  private final SmsTemplates templates;
  private final SurveyPolicy surveys;
  private final Clock clock;
  private final ZoneId zone;
  private final GridHeadTexts gridHeads;

  OutboxListener(TicketService tickets, SmsTemplates templates, SurveyPolicy surveys, Clock clock, ZoneId zone,
      GridHeadTexts gridHeads) {
    this.tickets = tickets;
    this.templates = templates;
    this.surveys = surveys;
    this.clock = clock;
    this.zone = zone;
    this.gridHeads = gridHeads;
  }

  @Override
  public Future<Void> onEvent(SqlConnection tx, Ticket ticket, TicketEvent event) {
    String kind = Notices.kind(event);
    if (kind == null || ticket.callerPhone() == null) {
      return Future.succeededFuture(); // nothing to tell, or nobody to tell it to (a withheld number)
    }
    return recipient(tx, ticket.callerPhone())
        .compose(recipient -> survey(tx, ticket, event, recipient)
            .compose(smsSurvey -> queue(tx, ticket, event, kind, recipient, smsSurvey))
            .compose(v -> gridHeads == null ? Future.<Void>succeededFuture()
                : gridHeads.onCreate(tx, ticket, event, recipient.resident())))
        .compose(v -> "registered".equals(kind) || "merged".equals(kind) ? Future.<Void>succeededFuture()
            : followers(tx, ticket, event, kind));
  }

  /**
   * Who {@code phone} is, as this transaction read it: a registration's create and dispatch events, and the
   * registrations written together in one group, ask about the same caller; it is read once per transaction.
   * Kept weakly by the transaction, so it goes with it.
   */
  private Future<Recipient> recipient(SqlConnection tx, String phone) {
    io.vertx.sqlclient.Transaction transaction = tx.transaction();
    if (transaction == null) {
      return ReplySql.recipient(tx, tickets, phone);
    }
    synchronized (recipients) {
      return recipients.computeIfAbsent(transaction, t -> new java.util.HashMap<>())
          .computeIfAbsent(phone, p -> ReplySql.recipient(tx, tickets, p));
    }
  }

  private final Map<io.vertx.sqlclient.Transaction, Map<String, Future<Recipient>>> recipients =
      new java.util.WeakHashMap<>();

  /** The same news for each resident whose ticket was merged into this one (one text per phone). */
  private Future<Void> followers(SqlConnection tx, Ticket ticket, TicketEvent event, String kind) {
    return tickets.mergedInto(tx, ticket).compose(merged -> {
      Future<Void> chain = Future.succeededFuture();
      java.util.Set<String> told = new java.util.HashSet<>();
      told.add(ticket.callerPhone());
      for (Ticket follower : merged) {
        if (follower.callerPhone() == null || !told.add(follower.callerPhone())) {
          continue;
        }
        chain = chain.compose(v -> recipient(tx, follower.callerPhone()).compose(recipient -> {
          Map<String, Object> model = Notices.model(ticket, event, recipient.language(), zone, false);
          model.put("follower", true);
          model.remove("note"); // what was done is the carrying ticket's resident's; the follower hears it is done
          return insert(tx, follower, "event:" + event.id() + ":" + kind + ":" + follower.number(),
              ticket.confidential() || follower.confidential(), kind, templates.render(kind, recipient.language(), model),
              recipient);
        }));
      }
      return chain;
    });
  }

  /** Opens the survey on resolution (true when it is asked by SMS), cancels it on close or reopen. */
  private Future<Boolean> survey(SqlConnection tx, Ticket ticket, TicketEvent event, Recipient recipient) {
    Instant now = clock.instant();
    return switch (event.action()) {
      case "resolve" -> {
        String channel = SurveyPolicy.channel(ticket, recipient);
        boolean sms = "sms".equals(channel); // the resolution text itself asks
        yield tickets.openSurvey(tx, ticket, channel, sms, surveys.next(channel, now, true)).map(sms);
      }
      case "close", "reopen" -> tickets.cancelSurveys(tx, ticket).map(false);
      default -> Future.succeededFuture(false);
    };
  }

  private Future<Void> queue(SqlConnection tx, Ticket ticket, TicketEvent event, String kind, Recipient recipient,
      boolean smsSurvey) {
    String language = recipient.language();
    Map<String, Object> model = Notices.model(ticket, event, language, zone, smsSurvey);
    if (Notices.isIntakeDispatch(event)) {
      String body = templates.render("registered", language, model);
      Segments segments = Segments.of(body);
      return tx.preparedQuery(OutboxSql.FOLD_INTO_REGISTERED)
          .execute(Tuple.of(ticket.id(), body, segments.encoding(), segments.count(), OutboxSql.at(clock.instant())))
          .compose(rows -> rows.rowCount() > 0 ? Future.succeededFuture()
              : insert(tx, ticket, event, kind, templates.render(kind, language, model), recipient));
    }
    return insert(tx, ticket, event, kind, templates.render(kind, language, model), recipient);
  }

  private Future<Void> insert(SqlConnection tx, Ticket ticket, TicketEvent event, String kind, String body,
      Recipient recipient) {
    return insert(tx, ticket, "event:" + event.id() + ":" + kind, ticket.confidential(), kind, body, recipient);
  }

  /** One text to {@code ticket}'s resident, on that ticket's row, or its skip reason; once per {@code dedupeKey}. */
  private Future<Void> insert(SqlConnection tx, Ticket ticket, String dedupeKey, boolean confidential, String kind,
      String body, Recipient recipient) {
    String skip = skipReason(ticket.callerPhone(), confidential, recipient);
    if (skip != null) {
      log.info("No {} text for ticket {} to {}: {}", kind, ticket.number(), Phones.mask(ticket.callerPhone()), skip);
    }
    return new OutgoingText(dedupeKey, ticket.id(), kind, ticket.callerPhone(), recipient.language(), body, skip)
        .queue(tx, clock.instant());
  }

  /** Why a text to {@code phone} (about a confidential ticket or not) is not sent, or null when it is. */
  static String skipReason(String phone, boolean confidential, Recipient recipient) {
    if (recipient.landline()) {
      return "landline";
    }
    if (!Phones.isMobile(phone)) {
      return "not_mobile";
    }
    if (recipient.optedOut()) {
      return "opted_out";
    }
    return confidential ? "confidential" : null;
  }
}
