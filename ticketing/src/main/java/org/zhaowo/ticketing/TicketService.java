package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The ticketing core: registering, dispatching and working tickets, their history, and the
 * figures. Every change is a transaction that appends an event; refusals fail the future with a
 * {@link TicketingException}.
 */
public interface TicketService {

  /** Starts the service over a migrated database: loads the working-day calendar. */
  static Future<TicketService> start(Pool pool, Config config, Clock clock) {
    PgTicketService service = new PgTicketService(pool, config, clock);
    return service.reloadCalendar().map(v -> service);
  }

  /**
   * Registers a ticket and dispatches it by its category's rule (or the unit given). A request whose
   * {@link NewTicket#intakeKey} a ticket already has writes nothing and returns that ticket as it is now
   * (no second event, so no second SMS): a sender may repeat a report it does not know to have committed.
   */
  Future<Ticket> create(NewTicket request, Actor actor);

  /**
   * Takes {@code count} ticket numbers (1 to {@value #MAX_RESERVE}) from the ticket sequence in advance, for a
   * sender to give out before it registers the reports ({@link NewTicket#withNumber}): each is valid, distinct,
   * and registers at most one ticket. A report with a number nobody reserved, or one used already, is refused
   * (CONFLICT), unless its intake key is registered already: then that ticket is returned, as for any replay.
   */
  Future<List<String>> reserveNumbers(int count);

  /** The most numbers one {@link #reserveNumbers} call takes. */
  int MAX_RESERVE = 1_000;

  /** A ticket the actor may see; NOT_FOUND or FORBIDDEN otherwise. */
  Future<Ticket> get(String number, Actor actor);

  /** A ticket's history, oldest first. */
  Future<List<TicketEvent>> events(Ticket ticket);

  Future<Page<Ticket>> list(TicketQuery query, Actor actor);

  /** Takes one transition; CONFLICT when the state does not allow it, FORBIDDEN for the wrong actor. */
  Future<Ticket> act(String number, Action action, ActionRequest request, Actor actor);

  /** Records a callback survey answer: closes the ticket, or reopens it when unsatisfied or unsolved. */
  Future<Ticket> recordSurvey(String number, SurveyAnswer answer, Actor actor);

  Future<Optional<Resident>> resident(String phone);

  /**
   * The resident, read through the caller's transaction (a ticket event listener's), which then
   * needs no second connection from the pool mid-transaction.
   */
  Future<Optional<Resident>> resident(SqlClient tx, String phone);

  /**
   * Sets the resident record's own SMS opt-out flag, in the caller's transaction so that it commits
   * with whatever asked for it (a STOP text's record); does nothing for a caller who is not a resident.
   */
  Future<Void> setSmsOptOut(SqlClient tx, String phone, boolean optedOut);

  /**
   * Opens the callback survey (回访) of a ticket just resolved, replacing any still open on it, in the
   * resolution's transaction. {@code asked}: the ask goes out with this transaction (the resolution
   * text), so it counts as the first attempt; otherwise the first attempt is due at {@code firstAttempt}.
   *
   * @param channel "sms" or "phone"; INVALID otherwise
   * @param firstAttempt when the survey is next asked (after {@code asked}: reminded)
   */
  Future<Void> openSurvey(SqlClient tx, Ticket ticket, String channel, boolean asked, Instant firstAttempt);

  /** Cancels the ticket's open survey, in the transaction of the event that makes it moot (a close or reopen). */
  Future<Void> cancelSurveys(SqlClient tx, Ticket ticket);

  /**
   * Claims up to {@code limit} surveys due at {@code asOf}, oldest due first, locked
   * ({@code FOR UPDATE SKIP LOCKED}) until {@code tx} ends, so that several schedulers never take the
   * same one. Phone surveys only {@code withPhone}: while calls cannot be placed they must not fill
   * the batch ahead of SMS reminders.
   */
  Future<List<DueSurvey>> dueSurveys(SqlConnection tx, Instant asOf, int limit, boolean withPhone);

  /** How many phone surveys are due at {@code asOf} (placed or waiting for a phone line). */
  Future<Integer> phoneSurveysDue(Instant asOf);

  /**
   * Records one more ask of a claimed survey (in the claim's transaction), made now by the service's
   * clock; the next is due at {@code nextAttempt}. The attempt's call outcome is unknown until
   * {@link #surveyCallOutcome}.
   */
  Future<Void> surveyAttempted(SqlClient tx, DueSurvey survey, Instant nextAttempt);

  /** Moves a claimed survey's next ask to {@code at} without asking (a call due outside the calling window). */
  Future<Void> surveyPostponed(SqlClient tx, DueSurvey survey, Instant at);

  /**
   * Records how attempt {@code attempt} of survey {@code surveyId}'s phone call ended and when the next
   * ask is due. Nothing changes when that survey has moved on since (a later attempt, or answered or
   * ended: then only an open survey's schedule is kept). True when the attempt was found.
   *
   * @param outcome "answered", "busy", "no_answer", "congestion" or "failed"; INVALID otherwise
   */
  Future<Boolean> surveyCallOutcome(long surveyId, int attempt, String outcome, Instant nextAttempt);

  /** The keys that sign and check survey calls, one per service: the SMS gateway and the IVR share it. */
  SurveyKeys surveyKeys();

  /** Ends a claimed survey unanswered after its last attempt: 'unreachable'. */
  Future<Void> surveyUnreachable(SqlClient tx, DueSurvey survey);

  /** Ends a claimed survey that no longer applies (its ticket is no longer resolved): 'cancelled'. */
  Future<Void> cancelSurvey(SqlClient tx, DueSurvey survey);

  /** The number of the ticket whose survey a reply from {@code phone} answers: the caller's newest open one. */
  Future<Optional<String>> openSurveyOf(String phone);

  /** The caller's tickets still being worked, newest first. */
  Future<List<Ticket>> openTickets(String phone);

  Future<List<Category>> categories();

  /** Every unit a ticket can be dispatched to (not grids), ordered by code: the names the IVR must be able to say. */
  Future<List<HandlingUnit>> handlingUnits();

  /** The organisation, filtered by level and parent (null: any), ordered by code. */
  Future<List<Unit>> units(String level, String parentCode);

  /** One unit (of any level, grids included). */
  Future<Optional<Unit>> unit(String code);

  /** The grid whose head's phone on record is {@code phone} (national form, as {@link Phones#normalize} gives it). */
  Future<Optional<Unit>> gridOfHead(String phone);

  /**
   * A grid head's answer by text on a ticket of a resident of their grid: {@link Action#ACCEPT} (a ticket of their
   * community; CONFLICT for another unit's), {@link Action#NOTE} or {@link Action#RESOLVE} (an immediate item only),
   * as {@link Actor#gridHead}, the note being the grid head's own words. FORBIDDEN when the ticket's resident is not
   * in that grid, INVALID for another action.
   */
  Future<Ticket> gridHeadAct(Unit grid, String number, Action action, String note);

  /**
   * Tickets a new report is likely to repeat, newest first (at most 10): the caller's still open ones and
   * those registered since {@code since}, and other callers' of the same category at the same address
   * (spaces and case ignored) since then; with no category, any at that address. Null phone or address leave
   * that test out. Unit staff get only their own unit's (as {@link #list}).
   */
  Future<List<Ticket>> likelyDuplicates(String phone, String address, String category, Instant since, Actor actor);

  // ---- One ticket per problem: possible duplicates and merges ----

  /**
   * A report that came in without a person to ask (SMS, Open311) and looks like an earlier ticket.
   *
   * @param reason "same_caller" (the caller's open or recent ticket) or "same_address" (same category and address)
   */
  record PossibleDuplicate(Ticket ticket, Ticket of, String reason, Instant foundAt) {}

  /** Undecided possible duplicates, newest first (at most 200), both tickets open; HOTLINE staff only. */
  Future<List<PossibleDuplicate>> possibleDuplicates(Actor actor);

  /** The undecided possible duplicates a ticket is part of, either side. */
  Future<List<PossibleDuplicate>> possibleDuplicatesOf(Ticket ticket, Actor actor);

  /** Marks a possible duplicate as a different problem ({@code number} is the later report, {@code of} the earlier). */
  Future<Void> notDuplicate(String number, String of, Actor actor);

  /**
   * Merges the open ticket {@code number} into the open ticket {@code into}, which carries on: the merged one is
   * 'merged' (event "merge"), the other records it (event "merged_in"), both in one transaction; tickets merged into
   * the first now point at the second, and its history reads theirs. Agents, supervisors and administrators only;
   * CONFLICT unless both are open and different.
   *
   * @return the ticket that carries on
   */
  Future<Ticket> merge(String number, String into, String note, Actor actor);

  /** The tickets merged into {@code ticket} (whose residents hear of it too), read in the caller's transaction. */
  Future<List<Ticket>> mergedInto(SqlClient tx, Ticket ticket);

  Future<Kpis> kpis(LocalDate from, LocalDate to, String unitCode);

  /** Re-reads public holidays and make-up working days. */
  Future<Void> reloadCalendar();

  WorkCalendar calendar();

  /** Adds a listener told of every event inside its transaction. */
  void addListener(TicketEventListener listener);

  // ---- Worklists, the supervisors' board, the published results, the calendar ----

  /**
   * A reminder (催办), supervision order (督办), due-soon mark or unsatisfied-callback notice on a ticket.
   *
   * @param kind "due_soon", "reminder", "supervision" or "unsatisfied"
   * @param addressedTo the unit asked to act (a supervision order goes one level above the handling unit)
   * @param deadline the ticket's deadline the order was issued against
   */
  record SupervisionOrder(String kind, String number, TicketState state, String addressedTo, String handlingUnit,
      Instant deadline, Instant at) {}

  /** A listed day of the working calendar. @param kind "holiday" or "workday" */
  record CalendarDay(LocalDate day, String kind, String name) {}

  /**
   * Supervision orders, newest first (at most 500): of {@code kind} (null: all), addressed to or handled by
   * {@code unitCode} (null: any; unit staff always see their own unit's only), on open tickets only when
   * {@code openOnly}.
   */
  Future<List<SupervisionOrder>> supervisionOrders(String kind, String unitCode, boolean openOnly, Actor actor);

  /**
   * A supervisor's supervision order (督办) on an open, dispatched ticket, for its current deadline and
   * addressed as the deadline watch addresses its own; the note is the order's event in the history (and
   * is recorded even when the watch already issued the order). FORBIDDEN unless supervisor or administrator.
   */
  Future<Ticket> superviseOrder(String number, String note, Actor actor);

  /** Open tickets sent back at least once (重办, mostly after an unsatisfied callback), nearest deadline first. */
  Future<List<Ticket>> reopenedTickets(Actor actor);

  /** Open tickets whose unit asked for an extension (延期) not yet granted, nearest deadline first. */
  Future<List<Ticket>> extensionRequests(Actor actor);

  /** The KPIs of the days {@code from} to {@code to} (both included) per unit and week: figures only, no ticket. */
  Future<KpiBreakdown> kpiBreakdown(LocalDate from, LocalDate to);

  /** The listed days of the working calendar (holidays, make-up working days), by day. */
  Future<List<CalendarDay>> calendarDays();

  /** Lists a day as a "holiday" or a make-up "workday" (INVALID otherwise) and reloads the calendar. */
  Future<Void> setCalendarDay(LocalDate day, String kind, String name);

  // ---- The "112" hand-over limits (seed 001) ----

  /** One pass of the hand-over watch: waits reminded, tickets handed on. */
  record HandoverSweep(int reminders, int handedOn) {}

  /**
   * Reminds each wait past its level's limit at {@code now} (event {@code handover_remind}, an order of kind
   * "handover" to the unit it waits at) and hands on each wait still open {@code grace} after its limit: from
   * intake dispatched by the category's rule, from a unit escalated one level up. Safe to run on many instances.
   */
  Future<HandoverSweep> handoverWatch(Instant now, java.time.Duration grace);

  /** Per level, in climbing order: waits ended between {@code from} and {@code to} (days included), on time, and late now. */
  Future<List<HandoverRate>> handoverKpis(LocalDate from, LocalDate to);

  /** Every level in climbing order with its limit in working days (null: none). */
  java.util.Map<String, Integer> handoverLimits();

  /** Sets (or with null clears) a level's limit; supervisors and administrators only. Applies to waits that start after. */
  Future<Void> setHandoverLimit(String level, Integer workingDays, Actor actor);

  // ---- The public reports (Open311 GeoReport v2): read without a login ----

  /**
   * Which reports a public list shows; null fields do not filter.
   *
   * @param numbers these tickets only
   * @param open true: received, dispatched or in progress; false: resolved or closed
   * @param from registered at or after; {@code to}: registered at or before
   * @param limit the most reports returned
   */
  record PublicQuery(List<String> numbers, String category, Instant from, Instant to, Boolean open, int limit) {}

  /**
   * A ticket with its latest resolution (the handling unit's note; null while never resolved), and whether the
   * ticket it was merged into (if any) is confidential: then not even its number may be named.
   */
  record PublicReport(Ticket ticket, String resolution, boolean mergedIntoConfidential) {}

  /**
   * Reports as the public may list them, newest first. The tickets come whole: leaving out the
   * resident's phone and a confidential ticket's description is the caller's duty.
   */
  Future<List<PublicReport>> publicReports(PublicQuery query);
}
