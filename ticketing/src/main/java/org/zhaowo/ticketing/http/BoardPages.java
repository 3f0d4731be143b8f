package org.zhaowo.ticketing.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketQuery;
import org.zhaowo.ticketing.TicketService.SupervisionOrder;
import org.zhaowo.ticketing.TicketingException;
import org.zhaowo.ticketing.Unit;

/**
 * The supervisors' board (督办看板): overdue and supervised tickets by level (district → sub-district
 * → community) and by unit, tickets reopened after a callback, extensions waiting for a grant, and the
 * form that issues a supervision order. The figures are {@link KpiPages}'.
 */
final class BoardPages {
  static final String PATH = "/board";
  private static final int LIMIT = 200;

  private final Console console;

  BoardPages(Console console) {
    this.console = console;
  }

  /** A ticket on the board: overdue, supervised or both; the deadline its order named when only supervised. */
  public record Item(String number, String unit, String state, Instant deadline, boolean overdue, boolean supervised) {}

  /** One line of the level tree: a unit and what sits under it. */
  public record Level(String code, String name, String level, int depth, int overdue, int supervised) {}

  void board(RoutingContext ctx) {
    Actor actor = Console.actor(ctx);
    Future<List<Ticket>> overdue = console.tickets
        .list(new TicketQuery(null, null, null, true, null, null, 1, LIMIT), actor).map(page -> page.items());
    Future<List<SupervisionOrder>> supervised = console.tickets.supervisionOrders("supervision", null, true, actor);
    Future<List<Ticket>> reopened = console.tickets.reopenedTickets(actor);
    Future<List<Ticket>> extensions = console.tickets.extensionRequests(actor);
    Future<List<Unit>> units = console.tickets.units(null, null);
    Future.all(List.of(overdue, supervised, reopened, extensions, units)).map(all -> {
      Map<String, Unit> organisation = new LinkedHashMap<>();
      units.result().forEach(u -> organisation.put(u.code(), u));
      Map<String, List<Item>> byUnit = items(overdue.result(), supervised.result());
      Map<String, Object> model = new HashMap<>();
      model.put("levels", levels(byUnit, organisation));
      model.put("byUnit", byUnit.entrySet().stream().map(e -> Map.of("code", e.getKey(),
          "name", name(organisation, e.getKey()), "items", e.getValue())).toList());
      model.put("reopened", reopened.result());
      model.put("extensions", extensions.result());
      model.put("supervised", AgentPages.blankToNull(ctx.queryParams().get("supervised")) == null
          ? "" : ctx.queryParams().get("supervised"));
      model.put("truncated", overdue.result().size() >= LIMIT);
      return model;
    }).onSuccess(model -> console.page(ctx, "board.ftlh", model)).onFailure(ctx::fail);
  }

  /** The board's tickets per handling unit (by code), each once, the nearest deadline first. */
  private static Map<String, List<Item>> items(List<Ticket> overdue, List<SupervisionOrder> orders) {
    Map<String, Item> byNumber = new LinkedHashMap<>();
    for (Ticket t : overdue) {
      byNumber.put(t.number(), new Item(t.number(), t.unitCode(), t.state().wire(), t.deadline(), true, false));
    }
    for (SupervisionOrder o : orders) {
      Item known = byNumber.get(o.number());
      byNumber.put(o.number(), known != null
          ? new Item(known.number(), known.unit(), known.state(), known.deadline(), true, true)
          : new Item(o.number(), o.handlingUnit(), o.state().wire(), o.deadline(), false, true));
    }
    Map<String, List<Item>> byUnit = new TreeMap<>();
    byNumber.values().stream().sorted((a, b) -> a.deadline().compareTo(b.deadline()))
        .forEach(item -> byUnit.computeIfAbsent(item.unit() == null ? "" : item.unit(), u -> new ArrayList<>()).add(item));
    return byUnit;
  }

  /**
   * The level tree: every unit with something overdue or supervised at or below it, depth first from the
   * district, each with the counts of its whole branch.
   */
  private static List<Level> levels(Map<String, List<Item>> byUnit, Map<String, Unit> organisation) {
    Map<String, int[]> counts = new HashMap<>();
    byUnit.forEach((code, items) -> {
      for (String at = code; at != null && organisation.containsKey(at); at = organisation.get(at).parentCode()) {
        int[] c = counts.computeIfAbsent(at, k -> new int[2]);
        c[0] += (int) items.stream().filter(Item::overdue).count();
        c[1] += (int) items.stream().filter(Item::supervised).count();
      }
    });
    Map<String, List<String>> children = new TreeMap<>();
    organisation.values().forEach(u -> children.computeIfAbsent(u.parentCode() == null ? "" : u.parentCode(),
        p -> new ArrayList<>()).add(u.code()));
    List<Level> tree = new ArrayList<>();
    walk("", 0, children, counts, organisation, tree);
    return tree;
  }

  private static void walk(String parent, int depth, Map<String, List<String>> children, Map<String, int[]> counts,
      Map<String, Unit> organisation, List<Level> tree) {
    for (String code : children.getOrDefault(parent, List.of())) {
      int[] c = counts.get(code);
      if (c != null) {
        Unit u = organisation.get(code);
        tree.add(new Level(code, u.name(), u.level(), Math.min(depth, 3), c[0], c[1]));
        walk(code, depth + 1, children, counts, organisation, tree);
      }
    }
  }

  private static String name(Map<String, Unit> organisation, String code) {
    Unit unit = organisation.get(code);
    return unit == null ? "" : unit.name();
  }

  /** {@code POST /board/supervise} number, note: a supervision order (督办), then back to the board. */
  void supervise(RoutingContext ctx) {
    String number = AgentPages.blankToNull(ctx.request().getFormAttribute("number"));
    if (number == null) {
      ctx.fail(TicketingException.invalid("give the number of the ticket to supervise"));
      return;
    }
    console.tickets.superviseOrder(number.trim(), AgentPages.blankToNull(ctx.request().getFormAttribute("note")),
            Console.actor(ctx))
        .onSuccess(ticket -> Console.redirect(ctx, PATH + "?supervised=" + ticket.number()))
        .onFailure(ctx::fail);
  }
}
