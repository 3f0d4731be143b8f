package org.zhaowo.ivr;

import org.zhaowo.ticketing.Category;

/**
 * Reporting a new problem: category, a recording of the problem and address, the callback number,
 * then the ticket number read back. A finished recording always becomes a ticket: if the caller
 * hangs up or asks for a person before the end, it is registered as incomplete intake. No recording
 * (a hang-up before it began, or Asterisk could not write it) registers nothing; a failed one is said
 * and the caller goes to a person.
 */
final class ReportMenu {
  private final Call call;
  private final IvrServices services;
  private final Registration registration;

  ReportMenu(Call call, IvrServices services) {
    this.call = call;
    this.services = services;
    this.registration = new Registration(call, services);
  }

  void run() {
    call.enter("report.category");
    Category category = new CategoryMenu(call, services.await(services.tickets().categories())).choose();
    call.chose(category.code());

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
    if (recording.hungUp()) {
      registerIncomplete(category, recording, call.callerPhone());
      throw new CallerHungUp("hang-up while recording");
    }

    call.enter("report.callback");
    String phone;
    try {
      phone = new CallbackNumberMenu(call).choose();
    } catch (CallerHungUp | ToAgent leaving) {
      registerIncomplete(category, recording, call.callerPhone());
      throw leaving;
    }

    call.enter("report.ticket");
    registration.register(category.code(), recording.file(), phone, false)
        .ifPresentOrElse(registration::readBack, registration::savedForLater);
  }

  /** Keeps what the caller said when they leave early, as an incomplete ticket (even from a withheld number). */
  private void registerIncomplete(Category category, CallSession.Recording recording, String phone) {
    try {
      registration.register(category.code(), recording.file(), phone, true);
    } catch (ToAgent refused) {
      // the caller is leaving anyway; the refusal is logged and the call record keeps the path
    }
  }

  /** Where Asterisk writes a recording of this call (a path on the Asterisk machine). */
  static String recordingPath(IvrSettings settings, Call call, String what) {
    String id = call.request.uniqueId().replaceAll("[^0-9A-Za-z.]", "");
    return settings.recordingsDir() + "/" + (id.isEmpty() ? "call" : id) + "-" + what;
  }
}
