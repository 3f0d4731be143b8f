package org.zhaowo.ticketing.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.DateBounds;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketingException;

/**
 * One ticket, for whoever may see it: its facts, its history, and a form for each action the
 * signed-in user may take in its state (the same rules as the API: {@link Action#check}). A form
 * posts to {@code /tickets/N/ACTION} and comes back here, the new event at the end of the history.
 */
final class TicketPages {
  private final Console console;

  TicketPages(Console console) {
    this.console = console;
  }

  void show(RoutingContext ctx) {
    Actor actor = Console.actor(ctx);
    TicketApi.visible(console.tickets, ctx.pathParam("number"), actor)
        .compose(ticket -> console.tickets.events(ticket).compose(events -> console.tickets.handlingUnits().compose(units ->
            console.tickets.possibleDuplicatesOf(ticket, actor).compose(duplicates ->
            console.tickets.categories().map(categories -> {
          Map<String, Object> model = new HashMap<>();
          categories.stream().filter(c -> c.code().equals(ticket.category())).findFirst().ifPresent(c -> {
            model.put("categoryZh", c.nameZh());
            model.put("categoryEn", c.nameEn());
          });
          model.put("ticket", ticket);
          model.put("events", TicketApi.history(events, ticket, actor));
          model.put("units", units);
          model.put("actions", actions(actor, ticket));
          model.put("overdue", ticket.isOverdue(console.clock.instant()));
          model.put("caller", caller(actor, ticket));
          model.put("recordingHere", ticket.recording() != null && console.calls.recording(ticket.recording()).isPresent());
          model.put("created", ctx.queryParams().contains("created"));
          model.put("repeat", ctx.queryParams().contains("repeat"));
          model.put("done", Optional.ofNullable(ctx.queryParams().get("done")).orElse(""));
          model.put("back", back(ctx.queryParams().get("back")));
          model.put("duplicates", duplicates.stream().map(d -> duplicate(ticket, d)).toList());
          model.put("mayMerge", ticket.isOpen() && Console.HOTLINE.contains(actor.role()));
          return model;
        })))))
        .onSuccess(model -> console.page(ctx, "ticket.ftlh", model))
        .onFailure(ctx::fail);
  }

  /**
   * A possible duplicate as the ticket's page offers it: the other ticket, and which way a merge goes (the later
   * report into the earlier ticket, which carries on).
   */
  private static Map<String, Object> duplicate(Ticket shown, org.zhaowo.ticketing.TicketService.PossibleDuplicate d) {
    boolean later = d.ticket().number().equals(shown.number());
    Ticket other = later ? d.of() : d.ticket();
    Map<String, Object> row = new HashMap<>();
    row.put("other", other.number());
    row.put("otherState", other.state().wire());
    row.put("otherAddress", other.address() == null ? "" : other.address());
    row.put("reason", d.reason());
    row.put("mergeFrom", d.ticket().number()); // the later report
    row.put("mergeInto", d.of().number());
    return row;
  }

  /** {@code POST /tickets/N/merge} (into, note): N is merged into the ticket named, whose page follows. */
  void merge(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    String into = AgentPages.blankToNull(form.get("into"));
    if (into == null) {
      ctx.fail(TicketingException.invalid("name the ticket this one repeats"));
      return;
    }
    console.tickets.merge(ctx.pathParam("number"), into.strip(), AgentPages.blankToNull(form.get("note")), Console.actor(ctx))
        .onSuccess(ticket -> Console.redirect(ctx, "/tickets/" + ticket.number() + "?done=merge"))
        .onFailure(ctx::fail);
  }

  /** {@code POST /tickets/N/not-duplicate} (of): the later report N is a different problem from the one named. */
  void notDuplicate(RoutingContext ctx) {
    String of = AgentPages.blankToNull(ctx.request().getFormAttribute("of"));
    String number = ctx.pathParam("number");
    if (of == null) {
      ctx.fail(TicketingException.invalid("name the ticket it was taken for"));
      return;
    }
    console.tickets.notDuplicate(number, of, Console.actor(ctx))
        .onSuccess(v -> Console.redirect(ctx, "/tickets/" + number + "?done=not-duplicate"))
        .onFailure(ctx::fail);
  }

  /** The caller's number as this user may see it: in full to hotline staff, hidden from units on a confidential ticket. */
  private static String caller(Actor actor, Ticket ticket) {
    if (ticket.callerPhone() == null) {
      return "";
    }
    if (actor.role() == Role.AGENT || actor.role() == Role.SUPERVISOR) {
      return ticket.callerPhone();
    }
    return actor.role() == Role.UNIT && ticket.confidential() ? "" : Phones.mask(ticket.callerPhone());
  }

  /** The actions this actor may take on the ticket now, by their wire words, in the order of the form grid. */
  static List<String> actions(Actor actor, Ticket ticket) {
    List<String> allowed = new ArrayList<>();
    for (Action action : List.of(Action.ACCEPT, Action.RESOLVE, Action.NOTE, Action.DISPATCH, Action.EXTEND,
        Action.RETURN, Action.ESCALATE, Action.CLOSE, Action.REOPEN)) {
      try {
        action.check(actor, ticket);
        if (action == Action.EXTEND && actor.role() != Role.UNIT && ticket.requestedDeadline() == null
            && actor.role() != Role.ADMIN) {
          continue; // a supervisor grants what a unit asked for
        }
        allowed.add(action.wire());
      } catch (TicketingException refused) {
        // not this one
      }
    }
    return allowed;
  }

  void act(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    String number = ctx.pathParam("number");
    Action action;
    ActionRequest request;
    try {
      action = Action.parse(ctx.pathParam("action"));
      String deadline = AgentPages.blankToNull(form.get("deadline"));
      Instant until = deadline == null ? null : DateBounds.deadline("deadline", deadline, console.tickets.calendar().zone());
      request = new ActionRequest(AgentPages.blankToNull(form.get("note")), AgentPages.blankToNull(form.get("unit")), until);
    } catch (TicketingException e) {
      ctx.fail(e);
      return;
    }
    String back = back(form.get("back"));
    console.tickets.act(number, action, request, Console.actor(ctx))
        .onSuccess(ticket -> Console.redirect(ctx, back.isEmpty()
            ? "/tickets/" + ticket.number() + "?done=" + action.wire() : back))
        .onFailure(ctx::fail);
  }

  /** A page of this site to return to after an action (a worklist), else none. */
  static String back(String back) {
    String local = Console.localPath(back);
    return local == null ? "" : local;
  }

  void recording(RoutingContext ctx) {
    TicketApi.visible(console.tickets, ctx.pathParam("number"), Console.actor(ctx)).onSuccess(ticket -> AgentPages.sendRecording(ctx,
        ticket.recording() == null ? Optional.empty() : console.calls.recording(ticket.recording()),
        "the recording of " + ticket.number() + " is not on this server")).onFailure(ctx::fail);
  }
}
