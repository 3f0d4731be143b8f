package org.zhaowo.sms;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketEvent;

/** Which ticket events a resident hears of, and what their message template is told. */
final class Notices {
  private static final DateTimeFormatter ZH = DateTimeFormatter.ofPattern("M月d日", Locale.CHINA);
  private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
  private static final int MAX_NOTE = 24;

  private Notices() {}

  /** The message kind for an event, or null when the resident is not told of it. */
  static String kind(TicketEvent event) {
    return switch (event.action()) {
      case "create" -> "registered";
      case "dispatch" -> "dispatched";
      case "extend" -> "extended";
      case "resolve" -> "resolved";
      case "reopen" -> "reopened";
      case "close" -> "closed";
      case "merge" -> "merged";
      default -> null;
    };
  }

  /** The intake's own dispatch, in the transaction that registered the ticket. */
  static boolean isIntakeDispatch(TicketEvent event) {
    return "dispatch".equals(event.action()) && "dispatcher".equals(event.actor())
        && event.fromState() != null && event.fromState().wire().equals("received");
  }

  static Map<String, Object> model(Ticket ticket, TicketEvent event, String language, ZoneId zone, boolean survey) {
    Map<String, Object> model = new HashMap<>();
    model.put("number", ticket.number());
    putIfPresent(model, "unit", ticket.unitName());
    putIfPresent(model, "deadline", date(ticket.deadline(), language, zone));
    putIfPresent(model, "note", "resolve".equals(event.action()) ? shorten(event.note()) : null);
    model.put("survey", survey);
    model.put("follower", false);
    putIfPresent(model, "into", ticket.mergedInto());
    return model;
  }

  static Map<String, Object> progress(Ticket ticket, String language, ZoneId zone) {
    Map<String, Object> model = new HashMap<>();
    if (ticket == null) {
      return model;
    }
    model.put("number", ticket.number());
    model.put("state", stateWord(ticket.state().wire(), language));
    putIfPresent(model, "unit", ticket.unitName());
    putIfPresent(model, "deadline", ticket.isOpen() ? date(ticket.deadline(), language, zone) : null);
    return model;
  }

  private static String stateWord(String state, String language) {
    boolean en = "en".equals(language);
    return switch (state) {
      case "received" -> en ? "registered" : "已登记";
      case "dispatched" -> en ? "dispatched" : "已派单";
      case "in_progress" -> en ? "being handled" : "办理中";
      case "resolved" -> en ? "resolved" : "已办结";
      case "merged" -> en ? "merged with another ticket about the same problem" : "已与同一问题的工单合并办理";
      default -> en ? "closed" : "已结案";
    };
  }

  static String date(Instant instant, String language, ZoneId zone) {
    if (instant == null) {
      return null;
    }
    return ("en".equals(language) ? EN : ZH).format(instant.atZone(zone));
  }

  private static String shorten(String note) {
    if (note == null || note.isBlank()) {
      return null;
    }
    String flat = note.strip().replaceAll("\\s+", " ");
    return flat.length() <= MAX_NOTE ? flat : flat.substring(0, MAX_NOTE - 1) + "…";
  }

  private static void putIfPresent(Map<String, Object> model, String key, Object value) {
    if (value != null) {
      model.put(key, value);
    }
  }
}
