package org.zhaowo.ivr;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Resident;

/**
 * One call from its header block to its call record, on the call's virtual thread: recognise the
 * caller, run the script, hand over to a person when asked, and always keep a record. The call then
 * returns to the dialplan ({@code ZHAOWO_NEXT} says where) by closing the connection, never by AGI HANGUP.
 */
final class CallRunner {
  private static final Logger log = LoggerFactory.getLogger(CallRunner.class);

  private final IvrServices services;

  CallRunner(IvrServices services) {
    this.services = services;
  }

  void handle(AgiConnection connection) {
    AgiRequest request;
    try {
      request = connection.request().await();
    } catch (CallerHungUp e) {
      return; // garbage or silence before the header block ended: the connection said why
    }
    AgiCallSession session = new AgiCallSession(connection);
    Call call = new Call(request, session, services.settings(), services.clock().instant());
    try {
      converse(call, session);
    } finally {
      log.info("Call {} from {} ({}) ended: {} at {}", request.uniqueId(), Phones.mask(request.callerId()),
          request.script(), call.outcome(), call.lastMenu());
      var record = CallRecords.call(call, services.clock().instant());
      // the end of the AGI: Asterisk goes on with the dialplan (AGISTATUS=SUCCESS) at once; the record
      // is written after, so a slow or absent database never keeps the caller from the queue
      connection.close();
      try {
        services.saveCall(record, call.recordAhead());
      } catch (RuntimeException e) {
        log.error("Lost the call record of {}: {}", request.uniqueId(), e.toString());
        if (call.recordAhead() != null) {
          services.spool().release(call.recordAhead()); // the record as it was when the number was read out
        }
      }
    }
  }

  private void converse(Call call, AgiCallSession session) {
    try {
      session.answer();
      Scripts.CallScript script = Scripts.find(call.request.script());
      if (script == null) {
        unknownScript(call);
        return;
      }
      recognise(call, services, call.request.callerId());
      try {
        script.run(call, services);
      } catch (ToAgent toAgent) {
        new AgentHandoff(call, services).run(toAgent.reason());
      }
      if (call.outcome() == null) {
        call.end(Outcome.COMPLETED);
      }
      if (!call.outcome().handedOver()) {
        call.session.play(Prompt.GOODBYE);
        call.session.returnToDialplan(CallSession.Next.HANGUP);
      }
    } catch (CallerHungUp hungUp) {
      if (call.outcome() == null) {
        call.end(Outcome.ABANDONED);
      }
    } catch (ToAgent stillToAgent) {
      reachPerson(session); // asked for a person again after a message: the queue decides
    } catch (Exception e) { // Future.await rethrows checked failures too (InterruptedException at shutdown)
      if (e instanceof InterruptedException) {
        log.warn("Call {} interrupted at {}: the service is stopping", call.request.uniqueId(), call.lastMenu());
      } else {
        log.error("Call {} failed at {}", call.request.uniqueId(), call.lastMenu(), e);
      }
      call.end(Outcome.FAILED);
      reachPerson(session);
    }
  }

  /** Looks the caller up by number (caller ID, or the resident a survey calls) and sets the channel language. */
  static void recognise(Call call, IvrServices services, String number) {
    Optional<String> phone = Phones.normalize(number);
    Resident resident = null;
    if (phone.isPresent() && !services.gate().open()) { // the database is slow: the caller does not wait for it
      try {
        resident = services.await(services.tickets().resident(phone.get())).orElse(null);
      } catch (RuntimeException outage) {
        if (Outage.timedOut(outage)) {
          services.gate().timedOut();
        }
        log.warn("Could not look up caller {}: {}", Phones.mask(phone.get()), outage.toString());
      }
    }
    call.recognise(phone.orElse(null), resident);
    boolean english = resident != null && resident.language().startsWith("en");
    call.session.setVariable("CHANNEL(language)", english ? "en" : "zh");
  }

  private void unknownScript(Call call) {
    log.warn("Asterisk asked for unknown AGI script '{}' (call {}); the caller goes to a person",
        call.request.script(), call.request.uniqueId());
    call.end(Outcome.UNKNOWN_SCRIPT);
    call.session.play(Prompt.SORRY_UNAVAILABLE);
    call.session.returnToDialplan(CallSession.Next.AGENT);
  }

  /** After a failure of ours, the caller still reaches a person if the channel is up. */
  private static void reachPerson(AgiCallSession session) {
    try {
      session.returnToDialplan(CallSession.Next.AGENT);
    } catch (RuntimeException ignored) {
      // the channel is gone too, or the flow had already returned to the dialplan
    }
  }
}
