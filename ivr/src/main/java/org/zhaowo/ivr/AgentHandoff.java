package org.zhaowo.ivr;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaching a person: the dialplan gets {@code ZHAOWO_NEXT=agent}, the caller and the ticket, and the
 * agent console a hand-off record. Out of hours, or when the queue says no agent is free
 * ({@code ZHAOWO_AGENTS=none}), the caller leaves a voice message that becomes a ticket instead;
 * elderly callers may first hear their progress. A message Asterisk could not record is apologised
 * for and the call ends as failed.
 */
final class AgentHandoff {
  private static final Logger log = LoggerFactory.getLogger(AgentHandoff.class);

  private final Call call;
  private final IvrServices services;

  AgentHandoff(Call call, IvrServices services) {
    this.call = call;
    this.services = services;
  }

  void run(ToAgent.Reason reason) {
    call.enter("agent");
    if (agentsAvailable()) {
      transfer(reason);
      return;
    }
    call.enter("agent.unavailable");
    if (call.elderly() && call.session.ask(Prompt.ELDERLY_NO_AGENT, 1, call.digitTimeout()).equals("2")) {
      try {
        new ProgressMenu(call, services).run();
        return;
      } catch (ToAgent again) {
        // nobody can take the call: a message is the way to a person
      }
    }
    voiceMessage();
  }

  private boolean agentsAvailable() {
    return services.settings().agentHours(services.clock().instant())
        && !call.session.variable("ZHAOWO_AGENTS").map("none"::equals).orElse(false);
  }

  private void transfer(ToAgent.Reason reason) {
    call.session.setVariable("ZHAOWO_CALLER", call.callerPhone() != null ? call.callerPhone() : call.request.callerId());
    if (call.ticketNumber() != null) {
      call.session.setVariable("ZHAOWO_TICKET", call.ticketNumber());
    }
    call.end(Outcome.TRANSFERRED);
    services.saveSoon(CallRecords.handoff(call, reason, services.clock().instant()));
    if (reason != ToAgent.Reason.ELDERLY) {
      call.session.play(Prompt.TRANSFERRING);
    }
    call.session.returnToDialplan(CallSession.Next.AGENT);
  }

  private void voiceMessage() {
    call.enter("voice-message");
    call.session.play(Prompt.LEAVE_MESSAGE);
    // a hang-up before the recording began ends the call here: there is no message to register
    CallSession.Recording message = call.session.record(ReportMenu.recordingPath(services.settings(), call, "message"),
        services.settings().recordMax(), services.settings().recordSilence()).orElse(null);
    if (message == null) {
      // nobody can take the call and nothing was recorded: say so and end it (back to the queue would loop here)
      log.error("Voice message of call {} could not be recorded; the caller was told", call.request.uniqueId());
      call.session.play(Prompt.RECORDING_FAILED);
      call.end(Outcome.FAILED);
      return;
    }
    call.recorded(message);
    if (call.callerPhone() == null) {
      log.warn("Voice message {} of call {} has no number to call back; registered for an agent to check",
          message.file(), call.request.uniqueId());
    }
    Registration registration = new Registration(call, services, "message");
    Optional<String> ticket;
    try {
      ticket = registration.register(services.settings().messageCategory(), message.file(), call.callerPhone(), true);
    } finally {
      registration.release(); // a message neither registered nor spooled (an unexpected failure) is the drainer's
    }
    call.end(Outcome.VOICE_MESSAGE); // registered (or spooled) as a message, not a menu report
    if (message.hungUp()) {
      throw new CallerHungUp("hang-up while leaving a message");
    }
    ticket.ifPresentOrElse(registration::readBack, () -> call.session.play(Prompt.SAVED_FOR_LATER));
  }
}
