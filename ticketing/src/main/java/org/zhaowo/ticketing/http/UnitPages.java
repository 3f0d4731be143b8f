package org.zhaowo.ticketing.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Category;
import org.zhaowo.ticketing.HandlingUnit;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketQuery;
import org.zhaowo.ticketing.TicketService.SupervisionOrder;
import org.zhaowo.ticketing.TicketState;
import org.zhaowo.ticketing.TicketingException;
import org.zhaowo.ticketing.WorkCalendar;

/**
 * A handling unit's worklist (承办单位): its open tickets, the most urgent first: overdue, due soon
 * (within one working day, or marked by the deadline watch), new (dispatched, not yet accepted), in
 * progress; each with its reminders (催办), supervision orders (督办) and a pending extension. Unit
 * staff see their own unit; an administrator picks one. A ticket is worked on its own page.
 */
final class UnitPages {
  static final String PATH = "/unit";
  /** More open tickets than this in one state is a unit in trouble; the page says so rather than paging. */
  private static final int LIMIT = 200;
  private static final List<String> SECTIONS = List.of("overdue", "dueSoon", "new", "inProgress");

  private final Console console;

  UnitPages(Console console) {
    this.console = console;
  }

  /** A worklist row: the ticket and its marks. */
  public record Row(Ticket ticket, String category, boolean overdue, boolean dueSoon, long reminders, long supervisions,
      long unsatisfied, boolean acceptable, long handovers) {}

  void worklist(RoutingContext ctx) {
    Actor actor = Console.actor(ctx);
    String asked = AgentPages.blankToNull(ctx.queryParams().get("unit"));
    String unit = actor.role() == Role.UNIT ? actor.unitCode() : asked;
    console.tickets.handlingUnits().compose(units -> {
      Map<String, Object> model = new HashMap<>();
      model.put("units", actor.role() == Role.UNIT ? List.of() : units);
      model.put("unit", unit == null ? "" : unit);
      model.put("unitName", units.stream().filter(u -> u.code().equals(unit)).map(HandlingUnit::name).findFirst().orElse(""));
      model.put("back", actor.role() == Role.UNIT || unit == null ? PATH : PATH + "?unit=" + unit);
      if (unit == null) {
        model.put("sections", List.of());
        model.put("truncated", false);
        return Future.succeededFuture(model);
      }
      if (units.stream().noneMatch(u -> u.code().equals(unit))) {
        return Future.failedFuture(TicketingException.notFound("no handling unit " + unit));
      }
      return sections(ctx, actor, unit).map(worklist -> {
        model.putAll(worklist);
        return model;
      });
    }).onSuccess(model -> console.page(ctx, "unit.ftlh", model)).onFailure(ctx::fail);
  }

  /** {@code sections}: each with its {@code key} and {@code rows}; {@code truncated}: a state had more than the page holds. */
  private Future<Map<String, Object>> sections(RoutingContext ctx, Actor actor, String unit) {
    Future<List<Ticket>> fresh = open(TicketState.DISPATCHED, unit, actor);
    Future<List<Ticket>> working = open(TicketState.IN_PROGRESS, unit, actor);
    Future<List<SupervisionOrder>> orders = console.tickets.supervisionOrders(null, unit, true, actor);
    Future<List<Category>> categories = console.tickets.categories();
    return Future.all(fresh, working, orders, categories).map(all -> {
      String lang = Pages.language(ctx);
      Map<String, String> names = categories.result().stream()
          .collect(Collectors.toMap(Category::code, c -> "en".equals(lang) ? c.nameEn() : c.nameZh()));
      Map<String, List<SupervisionOrder>> byTicket = orders.result().stream()
          .collect(Collectors.groupingBy(SupervisionOrder::number));
      Map<String, List<Row>> sections = new LinkedHashMap<>();
      SECTIONS.forEach(key -> sections.put(key, new ArrayList<>()));
      List<Ticket> tickets = new ArrayList<>(fresh.result());
      tickets.addAll(working.result());
      tickets.sort((a, b) -> a.deadline().compareTo(b.deadline()));
      Instant now = console.clock.instant();
      Instant soon = oneWorkingDayFrom(now);
      for (Ticket t : tickets) {
        Row row = row(t, names.getOrDefault(t.category(), t.category()), byTicket.getOrDefault(t.number(), List.of()), now, soon);
        sections.get(row.overdue() ? "overdue" : row.dueSoon() ? "dueSoon"
            : t.state() == TicketState.DISPATCHED ? "new" : "inProgress").add(row);
      }
      return Map.of("sections", sections.entrySet().stream()
              .map(s -> Map.<String, Object>of("key", s.getKey(), "rows", s.getValue())).toList(),
          "truncated", fresh.result().size() >= LIMIT || working.result().size() >= LIMIT);
    });
  }

  private Future<List<Ticket>> open(TicketState state, String unit, Actor actor) {
    return console.tickets.list(new TicketQuery(state, unit, null, null, null, null, 1, LIMIT), actor)
        .map(page -> page.items());
  }

  private static Row row(Ticket t, String category, List<SupervisionOrder> orders, Instant now, Instant soon) {
    boolean overdue = t.isOverdue(now);
    boolean marked = orders.stream().anyMatch(o -> o.kind().equals("due_soon") && o.deadline().equals(t.deadline()));
    return new Row(t, category, overdue, !overdue && (t.deadline().isBefore(soon) || marked),
        count(orders, "reminder"), count(orders, "supervision"), count(orders, "unsatisfied"),
        t.state() == TicketState.DISPATCHED, count(orders, "handover"));
  }

  private static long count(List<SupervisionOrder> orders, String kind) {
    return orders.stream().filter(o -> o.kind().equals(kind)).count();
  }

  /** The same time on the next working day: a deadline before it is due within one working day. */
  private Instant oneWorkingDayFrom(Instant now) {
    WorkCalendar calendar = console.tickets.calendar();
    ZoneId zone = calendar.zone();
    ZonedDateTime here = now.atZone(zone);
    return calendar.addWorkingDays(here.toLocalDate().plusDays(1), 0).atTime(here.toLocalTime()).atZone(zone).toInstant();
  }
}
