package org.zhaowo.ticketing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link TicketService} on PostgreSQL: one transaction per change, the ticket row locked. */
final class PgTicketService implements TicketService {
  private static final Logger log = LoggerFactory.getLogger(PgTicketService.class);

  private final Pool pool;
  private final Config config;
  private final Clock clock;
  private final List<TicketEventListener> listeners = new CopyOnWriteArrayList<>();
  private final Transitions transitions;
  private volatile WorkCalendar calendar;
  private volatile Map<String, Category> categories = Map.of();

  PgTicketService(Pool pool, Config config, Clock clock) {
    this.pool = pool;
    this.config = config;
    this.clock = clock;
    this.calendar = new WorkCalendar(Map.of(), config.zone());
    this.transitions = new Transitions(this);
  }

  @Override
  public Future<Ticket> create(NewTicket request, Actor actor) {
    Intake intake;
    try {
      intake = Intake.validate(request, categories);
    } catch (TicketingException e) {
      return Future.failedFuture(e);
    }
    Instant now = clock.instant();
    return pool.withTransaction(tx -> residentIn(tx, intake.phone())
        .compose(resident -> insert(tx, intake, resident.orElse(null), now, actor))
        .compose(ticket -> intake.request().resolution() == null
            ? Future.succeededFuture(ticket)
            : write(tx, ticket, resolveNow(ticket, intake.request().resolution()), actor)))
        .onSuccess(t -> log.info("Ticket {} registered via {} for {}", t.number(), t.channel().wire(),
            Phones.mask(t.callerPhone())));
  }

  private Future<Ticket> insert(SqlConnection tx, Intake intake, Resident resident, Instant now, Actor actor) {
    Category category = intake.category();
    String community = resident == null ? null : resident.communityCode();
    Instant deadline = calendar.deadline(now, category.timeLimitDays());
    NewTicket r = intake.request();
    return tx.query(TicketSql.NEXT_SERIAL).execute()
        .compose(rows -> tx.preparedQuery(TicketSql.INSERT).execute(Tuple.from(new Object[] {
            TicketNumbers.fromSerial(rows.iterator().next().getLong(0)), intake.phone(), r.channel().wire(),
            category.code(), intake.itemKind().wire(), r.description(), r.recording(), r.address(), community,
            TicketSql.timestamp(deadline), r.confidential(), r.incompleteIntake(), TicketSql.timestamp(now)})))
        .compose(rows -> ticketById(tx, rows.iterator().next().getLong("id")))
        .compose(ticket -> appendEvent(tx, ticket, null, Change.of(ticket, "create", null), actor))
        .compose(ticket -> dispatchOnIntake(tx, ticket, intake, community));
  }

  private Future<Ticket> dispatchOnIntake(SqlConnection tx, Ticket ticket, Intake intake, String community) {
    if (intake.request().resolution() != null) {
      return Future.succeededFuture(ticket); // resolved on the call, never dispatched
    }
    String unit = intake.request().unitCode() != null
        ? intake.request().unitCode() : defaultUnit(intake.category(), community);
    if (unit == null) {
      return Future.succeededFuture(ticket); // a dispatcher decides
    }
    return transitions.unitMustExist(tx, unit).compose(code -> {
      Change change = Change.of(ticket, Action.DISPATCH, ActionRequest.note("按类别自动派单 (dispatched by category)"));
      change.unitCode = code;
      return write(tx, ticket, change, Actor.system("dispatcher"));
    });
  }

  /** The unit a category's rule names for a resident of {@code community}; null when a person decides. */
  String defaultUnit(Category category, String community) {
    return switch (category.defaultUnit()) {
      case "none" -> null;
      case "community" -> community;
      default -> category.defaultUnit();
    };
  }

  private Change resolveNow(Ticket ticket, String resolution) {
    Change change = Change.of(ticket, Action.RESOLVE, ActionRequest.note(resolution));
    return change;
  }

  @Override
  public Future<Ticket> get(String number, Actor actor) {
    return pool.preparedQuery(TicketSql.BY_NUMBER).execute(Tuple.of(number))
        .map(rows -> visible(single(rows, number), actor));
  }

  @Override
  public Future<List<TicketEvent>> events(Ticket ticket) {
    return pool.preparedQuery(TicketSql.EVENTS).execute(Tuple.of(ticket.id()))
        .map(rows -> map(rows, TicketSql::event));
  }

  @Override
  public Future<Page<Ticket>> list(TicketQuery q, Actor actor) {
    String unit = actor.role() == Role.UNIT ? actor.unitCode() : q.unitCode();
    Instant now = clock.instant();
    Object[] filter = {q.state() == null ? null : q.state().wire(), unit, q.callerPhone(), q.overdue(),
        TicketSql.timestamp(q.from()), TicketSql.timestamp(q.to()), TicketSql.timestamp(now)};
    Object[] paged = java.util.Arrays.copyOf(filter, 9);
    paged[7] = q.size();
    paged[8] = (q.page() - 1) * q.size();
    return pool.preparedQuery(TicketSql.COUNT).execute(Tuple.from(filter))
        .compose(count -> pool.preparedQuery(TicketSql.LIST).execute(Tuple.from(paged))
            .map(rows -> new Page<>(map(rows, TicketSql::ticket), count.iterator().next().getLong(0), q.page(), q.size())));
  }

  @Override
  public Future<Ticket> act(String number, Action action, ActionRequest request, Actor actor) {
    if (request.note() != null && request.note().length() > ActionRequest.MAX_NOTE) {
      return Future.failedFuture(TicketingException.invalid("note is longer than " + ActionRequest.MAX_NOTE + " characters"));
    }
    return pool.withTransaction(tx -> lock(tx, number)
        .compose(ticket -> transitions.apply(tx, visible(ticket, actor), action, request, actor))
        .compose(pair -> write(tx, pair.ticket(), pair.change(), actor)));
  }

  @Override
  public Future<Ticket> recordSurvey(String number, SurveyAnswer answer, Actor actor) {
    return pool.withTransaction(tx -> lock(tx, number)
        .compose(ticket -> Surveys.record(tx, ticket, answer, clock.instant()).map(ticket))
        .compose(ticket -> {
          Action action = answer.closesTicket() ? Action.CLOSE : Action.REOPEN;
          String note = "回访 (callback) " + answer.channel() + ": " + answer.satisfaction()
              + (answer.comment() == null ? "" : " — " + answer.comment());
          return transitions.apply(tx, ticket, action, ActionRequest.note(note), actor)
              .compose(pair -> write(tx, pair.ticket(), pair.change(), actor));
        }));
  }

  Future<Ticket> lock(SqlConnection tx, String number) {
    if (!TicketNumbers.isValid(number)) {
      return Future.failedFuture(TicketingException.invalid("'" + number + "' is not a ticket number (check digit)"));
    }
    return tx.preparedQuery(TicketSql.LOCK_BY_NUMBER).execute(Tuple.of(number))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw TicketingException.notFound("no ticket " + number);
          }
          return ticketById(tx, rows.iterator().next().getLong("id"));
        });
  }

  /** Writes a change: the ticket row, its event, the listeners' rows; returns the ticket as it now is. */
  Future<Ticket> write(SqlConnection tx, Ticket before, Change change, Actor actor) {
    Instant now = clock.instant();
    return tx.preparedQuery(TicketSql.UPDATE).execute(Tuple.from(new Object[] {
            before.id(), change.state.wire(), change.unitCode, TicketSql.timestamp(change.deadline),
            TicketSql.timestamp(change.requestedDeadline), change.itemKind.wire(), change.reopenCount,
            TicketSql.timestamp(now)}))
        .compose(v -> ticketById(tx, before.id()))
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
            after.deadline())))
        .map(after);
  }

  private Future<Void> notifyListeners(SqlConnection tx, Ticket ticket, TicketEvent event) {
    Future<Void> chain = Future.succeededFuture();
    for (TicketEventListener listener : listeners) {
      chain = chain.compose(v -> listener.onEvent(tx, ticket, event));
    }
    return chain;
  }

  Future<Ticket> ticketById(SqlClient client, long id) {
    return client.preparedQuery(TicketSql.BY_ID).execute(Tuple.of(id)).map(rows -> single(rows, "#" + id));
  }

  @Override
  public Future<Optional<Resident>> resident(String phone) {
    return residentIn(pool, phone);
  }

  private Future<Optional<Resident>> residentIn(SqlClient client, String phone) {
    return client.preparedQuery(TicketSql.RESIDENT).execute(Tuple.of(phone))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(TicketSql.resident(rows.iterator().next())));
  }

  @Override
  public Future<List<Ticket>> openTickets(String phone) {
    return pool.preparedQuery(TicketSql.OPEN_BY_CALLER).execute(Tuple.of(phone)).map(rows -> map(rows, TicketSql::ticket));
  }

  @Override
  public Future<List<Category>> categories() {
    return Future.succeededFuture(List.copyOf(categories.values()).stream()
        .sorted(java.util.Comparator.comparingInt(Category::ivrGroup)).toList());
  }

  @Override
  public Future<Kpis> kpis(LocalDate from, LocalDate to, String unitCode) {
    return KpiQuery.run(pool, from, to, unitCode, calendar.zone(), clock.instant());
  }

  @Override
  public Future<Void> reloadCalendar() {
    Future<Void> days = pool.query(TicketSql.CALENDAR).execute().map(rows -> {
      Map<LocalDate, WorkCalendar.DayKind> exceptions = new HashMap<>();
      rows.forEach(row -> exceptions.put(row.getLocalDate("day"),
          WorkCalendar.DayKind.valueOf(row.getString("kind").toUpperCase(java.util.Locale.ROOT))));
      calendar = new WorkCalendar(exceptions, config.zone());
      return null;
    });
    return days.compose(v -> pool.query(TicketSql.CATEGORIES).execute()).map(rows -> {
      Map<String, Category> loaded = new java.util.LinkedHashMap<>();
      rows.forEach(row -> loaded.put(row.getString("code"), TicketSql.category(row)));
      categories = loaded;
      return null;
    });
  }

  @Override
  public WorkCalendar calendar() {
    return calendar;
  }

  Category category(String code) {
    return categories.get(code);
  }

  Clock clock() {
    return clock;
  }

  @Override
  public void addListener(TicketEventListener listener) {
    listeners.add(listener);
  }

  private static Ticket visible(Ticket ticket, Actor actor) {
    if (actor.role() == Role.UNIT && !actor.unitCode().equals(ticket.unitCode())) {
      throw TicketingException.forbidden("ticket " + ticket.number() + " is not handled by your unit");
    }
    return ticket;
  }

  private static Ticket single(RowSet<Row> rows, String what) {
    if (rows.size() == 0) {
      throw TicketingException.notFound("no ticket " + what);
    }
    return TicketSql.ticket(rows.iterator().next());
  }

  static <T> List<T> map(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
    return StreamSupport.stream(rows.spliterator(), false).map(mapper).toList();
  }
}
