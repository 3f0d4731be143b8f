package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.SurveyAnswer;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.TicketingException;
import org.zhaowo.ticketing.Unit;

/**
 * What a text means. From a grid head's phone, one that starts like a command (J/S/B and a ticket number,
 * {@link GridHeadCommand}) is a command ({@link GridHeadCommands}), whatever else it might be; anything else is a
 * resident's text (a grid head is a resident too): 1/2/3 answer the open survey, STOP/START opt out and back in,
 * CX or 进度 (with a ticket number or not) asks for progress, an empty text or HELP gets a help
 * text, and anything else is a new report, registered as a ticket ({@link SmsIntake}). Each MessageSid
 * is handled once, whatever Twilio retries; the effects of this module's own (opting out, a progress
 * or help text) commit together with the reply's handling, a ticket with the message's record.
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
  private final SmsIntake intake;
  private final GridHeadCommands gridHeads;

  /** {@code gridHeads}: null when grid heads are not texted (ZHAOWO_SMS_GRID_HEADS false), so take no commands. */
  InboundReplies(Pool pool, TicketService tickets, SmsTemplates templates, Clock clock, ZoneId zone,
      SmsIntake intake, GridHeadCommands gridHeads) {
    this.pool = pool;
    this.tickets = tickets;
    this.templates = templates;
    this.clock = clock;
    this.zone = zone;
    this.intake = intake;
    this.gridHeads = gridHeads;
  }

  /**
   * Takes a reply once: a retry of one handled (or being handled) is dropped, but one left
   * 'pending' by a crash more than a minute ago is handled again when Twilio retries it.
   */
  Future<Void> handle(String sid, String phone, String body) {
    // a NUL no phone types, which PostgreSQL cannot store: dropped, so that the rest of the text is kept
    String text = body.replace("\u0000", "").strip();
    return pool.preparedQuery(ReplySql.TAKE).execute(Tuple.of(sid, phone, text, OutboxSql.at(clock.instant())))
        .compose(rows -> rows.rowCount() == 0
            ? Future.succeededFuture() // Twilio retried a reply already taken
            : interpret(sid, phone, text));
  }

  private Future<Void> interpret(String sid, String phone, String text) {
    GridHeadCommand command = gridHeads == null ? null : GridHeadCommand.parse(text);
    if (command == null) {
      return asResident(sid, phone, text);
    }
    return tickets.gridOfHead(phone).recover(e -> forget(sid, e))
        .compose(grid -> grid.isEmpty() ? asResident(sid, phone, text) : command(sid, phone, grid.get(), command));
  }

  /**
   * A grid head's command: acted on by ticketing, whose transaction records the message and queues the
   * confirmation; refused, with a reply that commits with the message's record; or, in an outage, forgotten
   * for Twilio's retry.
   */
  private Future<Void> command(String sid, String phone, Unit grid, GridHeadCommand command) {
    if (command.refusal() != null) {
      return ownEffect(sid, "help".equals(command.refusal()) ? "command_help" : "command_refused",
          Future.succeededFuture(gridHeads.refusal(sid, phone, command)), (tx, reply) -> reply.queue(tx, clock.instant()));
    }
    return gridHeads.act(sid, grid, command).<Void>mapEmpty()
        .recover(e -> e instanceof TicketingException refused
            ? ownEffect(sid, "command_refused", gridHeads.refusal(sid, phone, command, refused),
                (tx, reply) -> reply.queue(tx, clock.instant()))
            : forget(sid, e));
  }

  private Future<Void> asResident(String sid, String phone, String text) {
    String word = text.toUpperCase(Locale.ROOT);
    if (word.matches("[123]")) {
      return answer(phone, ANSWERS[word.charAt(0) - '1'])
          .recover(e -> forget(sid, e))
          // a lone 1, 2 or 3 with no survey to answer says nothing to register: the help text says what works
          .compose(answered -> answered ? handled(sid, "survey")
              : ownEffect(sid, "help", intake.reply(sid, phone, "help"), (tx, reply) -> reply.queue(tx, clock.instant())));
    }
    if (STOP.contains(word) || START.contains(word)) {
      boolean out = STOP.contains(word);
      log.info("{} opted {} of SMS", Phones.mask(phone), out ? "out" : "back in");
      return ownEffect(sid, out ? "opt_out" : "opt_in", Future.succeededFuture(),
          (tx, v) -> ReplySql.opt(tx, tickets, phone, out, clock.instant()));
    }
    Matcher progress = PROGRESS.matcher(word);
    if (progress.matches()) {
      return ownEffect(sid, "progress", progress(sid, phone, progress.group(1)),
          (tx, reply) -> reply.queue(tx, clock.instant()));
    }
    String refusal = SmsIntake.refusal(text);
    if (refusal != null) {
      return ownEffect(sid, "help".equals(refusal) ? "help" : "refused", intake.reply(sid, phone, refusal),
          (tx, reply) -> reply.queue(tx, clock.instant()));
    }
    return register(sid, phone, text);
  }

  /**
   * The survey answer committed by the ticket service in its own transaction, then the reply marked
   * handled. A failure before that commit forgets the reply (see {@link #forget}), so Twilio's retry
   * is taken; after it, the reply is never forgotten (a retry must not apply it twice).
   */
  private Future<Void> handled(String sid, String handledAs) {
    return pool.preparedQuery(ReplySql.HANDLED).execute(Tuple.of(sid, handledAs)).mapEmpty();
  }

  /** A new report: the ticket's transaction itself marks the message handled, so nothing is left to record. */
  private Future<Void> register(String sid, String phone, String text) {
    return intake.register(phone, text).recover(e -> forget(sid, e)).mapEmpty();
  }

  /** An effect of this module's own, committed in one transaction with the reply's handling. */
  private <T> Future<Void> ownEffect(String sid, String handledAs, Future<T> prepared,
      BiFunction<SqlConnection, T, Future<?>> effect) {
    return prepared
        .compose(value -> pool.withTransaction(tx -> effect.apply(tx, value)
            .compose(v -> tx.preparedQuery(ReplySql.HANDLED).execute(Tuple.of(sid, handledAs)))))
        .recover(e -> forget(sid, e))
        .mapEmpty();
  }

  private <T> Future<T> forget(String sid, Throwable failure) {
    return pool.preparedQuery(ReplySql.FORGET).execute(Tuple.of(sid)).transform(v -> Future.failedFuture(failure));
  }

  /** Answers the caller's open survey; false when there is none. */
  private Future<Boolean> answer(String phone, String satisfaction) {
    return tickets.openSurveyOf(phone).compose(number -> number.isEmpty()
        ? Future.succeededFuture(false)
        : tickets.recordSurvey(number.get(), new SurveyAnswer("sms", null, satisfaction, null, null), SMS).map(true));
  }

  /** The text that answers a progress question: the state of the caller's own ticket (never another caller's). */
  private Future<OutgoingText> progress(String sid, String phone, String number) {
    Future<String> which = number != null ? Future.succeededFuture(number)
        : pool.preparedQuery(ReplySql.NEWEST_TICKET).execute(Tuple.of(phone))
            .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("number"));
    Future<Ticket> ticket = which.compose(n -> n == null ? Future.succeededFuture(null) : tickets.get(n, SMS))
        .map(t -> t != null && phone.equals(t.callerPhone()) ? t : null)
        .recover(e -> Future.succeededFuture(null));
    return ticket.compose(t -> recipient(phone).map(to -> {
      String body = templates.render("progress", to.language(), Notices.progress(t, to.language(), zone));
      String skip = OutboxListener.skipReason(phone, t != null && t.confidential(), to);
      return new OutgoingText("reply:" + sid, t == null ? null : t.id(), "progress", phone, to.language(), body, skip);
    }));
  }

  private Future<Recipient> recipient(String phone) {
    return ReplySql.recipient(pool, tickets, phone);
  }
}
