package org.zhaowo.ticketing.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Category;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.GatheredCall;
import org.zhaowo.ticketing.HandlingUnit;
import org.zhaowo.ticketing.ItemKind;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.QueueConnect;
import org.zhaowo.ticketing.Resident;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketQuery;
import org.zhaowo.ticketing.TicketingException;
import org.zhaowo.ticketing.Unit;

/**
 * The agent desk: the screen pop of a call the queue connected to this agent's phone (or of a number
 * typed in), with the caller's profile, recent tickets and what the IVR gathered; intake from it, with
 * likely duplicates shown and refused unless the agent says the problem is new; a repeat call added
 * to the ticket it repeats.
 */
final class AgentPages {
  static final String EVENTS = "/agent/events";
  /** How far back a report counts as a likely repeat. */
  static final Duration DUPLICATE_WINDOW = Duration.ofDays(30);

  private final Console console;

  AgentPages(Console console) {
    this.console = console;
  }

  /** The agent's event stream: a call connected to their phone pops up (Server-Sent Events). */
  void events(RoutingContext ctx) {
    console.pops.open(ctx, Console.actor(ctx).name(), Console.token(ctx));
  }

  /** {@code /agent}, {@code /agent?phone=13800138000} (typed in), {@code /agent?call=UNIQUEID}. */
  void desk(RoutingContext ctx) {
    MultiMap q = ctx.queryParams();
    Future<Map<String, Object>> pop = q.get("phone") == null && q.get("call") == null
        ? Future.succeededFuture(new HashMap<>())
        : popModel(ctx, q.get("call"), q.get("phone"), q.get("ticket"), MultiMap.caseInsensitiveMultiMap());
    // the reports that came in by text or on the web and may repeat an open ticket, for the desk to check
    pop.compose(model -> console.tickets.possibleDuplicates(Console.actor(ctx)).map(duplicates -> {
          model.put("search", q.get("phone") == null ? "" : q.get("phone"));
          model.put("reviews", duplicates);
          return model;
        }))
        .onSuccess(model -> console.page(ctx, "agent.ftlh", model))
        .onFailure(ctx::fail);
  }

  /** The pop alone, for the page's script to put in place when the event stream says a call arrived. */
  void pop(RoutingContext ctx) {
    MultiMap q = ctx.queryParams();
    popModel(ctx, q.get("call"), q.get("phone"), q.get("ticket"), MultiMap.caseInsensitiveMultiMap())
        .onSuccess(model -> console.page(ctx, "pop.ftlh", model))
        .onFailure(ctx::fail);
  }

  void recording(RoutingContext ctx) {
    sendRecording(ctx, console.calls.recording(ctx.pathParam("name")), "no such recording here");
  }

  /** A recording the IVR made, as audio the page plays; 404 saying {@code missing} when this server has none. */
  static void sendRecording(RoutingContext ctx, Optional<Path> file, String missing) {
    if (file.isEmpty()) {
      ctx.fail(TicketingException.notFound(missing));
      return;
    }
    ctx.response().putHeader("Content-Type", "audio/wav").putHeader("Cache-Control", "private, no-store");
    ctx.response().sendFile(file.get().toString()).onFailure(ctx::fail);
  }

  /**
   * Everything the pop shows. The number in full only to agents and supervisors (an administrator sees
   * it masked); a phone given that is not a number is refused.
   */
  private Future<Map<String, Object>> popModel(RoutingContext ctx, String uniqueId, String phoneParam, String ticketParam,
      MultiMap form) {
    Actor actor = Console.actor(ctx);
    // a call the queue connected to this user's phone: Asterisk said who called and which ticket the IVR registered
    Optional<QueueConnect> connected = console.pops.connectedTo(actor.name(), uniqueId);
    if ((phoneParam == null || phoneParam.isBlank()) && connected.isPresent()) {
      phoneParam = connected.get().caller();
    }
    if ((ticketParam == null || ticketParam.isBlank()) && connected.isPresent()) {
      ticketParam = connected.get().ticketNumber();
    }
    String typed = phoneParam == null || phoneParam.isBlank() ? null : phoneParam.trim();
    Optional<String> typedPhone = typed == null ? Optional.empty() : Phones.normalize(typed);
    if (typed != null && typedPhone.isEmpty() && uniqueId == null) {
      return Future.failedFuture(TicketingException.invalid("not a phone number: " + typed));
    }
    Future<Optional<GatheredCall>> gathered = uniqueId != null && !uniqueId.isBlank() ? console.calls.call(uniqueId)
        : typedPhone.isPresent() ? console.calls.recentCalls(typedPhone.get(), 1).map(calls -> calls.stream().findFirst())
        : Future.succeededFuture(Optional.empty());
    String ticket = ticketParam;
    return gathered.compose(call -> {
      String phone = typedPhone.orElse(call.map(GatheredCall::caller).flatMap(Phones::normalize).orElse(null));
      Map<String, Object> model = new HashMap<>();
      model.put("call", call.orElse(null));
      model.put("uniqueId", uniqueId == null ? "" : uniqueId);
      model.put("phone", phone == null ? "" : phone);
      boolean fullNumber = actor.role() == Role.AGENT || actor.role() == Role.SUPERVISOR;
      model.put("shownPhone", phone == null ? "" : fullNumber ? phone : Phones.mask(phone));
      model.put("fullNumber", fullNumber);
      Map<String, String> values = formValues(form);
      if (values.get("category").isEmpty()) { // the category the caller chose in the menus, ready for the agent
        call.map(GatheredCall::category).ifPresent(chosen -> values.put("category", chosen));
      }
      model.put("form", values);
      String ivrTicket = ticket != null && !ticket.isBlank() ? ticket : call.map(GatheredCall::ticketNumber).orElse(null);
      return profile(model, phone, actor)
          .compose(v -> ivrTicket(model, ivrTicket, actor))
          .compose(v -> intakeChoices(ctx, actor, model, phone, form))
          .map(v -> model);
    });
  }

  private Future<Void> profile(Map<String, Object> model, String phone, Actor actor) {
    if (phone == null) {
      model.put("tickets", List.of());
      return Future.succeededFuture();
    }
    return console.tickets.resident(phone).compose(resident -> {
      model.put("resident", resident.orElse(null));
      Future<Optional<Unit>> community = unit(resident.map(Resident::communityCode).orElse(null));
      Future<Optional<Unit>> grid = unit(resident.map(Resident::gridCode).orElse(null));
      Future<List<Ticket>> recent = console.tickets.list(TicketQuery.byCaller(phone), actor).map(page -> page.items());
      return Future.all(community, grid, recent).map(all -> {
        model.put("community", community.result().orElse(null));
        model.put("grid", grid.result().orElse(null));
        model.put("tickets", recent.result().stream().limit(10).toList());
        return null;
      });
    });
  }

  private Future<Optional<Unit>> unit(String code) {
    return code == null ? Future.succeededFuture(Optional.empty()) : console.tickets.unit(code);
  }

  /** The ticket the IVR registered on the call; one the agent may not see, or a wrong number, is just not shown. */
  private Future<Void> ivrTicket(Map<String, Object> model, String number, Actor actor) {
    if (number == null) {
      return Future.succeededFuture();
    }
    return console.tickets.get(number, actor)
        .onSuccess(ticket -> model.put("ivrTicket", ticket))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }

  /** The categories with the unit and deadline they would get now, the units to dispatch to, and likely duplicates. */
  private Future<Void> intakeChoices(RoutingContext ctx, Actor actor, Map<String, Object> model, String phone,
      MultiMap form) {
    Instant now = console.clock.instant();
    Resident resident = (Resident) model.get("resident");
    Unit community = (Unit) model.get("community");
    String address = blankToNull(form.get("address")) != null ? form.get("address")
        : resident == null ? null : resident.address();
    Future<List<Category>> categories = console.tickets.categories();
    Future<List<HandlingUnit>> units = console.tickets.handlingUnits();
    Future<List<Ticket>> duplicates = phone == null && address == null ? Future.succeededFuture(List.of())
        : console.tickets.likelyDuplicates(phone, address, blankToNull(form.get("category")), now.minus(DUPLICATE_WINDOW),
            actor);
    return Future.all(categories, units, duplicates).map(all -> {
      Map<String, String> unitNames = units.result().stream()
          .collect(Collectors.toMap(HandlingUnit::code, HandlingUnit::name, (a, b) -> a, LinkedHashMap::new));
      List<Map<String, Object>> choices = new ArrayList<>();
      for (Category c : categories.result()) {
        String unit = switch (c.defaultUnit()) {
          case "community" -> community == null ? null : community.code();
          case "none" -> null;
          default -> c.defaultUnit();
        };
        Map<String, Object> choice = new HashMap<>();
        choice.put("code", c.code());
        choice.put("name", "en".equals(model.get("lang")) ? c.nameEn() : c.nameZh());
        choice.put("nameZh", c.nameZh());
        choice.put("nameEn", c.nameEn());
        choice.put("kind", c.itemKind().wire());
        choice.put("unit", unit == null ? "" : unit);
        choice.put("unitName", unit == null ? "" : unitNames.getOrDefault(unit, unit));
        choice.put("days", c.timeLimitDays());
        choice.put("deadline", console.tickets.calendar().deadline(now, c.timeLimitDays()));
        choices.add(choice);
      }
      model.put("categories", choices);
      model.put("categoryNames", categories.result().stream().collect(Collectors.toMap(Category::code,
          c -> "en".equals(Pages.language(ctx)) ? c.nameEn() : c.nameZh())));
      model.put("units", units.result());
      model.put("duplicates", duplicates.result());
      model.put("address", address == null ? "" : address);
      return null;
    });
  }

  private static Map<String, String> formValues(MultiMap form) {
    Map<String, String> values = new HashMap<>();
    for (String field : List.of("category", "itemKind", "description", "address", "unit", "resolution")) {
      values.put(field, form.get(field) == null ? "" : form.get(field));
    }
    values.put("confidential", "on".equals(form.get("confidential")) ? "on" : "");
    values.put("resolveNow", "on".equals(form.get("resolveNow")) ? "on" : "");
    return values;
  }

  /**
   * Registers the ticket from the pop's form. Refused (409, the form shown again with its values) while
   * likely duplicates exist and the agent has not ticked "this is a new problem"; when they have, the
   * new ticket's history names the tickets it was checked against.
   */
  void create(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    Actor actor = Console.actor(ctx);
    String phone = Phones.normalize(form.get("phone") == null ? "" : form.get("phone").trim()).orElse(null);
    String category = blankToNull(form.get("category"));
    String address = blankToNull(form.get("address"));
    boolean resolveNow = "on".equals(form.get("resolveNow"));
    String kind = blankToNull(form.get("itemKind"));
    NewTicket request;
    try {
      if (phone == null) {
        throw TicketingException.invalid("the caller's phone number is missing or not a number");
      }
      request = new NewTicket(phone, Channel.AGENT, category, kind == null ? null : ItemKind.parse(kind),
          blankToNull(form.get("description")), blankToNull(form.get("recording")), address, blankToNull(form.get("unit")),
          "on".equals(form.get("confidential")), false,
          resolveNow ? Optional.ofNullable(blankToNull(form.get("resolution"))).orElse("话务员当场解答 (answered on the call)") : null);
    } catch (TicketingException e) {
      again(ctx, form, 400, e.getMessage());
      return;
    }
    Instant since = console.clock.instant().minus(DUPLICATE_WINDOW);
    console.tickets.likelyDuplicates(phone, address, category, since, actor).compose(duplicates -> {
      if (!duplicates.isEmpty() && !"on".equals(form.get("notDuplicate"))) {
        throw TicketingException.conflict("duplicate");
      }
      // the ticket exists once created: a note that fails afterwards must not bring the form back (a second ticket)
      return console.tickets.create(request, actor).compose(ticket -> duplicates.isEmpty() ? Future.succeededFuture(ticket)
          : console.tickets.act(ticket.number(), Action.NOTE, ActionRequest.note("话务员确认为新诉求，已核对可能重复的工单 (agent confirmed a new problem; "
              + "checked against): " + duplicates.stream().map(Ticket::number).collect(Collectors.joining(", "))), actor)
              .recover(noteFailed -> Future.succeededFuture(ticket)));
    }).onSuccess(ticket -> Console.redirect(ctx, "/tickets/" + ticket.number() + "?created=1"))
        .onFailure(e -> {
          if (e instanceof TicketingException t && t.kind() != TicketingException.Kind.FORBIDDEN) {
            again(ctx, form, t.kind() == TicketingException.Kind.CONFLICT ? 409 : 400,
                "duplicate".equals(t.getMessage()) ? "" : t.getMessage());
          } else {
            ctx.fail(e);
          }
        });
  }

  /** The desk again with the form as the agent filled it, and why it was not taken. */
  private void again(RoutingContext ctx, MultiMap form, int status, String error) {
    popModel(ctx, blankToNull(form.get("call")), form.get("phone"), null, form)
        .onSuccess(model -> {
          model.put("search", "");
          model.put("error", error);
          model.put("duplicateRefused", status == 409);
          console.page(ctx, status, "agent.ftlh", model);
        })
        .onFailure(ctx::fail);
  }

  /** A repeat call about a ticket already registered: its history records the call, no second ticket. */
  void repeat(RoutingContext ctx) {
    String note = blankToNull(ctx.request().getFormAttribute("note"));
    String text = "重复来电 (repeat call)" + (note == null ? "" : ": " + note);
    console.tickets.act(ctx.pathParam("number"), Action.NOTE, ActionRequest.note(text), Console.actor(ctx))
        .onSuccess(ticket -> Console.redirect(ctx, "/tickets/" + ticket.number() + "?repeat=1"))
        .onFailure(ctx::fail);
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
