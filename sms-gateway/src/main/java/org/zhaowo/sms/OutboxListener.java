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
import org.zhaowo.ticketing.Resident;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketEvent;
import org.zhaowo.ticketing.TicketEventListener;

/**
 * Writes, inside the transaction of each ticket event, the resident's message into the outbox (or
 * the reason it is skipped), and opens or cancels the callback survey.
 */
final class OutboxListener implements TicketEventListener {
  private static final Logger log = LoggerFactory.getLogger(OutboxListener.class);
  private final SmsTemplates templates;
  private final SurveyPolicy surveys;
  private final Clock clock;
  private final ZoneId zone;

  OutboxListener(SmsTemplates templates, SurveyPolicy surveys, Clock clock, ZoneId zone) {
    this.templates = templates;
    this.surveys = surveys;
    this.clock = clock;
    this.zone = zone;
  }

  @Override
  public Future<Void> onEvent(SqlConnection tx, Ticket ticket, TicketEvent event) {
    String kind = Notices.kind(event);
    if (kind == null) {
      return Future.succeededFuture();
    }
    return ReplySql.resident(tx, ticket.callerPhone())
        .compose(resident -> survey(tx, ticket, event, resident.orElse(null))
            .compose(smsSurvey -> queue(tx, ticket, event, kind, resident.orElse(null), smsSurvey)));
  }

  /** Opens the survey on resolution (true when it is asked by SMS), cancels it on close or reopen. */
  private Future<Boolean> survey(SqlConnection tx, Ticket ticket, TicketEvent event, Resident resident) {
    Instant now = clock.instant();
    return switch (event.action()) {
      case "resolve" -> {
        String channel = SurveyPolicy.channel(ticket, resident);
        boolean sms = "sms".equals(channel);
        Tuple row = Tuple.of(ticket.id(), channel, sms ? "open" : "scheduled", sms ? 1 : 0,
            OutboxSql.at(surveys.next(channel, now, true)), OutboxSql.at(now));
        yield tx.preparedQuery(SurveySql.CANCEL_OPEN).execute(Tuple.of(ticket.id()))
            .compose(v -> tx.preparedQuery(SurveySql.OPEN).execute(row))
            .map(sms);
      }
      case "close", "reopen" -> tx.preparedQuery(SurveySql.CANCEL_OPEN).execute(Tuple.of(ticket.id())).map(false);
      default -> Future.succeededFuture(false);
    };
  }

  private Future<Void> queue(SqlConnection tx, Ticket ticket, TicketEvent event, String kind, Resident resident,
      boolean smsSurvey) {
    String language = resident == null ? "zh-CN" : resident.language();
    Map<String, Object> model = Notices.model(ticket, event, language, zone, smsSurvey);
    if (Notices.isIntakeDispatch(event)) {
      String body = templates.render("registered", language, model);
      Segments segments = Segments.of(body);
      return tx.preparedQuery(OutboxSql.FOLD_INTO_REGISTERED)
          .execute(Tuple.of(ticket.id(), body, segments.encoding(), segments.count(), OutboxSql.at(clock.instant())))
          .compose(rows -> rows.rowCount() > 0 ? Future.succeededFuture()
              : insert(tx, ticket, event, kind, language, templates.render(kind, language, model), resident));
    }
    return insert(tx, ticket, event, kind, language, templates.render(kind, language, model), resident);
  }

  private Future<Void> insert(SqlConnection tx, Ticket ticket, TicketEvent event, String kind, String language,
      String body, Resident resident) {
    String skip = skipReason(ticket, resident);
    Segments segments = Segments.of(body);
    if (skip != null) {
      log.info("No {} text for ticket {} to {}: {}", kind, ticket.number(), Phones.mask(ticket.callerPhone()), skip);
    }
    return tx.preparedQuery(OutboxSql.INSERT).execute(Tuple.from(new Object[] {
        "event:" + event.id() + ":" + kind, ticket.id(), kind, ticket.callerPhone(), language, body,
        segments.encoding(), segments.count(), skip == null ? "queued" : "skipped", skip,
        OutboxSql.at(clock.instant())}))
        .compose(rows -> skip == null ? tx.query(OutboxSql.NOTIFY).execute() : Future.succeededFuture())
        .mapEmpty();
  }

  /** Why this ticket's resident gets no text, or null when they do. */
  static String skipReason(Ticket ticket, Resident resident) {
    if (resident != null && resident.landline()) {
      return "landline";
    }
    if (!Phones.isMobile(ticket.callerPhone())) {
      return "not_mobile";
    }
    if (resident != null && resident.smsOptOut()) {
      return "opted_out";
    }
    return ticket.confidential() ? "confidential" : null;
  }
}
