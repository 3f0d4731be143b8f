package org.zhaowo.ivr;

import org.zhaowo.ticketing.Category;

/**
 * Reporting a problem: category, a recording of the problem and address, the callback number, the
 * "same problem?" question when the caller has an open ticket of that category ({@link SameProblem}),
 * then the ticket number read back. A finished recording always becomes a ticket or a note on the
 * caller's open one: if the caller hangs up or asks for a person before the callback number is known, it
 * is registered as incomplete intake; after it, as a complete report. No recording (a hang-up before it
 * began, or Asterisk could not write it) registers nothing; a failed one is said and the caller goes to a person.
 * The finished recording is written to the spool at once ({@link Registration#writeAhead}), so that even
 * the service dying during the questions after it leaves a ticket.
 */
final class ReportMenu {
  private static final java.util.regex.Pattern NOT_IN_FILE_NAME = java.util.regex.Pattern.compile("[^0-9A-Za-z.]");
  private final Call call;
  private final IvrServices services;
  private final Registration registration;

  ReportMenu(Call call, IvrServices services) {
    this.call = call;
    this.services = services;
    this.registration = new Registration(call, services, "report");
  }

  void run() {
    try {
      report();
    } finally {
      registration.release(); // a report left neither registered nor spooled (the call failed) is the drainer's
    }
  }

  private void report() {
    call.enter("report.category");
    Category category = new CategoryMenu(call, services.await(services.tickets().categories())).choose();
    call.chose(category.code());
    CallSession.Recording recording = record(category);

    call.enter("report.callback");
    SameProblem sameProblem = new SameProblem(call, services, category.code()); // looked up meanwhile
    String phone;
    try {
      phone = new CallbackNumberMenu(call).choose();
    } catch (CallerHungUp | ToAgent leaving) {
      registerLeaving(category, recording, call.callerPhone(), true);
      throw leaving;
    }
    // complete now, with the number to call back: a crash at the question that follows keeps both
    registration.writeAhead(category.code(), recording.file(), phone, false);
    if (addedToOpenTicket(sameProblem, category, recording, phone)) {
      return;
    }

    call.enter("report.ticket");
    registration.register(category.code(), recording.file(), phone, false)
        .ifPresentOrElse(registration::readBack, registration::savedForLater);
  }

  /** The caller's recording; a hang-up during it registers what was said as incomplete intake. */
  private CallSession.Recording record(Category category) {
    call.enter("report.record");
    call.session.play(Prompt.RECORD_PROBLEM);
    // a hang-up before the recording began ends the call here: there is nothing to register
    CallSession.Recording recording = call.session.record(recordingPath(services.settings(), call, "report"),
        services.settings().recordMax(), services.settings().recordSilence()).orElse(null);
    if (recording == null) {
      call.session.play(Prompt.RECORDING_FAILED);
      throw new ToAgent(ToAgent.Reason.ERROR); // a person takes the report
    }
    call.recorded(recording);
    registration.writeAhead(category.code(), recording.file(), call.callerPhone(), true); // what a crash leaves
    if (recording.hungUp()) {
      registerLeaving(category, recording, call.callerPhone(), true);
      throw new CallerHungUp("hang-up while recording");
    }
    return recording;
  }

  /**
   * Asks whether this is the problem of the caller's open ticket and adds the call to it when they say so;
   * false when a new ticket is to be registered. Leaving at the question registers the report, complete.
   */
  private boolean addedToOpenTicket(SameProblem sameProblem, Category category, CallSession.Recording recording,
      String phone) {
    String number;
    try {
      number = sameProblem.ask().orElse(null);
    } catch (CallerHungUp | ToAgent leaving) {
      registerLeaving(category, recording, phone, false); // only the answer is missing: a new ticket loses nothing
      throw leaving;
    }
    if (number == null || !sameProblem.addTo(number, recording.file())) {
      return false;
    }
    registration.settled(); // the recording is on the open ticket
    sameProblem.readBack(number);
    return true;
  }

  /** Keeps what the caller said when they leave early (even from a withheld number). */
  private void registerLeaving(Category category, CallSession.Recording recording, String phone, boolean incomplete) {
    try {
      registration.register(category.code(), recording.file(), phone, incomplete);
    } catch (ToAgent refused) {
      // the caller is leaving anyway; the refusal is logged and the call record keeps the path
    }
  }

  /** Where Asterisk writes a recording of this call (a path on the Asterisk machine). */
  static String recordingPath(IvrSettings settings, Call call, String what) {
    String id = NOT_IN_FILE_NAME.matcher(call.request.uniqueId()).replaceAll("");
    return settings.recordingsDir() + "/" + (id.isEmpty() ? "call" : id) + "-" + what;
  }
}
