package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.SurveyAnswer;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketService;

/**
 * What a resident's text means: 1/2/3 answer the open survey, STOP/START opt out and back in,
 * CX or 进度 (with a ticket number or not) asks for progress, anything else is a note for an agent.
 * Each MessageSid is handled once, whatever Twilio retries.
 */
final class InboundReplies {
  private static final Logger log = LoggerFactory.getLogger(InboundReplies.class);
  private static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "TD", "退订");
  private static final Set<String> START = Set.of("START", "UNSTOP", "YES");
  private static final Pattern PROGRESS = Pattern.compile("^(?:CX|进度)\\s*(\\d{8})?$");
  private static final String[] ANSWERS = {"satisfied", "basically_satisfied", "unsatisfied"};
  private static final Actor SMS = Actor.system("sms");

  private final Pool pool;
  private final TicketService tickets;
  private final SmsTemplates templates;
  private final Clock clock;
  private final ZoneId zone;

  InboundReplies(Pool pool, TicketService tickets, SmsTemplates templates, Clock clock, ZoneId zone) {
    this.pool = pool;
    this.tickets = tickets;
    this.templates = templates;
    this.clock = clock;
    this.zone = zone;
  }

  Future<Void> handle(String sid, String phone, String body) {
    String text = body.strip();
    return pool.preparedQuery(ReplySql.LOG).execute(Tuple.of(sid, phone, text, "pending", null, OutboxSql.at(clock.instant())))
        .compose(rows -> rows.rowCount() == 0
            ? Future.succeededFuture() // Twilio retried a reply already taken
            : interpret(sid, phone, text)
                .compose(handledAs -> pool.preparedQuery(ReplySql.HANDLED).execute(Tuple.of(sid, handledAs)))
                .recover(e -> pool.preparedQuery(ReplySql.FORGET).execute(Tuple.of(sid))
                    .transform(v -> Future.failedFuture(e)))
                .mapEmpty());
  }

  private Future<String> interpret(String sid, String phone, String text) {
    String word = text.toUpperCase(Locale.ROOT);
    if (word.matches("[123]")) {
      return answer(phone, ANSWERS[word.charAt(0) - '1']).compose(answered -> answered
          ? Future.succeededFuture("survey") : note(phone, text));
    }
    if (STOP.contains(word) || START.contains(word)) {
      boolean out = STOP.contains(word);
      log.info("{} opted {} of SMS", Phones.mask(phone), out ? "out" : "back in");
      return pool.preparedQuery(ReplySql.OPT).execute(Tuple.of(phone, out)).map(out ? "opt_out" : "opt_in");
    }
    Matcher progress = PROGRESS.matcher(word);
    if (progress.matches()) {
      return progress(sid, phone, progress.group(1)).map("progress");
    }
    return note(phone, text);
  }

  /** Answers the caller's open survey; false when there is none. */
  private Future<Boolean> answer(String phone, String satisfaction) {
    return pool.preparedQuery(SurveySql.OPEN_FOR_CALLER).execute(Tuple.of(phone)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(false);
      }
      String number = rows.iterator().next().getString("number");
      return tickets.recordSurvey(number, new SurveyAnswer("sms", null, satisfaction, null, null), SMS).map(true);
    });
  }

  private Future<String> note(String phone, String text) {
    return tickets.openTickets(phone).compose(open -> open.isEmpty()
        ? Future.succeededFuture("ignored")
        : tickets.act(open.get(0).number(), Action.NOTE, ActionRequest.note("短信 (SMS): " + text), SMS).map("note"));
  }

  /** Texts back the state of the caller's own ticket (never another caller's). */
  private Future<Void> progress(String sid, String phone, String number) {
    Future<String> which = number != null ? Future.succeededFuture(number)
        : pool.preparedQuery(ReplySql.NEWEST_TICKET).execute(Tuple.of(phone))
            .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("number"));
    Future<Ticket> ticket = which.compose(n -> n == null ? Future.succeededFuture(null) : tickets.get(n, SMS))
        .map(t -> t != null && t.callerPhone().equals(phone) ? t : null)
        .recover(e -> Future.succeededFuture(null));
    return ticket.compose(t -> ReplySql.resident(pool, phone).compose(resident -> {
      String language = resident.map(r -> r.language()).orElse("zh-CN");
      String body = templates.render("progress", language, Notices.progress(t, language, zone));
      String skip = resident.isPresent() && resident.get().smsOptOut() ? "opted_out"
          : t != null && t.confidential() ? "confidential" : null;
      Segments segments = Segments.of(body);
      return pool.preparedQuery(OutboxSql.INSERT).execute(Tuple.from(new Object[] {"reply:" + sid,
          t == null ? null : t.id(), "progress", phone, language, body, segments.encoding(), segments.count(),
          skip == null ? "queued" : "skipped", skip, OutboxSql.at(clock.instant())}))
          .compose(rows -> pool.query(OutboxSql.NOTIFY).execute())
          .mapEmpty();
    }));
  }
}
