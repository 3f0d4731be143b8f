package org.zhaowo.ivr;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.SurveyAnswer;
import org.zhaowo.ticketing.SurveyKeys;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketNumbers;
import org.zhaowo.ticketing.TicketState;
import org.zhaowo.ticketing.TicketingException;

/**
 * The callback survey (回访) on an outbound call to {@code survey?ticket=N&key=K}: solved?, how satisfied?,
 * an optional voice comment. Only a call with the key the SMS gateway signed for it goes ahead; any other
 * is told politely that the survey cannot go on, and changes nothing. The answer closes or reopens the ticket; one given while the database is
 * away is spooled. A caller who hangs up before answering leaves the survey open for a retry; one who
 * leaves after answering, before a comment was recorded, keeps the answer without a recording. A comment
 * Asterisk could not record is apologised for and the caller goes to a person.
 */
final class SurveyMenu {
  private static final Logger log = LoggerFactory.getLogger(SurveyMenu.class);
  private static final String[] SATISFACTION = {"satisfied", "basically_satisfied", "unsatisfied"};

  private final Call call;
  private final IvrServices services;

  SurveyMenu(Call call, IvrServices services) {
    this.call = call;
    this.services = services;
  }

  void run() {
    call.enter("survey");
    if (!keyed(call.request.param("ticket"), call.request.param("key"))) {
      call.session.play(Prompt.SURVEY_NOT_DUE); // a stranger learns nothing and closes nothing
      return;
    }
    Optional<Ticket> ticket = resolvedTicket(call.request.param("ticket"));
    if (ticket.isEmpty()) {
      call.session.play(Prompt.SURVEY_NOT_DUE);
      return;
    }
    String number = ticket.get().number();
    call.ticket(number);
    CallRunner.recognise(call, services, ticket.get().callerPhone());
    call.session.play(Prompt.SURVEY_INTRO);
    call.session.sayDigits(number);

    call.enter("survey.solved");
    boolean solved = call.keypad.choose(Prompt.SURVEY_SOLVED, "12") == '1';
    call.enter("survey.satisfaction");
    String satisfaction = SATISFACTION[call.keypad.choose(Prompt.SURVEY_SATISFACTION, "123") - '1'];
    call.enter("survey.comment");
    CallSession.Recording comment = null;
    boolean commentFailed = false;
    try {
      if (call.keypad.offer(Prompt.SURVEY_COMMENT_OFFER, "12").orElse('2') == '1') {
        call.session.play(Prompt.SURVEY_COMMENT);
        comment = call.session.record(ReportMenu.recordingPath(services.settings(), call, "survey"),
            services.settings().recordMax(), services.settings().recordSilence()).orElse(null);
        commentFailed = comment == null;
      }
    } catch (CallerHungUp | ToAgent leaving) {
      record(number, solved, satisfaction, null); // answered: leaving before a comment was recorded keeps the answer
      throw leaving;
    }
    if (comment != null) {
      call.recorded(comment);
    }
    record(number, solved, satisfaction, comment == null ? null : comment.file());
    if (commentFailed) {
      call.session.play(Prompt.RECORDING_FAILED);
      throw new ToAgent(ToAgent.Reason.ERROR); // a person hears the comment
    }
    if (comment != null && comment.hungUp()) {
      throw new CallerHungUp("hang-up during the survey comment");
    }
    call.session.play(Prompt.SURVEY_THANKS);
  }

  private void record(String number, boolean solved, String satisfaction, String recording) {
    call.end(Outcome.SURVEY_ANSWERED);
    try {
      services.await(services.tickets().recordSurvey(number,
          new SurveyAnswer("phone", solved, satisfaction, null, recording), IvrServices.IVR));
    } catch (TicketingException refused) {
      log.warn("Survey answer for ticket {} refused: {}", number, refused.getMessage());
    } catch (RuntimeException outage) {
      services.spool().put("survey", new JsonObject().put("ticket", number).put("solved", solved)
          .put("satisfaction", satisfaction).put("recording", recording));
    }
  }

  /**
   * Whether the call carries the key the SMS gateway signed for this ticket when it placed the call (the
   * dialplan passes it on from the channel variable ZHAOWO_SURVEY_KEY): anyone else who reaches the FastAGI
   * port and asks for {@code survey?ticket=N} must not answer, and so close, somebody's ticket.
   */
  private boolean keyed(String number, String key) {
    SurveyKeys.Check check = services.tickets().surveyKeys().check(number, key, services.clock().instant());
    if (check != SurveyKeys.Check.VALID) {
      log.warn("Survey call {} from {} for ticket {} refused: key {}", call.request.uniqueId(),
          Phones.mask(call.request.callerId()), TicketNumbers.isValid(number) ? number : "(none)", check.name().toLowerCase(java.util.Locale.ROOT));
    }
    return check == SurveyKeys.Check.VALID;
  }

  /** The ticket the call is about, if it is a real one waiting for its survey; the resident's language is used. */
  private Optional<Ticket> resolvedTicket(String number) {
    if (number == null || !TicketNumbers.isValid(number)) {
      log.warn("Survey call {} names no valid ticket ({})", call.request.uniqueId(), number);
      return Optional.empty();
    }
    try {
      Ticket ticket = services.await(services.tickets().get(number, IvrServices.IVR));
      return ticket.state() == TicketState.RESOLVED ? Optional.of(ticket) : Optional.empty();
    } catch (RuntimeException e) {
      log.warn("Survey call {} for ticket {} cannot go ahead: {}", call.request.uniqueId(), number, e.toString());
      return Optional.empty();
    }
  }
}
