package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link TicketService} on PostgreSQL: one transaction per change, the ticket row locked. */
final class PgTicketService implements TicketService {
  private static final Logger log = LoggerFactory.getLogger(PgTicketService.class);
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final Pool pool;
  private final Clock clock;
  private final ReferenceData reference;
  private final Transitions transitions;
  private final List<TicketEventListener> listeners = new CopyOnWriteArrayList<>();
  private final SurveyKeys surveyKeys;

  PgTicketService(Pool pool, Config config, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    this.reference = new ReferenceData(pool, config.zone());
    this.transitions = new Transitions(this);
    this.surveyKeys = SurveyKeys.fromConfig(config);
    this.registrations = new GroupCommit<>(pool, config.getInt("ZHAOWO_REGISTER_GROUPS", 4),
        config.getInt("ZHAOWO_REGISTER_GROUP_SIZE", 32), this::register);
    listeners.add((tx, ticket, event) ->
        Handovers.onEvent(tx, ticket, event, reference.handoverLimits(), reference.calendar()));
  }

  @Override
  public Future<Ticket> create(NewTicket request, Actor actor) {
    Intake intake;
    try {
      intake = Intake.validate(request, reference.categories());
    } catch (TicketingException e) {
      return Future.failedFuture(e);
    }
    return registrations.submit(new Registration(intake, actor))
        .onSuccess(t -> log.info("Ticket {} registered via {} for {}", t.number(), t.channel().wire(),
            Phones.mask(t.callerPhone())));
  }

  private record Registration(Intake intake, Actor actor) {}

  /** Registrations arriving together share a transaction and its commit ({@link GroupCommit}). */
  private final GroupCommit<Registration, Ticket> registrations;

  /** One registration's work in {@code tx}: the ticket, its create event and what follows registration. */
  private Future<Ticket> register(SqlConnection tx, Registration r) {
    // the caller's community is read by the insert itself (a resident on record): no look-up of its own
    return insert(tx, r.intake(), r.actor())
        .compose(inserted -> inserted.isEmpty() ? registeredBefore(tx, r.intake().request().intakeKey())
            : findDuplicates(tx, inserted.get()).map(inserted.get())
                .compose(ticket -> registered(tx, ticket, r.intake(), r.actor())));
  }

  @Override
  public Future<List<String>> reserveNumbers(int count) {
    if (count < 1 || count > MAX_RESERVE) {
      return Future.failedFuture(TicketingException.invalid("count must be 1 to " + MAX_RESERVE));
    }
    return pool.withTransaction(tx -> tx.preparedQuery(TicketSql.NEXT_SERIALS).execute(Tuple.of(count))
        .map(rows -> java.util.stream.StreamSupport.stream(rows.spliterator(), false)
            .map(row -> TicketNumbers.fromSerial(row.getLong(0))).toList())
        .compose(numbers -> tx.preparedQuery(TicketSql.RESERVE_NUMBERS)
            .execute(Tuple.of(numbers.toArray(String[]::new), TicketSql.timestamp(clock.instant()))).map(numbers)));
  }

  /**
   * The new ticket with its create event; empty when its intake key is taken (nothing written then). Its community
   * is its caller's as the residents' register has it, read by the insert.
   */
  private Future<Optional<Ticket>> insert(SqlConnection tx, Intake intake, Actor actor) {
    Instant now = clock.instant();
    Instant deadline = reference.calendar().deadline(now, intake.category().timeLimitDays());
    NewTicket r = intake.request();
    return number(tx, r, now)
        .compose(number -> number == null ? Future.succeededFuture(null)
            : tx.preparedQuery(TicketSql.INSERT).execute(Tuple.from(new Object[] {
                number, intake.phone(), r.channel().wire(), intake.category().code(), intake.itemKind().wire(),
                r.description(), r.recording(), r.address(), null, TicketSql.timestamp(deadline), r.confidential(),
                r.incompleteIntake(), TicketSql.timestamp(now), r.lat(), r.lon(), r.intakeKey()})))
        .map(rows -> rows == null || rows.rowCount() == 0 ? null : TicketSql.ticket(rows.iterator().next()))
        .compose(ticket -> ticket == null ? Future.succeededFuture(Optional.<Ticket>empty())
            : appendEvent(tx, ticket, null, Change.of(ticket, "create", null), actor).map(Optional::of));
  }

  /**
   * The number to register under: the next serial, or the reserved one the report brings, spent now; null when
   * the report's intake key is registered already (a replay: its ticket is returned, its number not spent again).
   */
  private Future<String> number(SqlConnection tx, NewTicket r, Instant now) {
    if (r.number() == null) {
      return tx.query(TicketSql.NEXT_SERIAL).execute()
          .map(rows -> TicketNumbers.fromSerial(rows.iterator().next().getLong(0)));
    }
    // one statement in the usual case: the number is spent unless the report's intake key is registered already
    Future<io.vertx.sqlclient.RowSet<Row>> spending = r.intakeKey() == null
        ? tx.preparedQuery(TicketSql.USE_RESERVED_NUMBER).execute(Tuple.of(r.number(), TicketSql.timestamp(now)))
        : tx.preparedQuery(TicketSql.USE_RESERVED_NUMBER_ONCE)
            .execute(Tuple.of(r.number(), TicketSql.timestamp(now), r.intakeKey()));
    return spending.compose(spent -> spent.rowCount() == 1 ? Future.succeededFuture(r.number())
        // registered before, or a replay racing its first try that waited here for that one's commit
        : intakeKeyTaken(tx, r.intakeKey()).compose(replay -> replay ? Future.succeededFuture(null)
            : Future.failedFuture(TicketingException.conflict("ticket number " + r.number()
                + " was not reserved, or is used already"))));
  }

  private Future<Boolean> intakeKeyTaken(SqlConnection tx, String intakeKey) {
    return intakeKey == null ? Future.succeededFuture(false)
        : tx.preparedQuery(TicketSql.BY_INTAKE_KEY).execute(Tuple.of(intakeKey)).map(rows -> rows.size() > 0);
  }

  /**
   * The ticket a report sent again became the first time (a replay after a crash): returned as it is now, with
   * no second event and so no second SMS. ON CONFLICT waited for the first one's commit, so it is there to read.
   */
  private Future<Ticket> registeredBefore(SqlConnection tx, String intakeKey) {
    return tx.preparedQuery(TicketSql.BY_INTAKE_KEY).execute(Tuple.of(intakeKey))
        .map(rows -> TicketSql.ticket(rows.iterator().next()))
        .onSuccess(t -> log.info("Report {} was registered before, as ticket {}: not registered again", intakeKey,
            t.number()));
  }

  /** How far back a report at the same address counts as a possible repeat. */
  static final java.time.Duration DUPLICATE_WINDOW = java.time.Duration.ofDays(30);

  /**
   * Links a report that came in with nobody to ask (SMS, Open311) to the open tickets it may repeat, for an agent
   * to merge; a phone caller is asked, an agent checks on the call.
   */
  private Future<Void> findDuplicates(SqlConnection tx, Ticket ticket) {
    if (ticket.channel() != Channel.SMS && ticket.channel() != Channel.WEB) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    return tx.preparedQuery(TicketSql.FIND_DUPLICATES).execute(Tuple.from(new Object[] {ticket.id(), ticket.callerPhone(),
            ticket.address() == null || ticket.address().isBlank() ? null : ticket.address(), ticket.category(),
            TicketSql.timestamp(now.minus(DUPLICATE_WINDOW)), TicketSql.timestamp(now)}))
        .onSuccess(rows -> {
          if (rows.rowCount() > 0) {
            log.info("Ticket {} may repeat {} open ticket(s): linked for an agent", ticket.number(), rows.rowCount());
          }
        })
        .mapEmpty();
  }

  /** Right after registration: resolved on the call, dispatched by the category's rule, or left for a dispatcher. */
  private Future<Ticket> registered(SqlConnection tx, Ticket ticket, Intake intake, Actor actor) {
    NewTicket r = intake.request();
    if (r.resolution() != null) {
      return write(tx, ticket, Change.of(ticket, Action.RESOLVE, ActionRequest.note(r.resolution())), actor);
    }
    String unit = r.unitCode() != null ? r.unitCode() : defaultUnit(intake.category(), ticket.communityCode());
    if (unit == null) {
      return Future.succeededFuture(ticket);
    }
    Change change = Change.of(ticket, Action.DISPATCH, ActionRequest.note("按类别自动派单 (dispatched by category)"));
    change.unitCode = unit;
    return write(tx, ticket, change, Actor.system("dispatcher"));
  }

  /** The unit a category's rule names for a resident of {@code community}; null when a person decides. */
  String defaultUnit(Category category, String community) {
    return switch (category.defaultUnit()) {
      case "none" -> null;
      case "community" -> community;
      default -> category.defaultUnit();
    };
  }

  @Override
  public Future<Ticket> get(String number, Actor actor) {
    return pool.preparedQuery(TicketSql.BY_NUMBER).execute(Tuple.of(number))
        .map(rows -> visible(TicketSql.single(rows, number), actor));
  }

  @Override
  public Future<List<TicketEvent>> events(Ticket ticket) {
    return pool.preparedQuery(TicketSql.EVENTS).execute(Tuple.of(ticket.id())).map(rows -> TicketSql.map(rows, TicketSql::event));
  }

  @Override
  public Future<Page<Ticket>> list(TicketQuery q, Actor actor) {
    String unit = actor.role() == Role.UNIT ? actor.unitCode() : q.unitCode();
    Object[] filter = {q.state() == null ? null : q.state().wire(), unit, q.callerPhone(), q.overdue(),
        TicketSql.timestamp(q.from()), TicketSql.timestamp(q.to()), TicketSql.timestamp(clock.instant())};
    Object[] paged = Arrays.copyOf(filter, 9);
    paged[7] = q.size();
    paged[8] = (q.page() - 1) * q.size();
    return pool.preparedQuery(TicketSql.COUNT).execute(Tuple.from(filter))
        .compose(count -> pool.preparedQuery(TicketSql.LIST).execute(Tuple.from(paged)).map(rows ->
            new Page<>(TicketSql.map(rows, TicketSql::ticket), count.iterator().next().getLong(0), q.page(), q.size())));
  }

  @Override
  public Future<Ticket> act(String number, Action action, ActionRequest request, Actor actor) {
    if (request.note() != null && request.note().length() > ActionRequest.MAX_NOTE) {
      return Future.failedFuture(TicketingException.invalid("note is longer than " + ActionRequest.MAX_NOTE + " characters"));
    }
    return pool.withTransaction(tx -> lock(tx, number)
        .compose(ticket -> transitions.apply(tx, visible(ticket, actor), action, request, actor))
        .compose(checked -> write(tx, checked.ticket(), checked.change(), actor)));
  }

  @Override
  public Future<Ticket> recordSurvey(String number, SurveyAnswer answer, Actor actor) {
    Action action = answer.closesTicket() ? Action.CLOSE : Action.REOPEN;
    String note = "回访 (callback) " + answer.channel() + ": " + answer.satisfaction()
        + (Boolean.FALSE.equals(answer.solved()) ? ", not solved" : "")
        + (answer.comment() == null ? "" : " — " + answer.comment());
    return pool.withTransaction(tx -> lock(tx, number)
        .compose(ticket -> Surveys.record(tx, ticket, answer, clock.instant()).map(ticket))
        .compose(ticket -> transitions.apply(tx, ticket, action, ActionRequest.note(note), actor))
        .compose(checked -> write(tx, checked.ticket(), checked.change(), actor))
        .compose(after -> action == Action.REOPEN
            ? Surveys.notifySupervisor(tx, after, clock.instant()).map(after) : Future.succeededFuture(after)));
  }

  @Override
  public Future<Void> openSurvey(SqlClient tx, Ticket ticket, String channel, boolean asked, Instant firstAttempt) {
    return Surveys.open(tx, ticket.id(), channel, asked, firstAttempt, clock.instant());
  }

  @Override
  public Future<Void> cancelSurveys(SqlClient tx, Ticket ticket) {
    return Surveys.cancelOpen(tx, ticket.id());
  }

  @Override
  public Future<List<DueSurvey>> dueSurveys(SqlConnection tx, Instant asOf, int limit, boolean withPhone) {
    return Surveys.due(tx, asOf, limit, withPhone);
  }

  @Override
  public Future<Integer> phoneSurveysDue(Instant asOf) {
    return Surveys.phoneDue(pool, asOf);
  }

  @Override
  public Future<Void> surveyAttempted(SqlClient tx, DueSurvey survey, Instant nextAttempt) {
    return Surveys.attempted(tx, survey.id(), nextAttempt, clock.instant());
  }

  @Override
  public Future<Void> surveyPostponed(SqlClient tx, DueSurvey survey, Instant at) {
    return Surveys.postponed(tx, survey.id(), at);
  }

  @Override
  public Future<Boolean> surveyCallOutcome(long surveyId, int attempt, String outcome, Instant nextAttempt) {
    return Surveys.callOutcome(pool, surveyId, attempt, outcome, nextAttempt);
  }

  @Override
  public SurveyKeys surveyKeys() {
    return surveyKeys;
  }

  @Override
  public Future<Void> surveyUnreachable(SqlClient tx, DueSurvey survey) {
    return Surveys.end(tx, survey.id(), "unreachable");
  }

  @Override
  public Future<Void> cancelSurvey(SqlClient tx, DueSurvey survey) {
    return Surveys.end(tx, survey.id(), "cancelled");
  }

  @Override
  public Future<Optional<String>> openSurveyOf(String phone) {
    return Surveys.openForCaller(pool, phone);
  }

  private Future<Ticket> lock(SqlConnection tx, String number) {
    if (!TicketNumbers.isValid(number)) {
      return Future.failedFuture(TicketingException.invalid("'" + number + "' is not a ticket number (check digit)"));
    }
    return tx.preparedQuery(TicketSql.LOCK_BY_NUMBER).execute(Tuple.of(number)).map(rows -> TicketSql.single(rows, number));
  }

  /** Writes a change: the ticket row, its event, the listeners' rows; returns the ticket as it now is. */
  private Future<Ticket> write(SqlConnection tx, Ticket before, Change change, Actor actor) {
    return tx.preparedQuery(TicketSql.UPDATE).execute(Tuple.from(new Object[] {
            before.id(), change.state.wire(), change.unitCode, TicketSql.timestamp(change.deadline),
            TicketSql.timestamp(change.requestedDeadline), change.itemKind.wire(), change.reopenCount,
            TicketSql.timestamp(clock.instant()), change.eventAction}))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())
            ? TicketingException.invalid("unknown unit '" + change.unitCode + "'") : e))
        .map(rows -> TicketSql.ticket(rows.iterator().next()))
        .compose(after -> appendEvent(tx, after, before.state(), change, actor));
  }

  private Future<Ticket> appendEvent(SqlConnection tx, Ticket after, TicketState from, Change change, Actor actor) {
    Instant now = clock.instant();
    return tx.preparedQuery(TicketSql.INSERT_EVENT).execute(Tuple.from(new Object[] {
            after.id(), TicketSql.timestamp(now), actor.name(), actor.role().wire(), change.eventAction,
            from == null ? null : from.wire(), after.state().wire(), change.note, after.unitCode(),
            TicketSql.timestamp(after.deadline())}))
        .compose(rows -> notifyListeners(tx, after, new TicketEvent(rows.iterator().next().getLong("id"), now,
            actor.name(), actor.role(), change.eventAction, from, after.state(), change.note, after.unitCode(),
            after.deadline(), after.number())))
        .map(after);
  }

  private Future<Void> notifyListeners(SqlConnection tx, Ticket ticket, TicketEvent event) {
    Future<Void> chain = Future.succeededFuture();
    for (TicketEventListener listener : listeners) {
      chain = chain.compose(v -> listener.onEvent(tx, ticket, event));
    }
    return chain;
  }

  @Override
  public Future<Optional<Resident>> resident(String phone) {
    return residentIn(pool, phone);
  }

  @Override
  public Future<Optional<Resident>> resident(SqlClient tx, String phone) {
    return residentIn(tx, phone);
  }

  @Override
  public Future<Void> setSmsOptOut(SqlClient tx, String phone, boolean optedOut) {
    return Residents.setSmsOptOut(tx, phone, optedOut);
  }

  private Future<Optional<Resident>> residentIn(SqlClient client, String phone) {
    return client.preparedQuery(TicketSql.RESIDENT).execute(Tuple.of(phone))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(TicketSql.resident(rows.iterator().next())));
  }

  @Override
  public Future<List<Ticket>> openTickets(String phone) {
    return pool.preparedQuery(TicketSql.OPEN_BY_CALLER).execute(Tuple.of(phone)).map(rows -> TicketSql.map(rows, TicketSql::ticket));
  }

  @Override
  public Future<List<Category>> categories() {
    return Future.succeededFuture(reference.categoryList());
  }

  @Override
  public Future<List<HandlingUnit>> handlingUnits() {
    return pool.query(TicketSql.HANDLING_UNITS).execute().map(rows -> TicketSql.map(rows, row ->
        new HandlingUnit(row.getString("code"), row.getString("name"), row.getString("level"))));
  }

  @Override
  public Future<List<Unit>> units(String level, String parentCode) {
    return pool.preparedQuery(TicketSql.UNITS).execute(Tuple.of(level, parentCode))
        .map(rows -> TicketSql.map(rows, TicketSql::unit));
  }

  @Override
  public Future<Optional<Unit>> unit(String code) {
    return pool.preparedQuery(TicketSql.UNIT).execute(Tuple.of(code))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(TicketSql.unit(rows.iterator().next())));
  }

  @Override
  public Future<Optional<Unit>> gridOfHead(String phone) {
    return pool.preparedQuery(TicketSql.GRID_OF_HEAD).execute(Tuple.of(phone))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(TicketSql.unit(rows.iterator().next())));
  }

  @Override
  public Future<Ticket> gridHeadAct(Unit grid, String number, Action action, String note) {
    if (!"grid".equals(grid.level())) {
      return Future.failedFuture(TicketingException.invalid(grid.code() + " is not a grid"));
    }
    if (action != Action.ACCEPT && action != Action.NOTE && action != Action.RESOLVE) {
      return Future.failedFuture(TicketingException.invalid("a grid head may accept, note or resolve, not " + action.wire()));
    }
    if (note != null && note.length() > ActionRequest.MAX_NOTE) {
      return Future.failedFuture(TicketingException.invalid("note is longer than " + ActionRequest.MAX_NOTE + " characters"));
    }
    if (action == Action.NOTE && (note == null || note.isBlank())) {
      return Future.failedFuture(TicketingException.invalid("a note needs text"));
    }
    Actor actor = Actor.gridHead(grid); // the grid is named by the event's actor; the note is the grid head's own text
    String text = note == null || note.isBlank() ? null : note.strip();
    return pool.withTransaction(tx -> lock(tx, number)
        .compose(ticket -> tx.preparedQuery(TicketSql.RESIDENT_GRID).execute(Tuple.of(ticket.callerPhone())).map(rows -> {
          if (rows.size() == 0 || !grid.code().equals(rows.iterator().next().getString("grid_code"))) {
            throw TicketingException.forbidden("ticket " + number + " is not of a resident of grid " + grid.code());
          }
          // the front line takes up what its community handles; another unit's ticket is that unit's to accept
          if (action == Action.ACCEPT && !grid.parentCode().equals(ticket.unitCode())) {
            throw TicketingException.conflict("ticket " + number + " is handled by " + ticket.unitCode()
                + ", which accepts it; a grid head accepts their community's tickets");
          }
          return ticket;
        }))
        .compose(ticket -> transitions.apply(tx, ticket, action, ActionRequest.note(text), actor))
        .compose(checked -> write(tx, checked.ticket(), checked.change(), actor)));
  }

  @Override
  public Future<List<Ticket>> likelyDuplicates(String phone, String address, String category, Instant since,
      Actor actor) {
    String place = address == null || address.isBlank() ? null : address;
    String unit = actor.role() == Role.UNIT ? actor.unitCode() : null;
    return pool.preparedQuery(TicketSql.LIKELY_DUPLICATES)
        .execute(Tuple.of(phone, place, category, TicketSql.timestamp(since), unit))
        .map(rows -> TicketSql.map(rows, TicketSql::ticket));
  }

  @Override
  public Future<List<PossibleDuplicate>> possibleDuplicates(Actor actor) {
    if (!hotline(actor)) {
      return Future.failedFuture(TicketingException.forbidden(actor.role().wire() + " may not review duplicates"));
    }
    return pool.query(TicketSql.POSSIBLE_DUPLICATES).execute().compose(this::pairs);
  }

  @Override
  public Future<List<PossibleDuplicate>> possibleDuplicatesOf(Ticket ticket, Actor actor) {
    if (!hotline(actor)) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(TicketSql.POSSIBLE_DUPLICATES_OF).execute(Tuple.of(ticket.id())).compose(this::pairs);
  }

  private static boolean hotline(Actor actor) {
    return actor.role() == Role.AGENT || actor.role() == Role.SUPERVISOR || actor.role() == Role.ADMIN;
  }

  /** The pairs' tickets, read in one query. */
  private Future<List<PossibleDuplicate>> pairs(io.vertx.sqlclient.RowSet<Row> rows) {
    List<String> numbers = new java.util.ArrayList<>();
    rows.forEach(row -> {
      numbers.add(row.getString("a_number"));
      numbers.add(row.getString("b_number"));
    });
    if (numbers.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(TicketSql.BY_NUMBERS).execute(Tuple.of(numbers.toArray(String[]::new))).map(found -> {
      java.util.Map<String, Ticket> byNumber = new java.util.HashMap<>();
      found.forEach(row -> byNumber.put(row.getString("number"), TicketSql.ticket(row)));
      List<PossibleDuplicate> pairs = new java.util.ArrayList<>();
      rows.forEach(row -> pairs.add(new PossibleDuplicate(byNumber.get(row.getString("a_number")),
          byNumber.get(row.getString("b_number")), row.getString("reason"), TicketSql.instant(row, "found_at"))));
      return pairs;
    });
  }

  @Override
  public Future<Void> notDuplicate(String number, String of, Actor actor) {
    if (!hotline(actor)) {
      return Future.failedFuture(TicketingException.forbidden(actor.role().wire() + " may not review duplicates"));
    }
    return pool.preparedQuery(TicketSql.DECIDE_DUPLICATE)
        .execute(Tuple.of(number, of, "distinct", TicketSql.timestamp(clock.instant()), actor.name()))
        .compose(rows -> rows.rowCount() == 0
            ? Future.failedFuture(TicketingException.notFound("no open question whether " + number + " repeats " + of))
            : Future.<Void>succeededFuture());
  }

  @Override
  public Future<Ticket> merge(String number, String into, String note, Actor actor) {
    if (!hotline(actor)) {
      return Future.failedFuture(TicketingException.forbidden(actor.role().wire() + " may not merge tickets"));
    }
    if (number == null || number.equals(into)) {
      return Future.failedFuture(TicketingException.invalid("a ticket cannot be merged into itself"));
    }
    for (String n : new String[] {number, into}) {
      if (n == null || !TicketNumbers.isValid(n)) {
        return Future.failedFuture(TicketingException.invalid("'" + n + "' is not a ticket number (check digit)"));
      }
    }
    if (note != null && note.length() > ActionRequest.MAX_NOTE) {
      return Future.failedFuture(TicketingException.invalid("note is longer than " + ActionRequest.MAX_NOTE + " characters"));
    }
    Instant now = clock.instant();
    String extra = note == null || note.isBlank() ? "" : ": " + note.strip();
    return pool.withTransaction(tx -> tx.preparedQuery(TicketSql.LOCK_PAIR).execute(Tuple.of(new String[] {number, into}))
        .compose(rows -> {
          java.util.Map<String, Ticket> locked = new java.util.HashMap<>();
          rows.forEach(row -> locked.put(row.getString("number"), TicketSql.ticket(row)));
          Ticket merged = locked.get(number);
          Ticket kept = locked.get(into);
          if (merged == null || kept == null) {
            return Future.failedFuture(TicketingException.notFound("ticket " + (merged == null ? number : into) + " not found"));
          }
          for (Ticket t : List.of(merged, kept)) {
            if (!t.isOpen()) {
              return Future.failedFuture(TicketingException.conflict("cannot merge: ticket " + t.number() + " is "
                  + t.state().wire() + " (both must still be open)"));
            }
          }
          return tx.preparedQuery(TicketSql.MERGE).execute(Tuple.of(merged.id(), kept.id(), TicketSql.timestamp(now)))
              .compose(v -> tx.preparedQuery(TicketSql.REPOINT_MERGED).execute(Tuple.of(merged.id(), kept.id())))
              .compose(v -> tx.preparedQuery(TicketSql.MOOT_DUPLICATES)
                  .execute(Tuple.of(merged.id(), TicketSql.timestamp(now), actor.name())))
              .compose(v -> tx.preparedQuery(TicketSql.BY_ID).execute(Tuple.of(merged.id())))
              .compose(after -> appendEvent(tx, TicketSql.ticket(after.iterator().next()), merged.state(),
                  Change.of(merged, "merge", "并入工单 " + kept.number() + " (merged into " + kept.number() + ")" + extra), actor))
              .compose(v -> write(tx, kept, Change.of(kept, "merged_in",
                  "工单 " + merged.number() + " 并入本工单 (" + merged.number() + " merged in)" + extra), actor));
        }))
        .onSuccess(t -> log.info("Ticket {} merged into {} by {}", number, into, actor.name()));
  }

  @Override
  public Future<List<Ticket>> mergedInto(SqlClient tx, Ticket ticket) {
    return tx.preparedQuery(TicketSql.MERGED_INTO).execute(Tuple.of(ticket.id())).map(rows -> TicketSql.map(rows, TicketSql::ticket));
  }

  @Override
  public Future<Kpis> kpis(LocalDate from, LocalDate to, String unitCode) {
    return KpiQuery.run(pool, from, to, unitCode, reference.calendar().zone(), clock.instant());
  }

  @Override
  public Future<Void> reloadCalendar() {
    return reference.reload();
  }

  @Override
  public WorkCalendar calendar() {
    return reference.calendar();
  }

  Category category(String code) {
    return reference.category(code);
  }

  Clock clock() {
    return clock;
  }

  @Override
  public void addListener(TicketEventListener listener) {
    listeners.add(listener);
  }

  private static Ticket visible(Ticket ticket, Actor actor) {
    actor.requireAccess(ticket);
    return ticket;
  }

  // ---- Worklists, the supervisors' board, the published results, the calendar ----

  private static final int BOARD_LIMIT = 200;

  @Override
  public Future<List<SupervisionOrder>> supervisionOrders(String kind, String unitCode, boolean openOnly, Actor actor) {
    return supervisionOrders(pool, kind, actor.role() == Role.UNIT ? actor.unitCode() : unitCode, openOnly);
  }

  /** The orders as {@link #supervisionOrders(String, String, boolean, Actor)} lists them, the unit already decided. */
  static Future<List<SupervisionOrder>> supervisionOrders(SqlClient client, String kind, String unitCode, boolean openOnly) {
    return client.preparedQuery(TicketSql.SUPERVISION_ORDERS).execute(Tuple.of(kind, unitCode, openOnly))
        .map(rows -> TicketSql.map(rows, TicketSql::supervisionOrder));
  }

  @Override
  public Future<Ticket> superviseOrder(String number, String note, Actor actor) {
    if (actor.role() != Role.SUPERVISOR && actor.role() != Role.ADMIN) {
      return Future.failedFuture(TicketingException.forbidden(actor.role().wire() + " may not issue a supervision order"));
    }
    if (note != null && note.length() > ActionRequest.MAX_NOTE) {
      return Future.failedFuture(TicketingException.invalid("note is longer than " + ActionRequest.MAX_NOTE + " characters"));
    }
    return pool.withTransaction(tx -> lock(tx, number).compose(ticket -> {
      if (ticket.unitCode() == null || (ticket.state() != TicketState.DISPATCHED && ticket.state() != TicketState.IN_PROGRESS)) {
        return Future.failedFuture(TicketingException.conflict("cannot supervise a ticket that is " + ticket.state().wire()
            + (ticket.unitCode() == null ? " and not dispatched" : "")));
      }
      return Supervision.issue(tx, ticket, clock.instant()).compose(isNew -> write(tx, ticket,
          Change.of(ticket, "supervise", supervisionNote(note, isNew)), actor));
    }));
  }

  private static String supervisionNote(String note, boolean isNew) {
    String text = "督办 (supervision order)" + (note == null || note.isBlank() ? "" : ": " + note.strip());
    return isNew ? text : text + " — 本时限已在督办中 (already supervised for this deadline)";
  }

  @Override
  public Future<List<Ticket>> reopenedTickets(Actor actor) {
    return boardList(TicketSql.REOPENED, actor);
  }

  @Override
  public Future<List<Ticket>> extensionRequests(Actor actor) {
    return boardList(TicketSql.EXTENSION_REQUESTS, actor);
  }

  private Future<List<Ticket>> boardList(String sql, Actor actor) {
    String unit = actor.role() == Role.UNIT ? actor.unitCode() : null;
    return pool.preparedQuery(sql).execute(Tuple.of(unit, BOARD_LIMIT)).map(rows -> TicketSql.map(rows, TicketSql::ticket));
  }

  @Override
  public Future<KpiBreakdown> kpiBreakdown(LocalDate from, LocalDate to) {
    return KpiQuery.breakdown(pool, from, to, reference.calendar().zone(), clock.instant());
  }

  @Override
  public Future<List<CalendarDay>> calendarDays() {
    return pool.query(TicketSql.CALENDAR).execute()
        .map(rows -> TicketSql.map(rows, TicketSql::listedDay).stream().flatMap(Optional::stream)
            .map(listed -> new CalendarDay(listed.day(), listed.kind().name().toLowerCase(Locale.ROOT), listed.name()))
            .toList());
  }

  @Override
  public Future<Void> setCalendarDay(LocalDate day, String kind, String name) {
    if (!"holiday".equals(kind) && !"workday".equals(kind)) {
      return Future.failedFuture(TicketingException.invalid("kind must be holiday or workday"));
    }
    if (!DateBounds.contains(day)) {
      return Future.failedFuture(TicketingException.invalid("day must be " + DateBounds.RANGE));
    }
    return pool.preparedQuery(TicketSql.CALENDAR_UPSERT).execute(Tuple.of(day, kind, name)).compose(v -> reloadCalendar());
  }

  // ---- The "112" hand-over limits ----

  private static final int HANDOVER_BATCH = 200;

  @Override
  public Future<HandoverSweep> handoverWatch(Instant now, java.time.Duration grace) {
    return pool.preparedQuery(Handovers.REMIND).execute(Tuple.of(TicketSql.timestamp(now)))
        .compose(reminded -> pool.preparedQuery(Handovers.LATE)
            .execute(Tuple.of(TicketSql.timestamp(now.minus(grace)), HANDOVER_BATCH))
            .compose(late -> {
              Future<Integer> handedOn = Future.succeededFuture(0);
              for (Row row : late) {
                long wait = row.getLong("id");
                String number = row.getString("number");
                handedOn = handedOn.compose(n -> handOn(wait, number, now.minus(grace))
                    .map(done -> done ? n + 1 : n)
                    .recover(e -> {
                      log.warn("Hand-over watch: ticket {} could not be handed on: {}", number, e.getMessage());
                      return Future.succeededFuture(n);
                    }));
              }
              return handedOn;
            })
            .map(n -> new HandoverSweep(reminded.rowCount(), n)));
  }

  /**
   * Hands on one late wait, the ticket locked first (as every change locks it) and the wait checked again under
   * that lock: a ticket accepted or moved meanwhile is left alone, and two watches never hand it on twice. A
   * refusal (already at the top, a unit that no longer exists…) marks the wait so that it is not tried again every
   * sweep; only an outage leaves it for the next.
   */
  private Future<Boolean> handOn(long wait, String number, Instant dueBefore) {
    Actor watch = Actor.system("handover");
    return pool.withTransaction(tx -> lock(tx, number).compose(ticket -> tx.preparedQuery(Handovers.LOCK_LATE)
        .execute(Tuple.of(wait, TicketSql.timestamp(dueBefore))).compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          String level = rows.iterator().next().getString("level");
          Integer days = reference.handoverLimits().get(level);
          Action action = "intake".equals(level) ? Action.DISPATCH : Action.ESCALATE;
          String note = "超过交接时限（" + level + "，" + days + " 个工作日），" + ("intake".equals(level)
              ? "按类别派单 (past the hand-over limit at intake: dispatched by category)"
              : "上报上一级 (past the hand-over limit: escalated one level up)");
          return tx.preparedQuery(Handovers.MARK_ESCALATED).execute(Tuple.of(wait, TicketSql.timestamp(clock.instant())))
              .compose(v -> transitions.apply(tx, ticket, action, ActionRequest.note(note), watch))
              .compose(checked -> write(tx, checked.ticket(), checked.change(), watch))
              .map(true);
        })))
        .recover(e -> e instanceof TicketingException
            ? pool.preparedQuery(Handovers.MARK_ESCALATED).execute(Tuple.of(wait, TicketSql.timestamp(clock.instant())))
                .map(false)
            : Future.failedFuture(e));
  }

  @Override
  public Future<List<HandoverRate>> handoverKpis(LocalDate from, LocalDate to) {
    return Handovers.kpis(pool, from, to, reference.calendar().zone(), clock.instant(), reference.handoverLimits());
  }

  @Override
  public java.util.Map<String, Integer> handoverLimits() {
    return Handovers.ordered(reference.handoverLimits());
  }

  @Override
  public Future<Void> setHandoverLimit(String level, Integer workingDays, Actor actor) {
    if (actor.role() != Role.SUPERVISOR && actor.role() != Role.ADMIN) {
      return Future.failedFuture(TicketingException.forbidden(actor.role().wire() + " may not change the hand-over limits"));
    }
    if (!Handovers.LEVELS.contains(level)) {
      return Future.failedFuture(TicketingException.invalid("level must be one of " + Handovers.LEVELS));
    }
    if (workingDays != null && (workingDays < 0 || workingDays > 60)) {
      return Future.failedFuture(TicketingException.invalid("workingDays must be 0 to 60, or null for no limit"));
    }
    Future<?> done = workingDays == null
        ? pool.preparedQuery(Handovers.CLEAR_LIMIT).execute(Tuple.of(level))
        : pool.preparedQuery(Handovers.SET_LIMIT).execute(Tuple.of(level, workingDays));
    return done.compose(v -> reloadCalendar()).onSuccess(v -> log.info("Hand-over limit at {} set to {} by {}",
        level, workingDays == null ? "none" : workingDays + " working days", actor.name()));
  }

  // ---- The public reports (Open311 GeoReport v2) ----

  @Override
  public Future<List<PublicReport>> publicReports(PublicQuery q) {
    return pool.preparedQuery(TicketSql.PUBLIC_REPORTS).execute(Tuple.from(new Object[] {
            q.numbers() == null ? null : q.numbers().toArray(String[]::new), q.category(), TicketSql.timestamp(q.from()),
            TicketSql.timestamp(q.to()), q.open(), q.limit()}))
        .map(rows -> TicketSql.map(rows, row -> new PublicReport(TicketSql.ticket(row), row.getString("resolution"),
            Boolean.TRUE.equals(row.getBoolean("merged_into_confidential")))));
  }
}
