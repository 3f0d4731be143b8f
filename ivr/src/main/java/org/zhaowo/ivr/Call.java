package org.zhaowo.ivr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.zhaowo.ticketing.Resident;

/** One call as the flows see it: who calls, the session, the menus passed, and how it ended. */
final class Call {
  final AgiRequest request;
  final CallSession session;
  final Keypad keypad;
  final Instant startedAt;
  private final IvrSettings settings;
  private final List<String> path = new ArrayList<>();
  private String callerPhone;
  private Resident resident;
  private boolean elderly;
  private Outcome outcome;
  private String ticketNumber;
  private String recording;
  private String category;
  private java.nio.file.Path recordAhead;
  private io.vertx.core.Future<List<org.zhaowo.ticketing.Ticket>> openTickets;

  Call(AgiRequest request, CallSession session, IvrSettings settings, Instant startedAt) {
    this.request = request;
    this.session = session;
    this.settings = settings;
    this.startedAt = startedAt;
    this.keypad = new Keypad(this);
  }

  /** Notes that the caller reached a menu; the call record keeps the path. */
  void enter(String menu) {
    path.add(menu);
  }

  void recognise(String phone, Resident resident) {
    this.callerPhone = phone;
    this.resident = resident;
    this.elderly = resident != null && (resident.elderly() || settings.landlineAsElderly() && resident.landline());
    if (elderly) {
      session.useSlowVoice();
    }
  }

  /**
   * The caller's open tickets, looked up once per call on first need (the greeting of a known resident, the
   * same-problem question, the progress menu), bounded by the database timeout from then; none for a withheld
   * number. A failed look-up stays failed for the rest of the call: each menu then does without it.
   */
  io.vertx.core.Future<List<org.zhaowo.ticketing.Ticket>> openTickets(IvrServices services) {
    if (openTickets == null) {
      openTickets = callerPhone == null ? io.vertx.core.Future.succeededFuture(List.of())
          : services.bounded(services.tickets().openTickets(callerPhone));
    }
    return openTickets;
  }

  void end(Outcome outcome) {
    this.outcome = outcome;
  }

  void ticket(String number) {
    this.ticketNumber = number;
  }

  /** Notes a recording the caller made, so the call record keeps it whatever happens next. */
  void recorded(CallSession.Recording recording) {
    this.recording = recording.file();
  }

  String recording() {
    return recording;
  }

  /** Notes the service category the caller chose in the menus, so the agent sees it if they are handed over. */
  void chose(String categoryCode) {
    this.category = categoryCode;
  }

  /** The code of the category the caller chose, null when they did not get that far. */
  String category() {
    return category;
  }

  /** The call record spooled before the caller heard a ticket number, until the final one is saved. */
  void recordAhead(java.nio.file.Path entry) {
    this.recordAhead = entry;
  }

  java.nio.file.Path recordAhead() {
    return recordAhead;
  }

  Duration digitTimeout() {
    return elderly ? settings.elderlyDigitTimeout() : settings.digitTimeout();
  }

  /** The caller's number when it is a valid mainland number, else null. */
  String callerPhone() {
    return callerPhone;
  }

  Resident resident() {
    return resident;
  }

  boolean elderly() {
    return elderly;
  }

  Outcome outcome() {
    return outcome;
  }

  String ticketNumber() {
    return ticketNumber;
  }

  List<String> path() {
    return List.copyOf(path);
  }

  String lastMenu() {
    return path.isEmpty() ? null : path.getLast();
  }
}
