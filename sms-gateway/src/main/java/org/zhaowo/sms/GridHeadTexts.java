package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Category;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Resident;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketEvent;
import org.zhaowo.ticketing.TicketService;

/**
 * A new ticket of a resident who lives in a grid is texted to that grid's head (网格长), the front-line
 * first responder: one text per ticket, on its create event, written into the outbox in that event's
 * transaction like the resident's own. It never names the resident's phone; a confidential ticket's
 * text gives only its number and category.
 */
final class GridHeadTexts {
  /** Set to false to text no grid heads, nor take their commands by text ({@link GridHeadCommands}). */
  static final String ENABLED = "ZHAOWO_SMS_GRID_HEADS";
  static final String KIND = "grid_head_new";
  private static final Logger log = LoggerFactory.getLogger(GridHeadTexts.class);

  private final TicketService tickets;
  private final SmsTemplates templates;
  private final Clock clock;
  private final ZoneId zone;

  GridHeadTexts(TicketService tickets, SmsTemplates templates, Clock clock, ZoneId zone) {
    this.tickets = tickets;
    this.templates = templates;
    this.clock = clock;
    this.zone = zone;
  }

  /** Queues the grid head's text of a ticket just created for {@code resident} (null: not a resident). */
  Future<Void> onCreate(SqlConnection tx, Ticket ticket, TicketEvent event, Resident resident) {
    if (!"create".equals(event.action()) || resident == null || resident.gridCode() == null) {
      return Future.succeededFuture();
    }
    // read through the event's transaction: TicketService.unit would take a second connection mid-transaction
    return tx.preparedQuery(OutboxSql.GRID_HEAD).execute(Tuple.of(resident.gridCode()))
        .compose(rows -> rows.size() == 0 ? none(ticket, resident.gridCode(), "is not a grid")
            : queue(tx, ticket, event, rows.iterator().next()));
  }

  private Future<Void> queue(SqlConnection tx, Ticket ticket, TicketEvent event, Row grid) {
    String raw = grid.getString("phone");
    if (raw == null || raw.isBlank()) {
      return none(ticket, grid.getString("code"), "has no phone");
    }
    String phone = Phones.normalize(raw).orElse(raw.strip());
    String skip = Phones.isMobile(phone) ? null : "not_mobile";
    if (skip != null) {
      log.info("No grid head text for ticket {} to {}: {}", ticket.number(), Phones.mask(phone), skip);
    }
    return tickets.categories().compose(categories -> {
      String body = templates.render(KIND, "zh-CN", model(ticket, grid, categories));
      return new OutgoingText("event:" + event.id() + ":" + KIND, ticket.id(), KIND, phone, "zh-CN", body, skip)
          .queue(tx, clock.instant());
    });
  }

  private Map<String, Object> model(Ticket ticket, Row grid, java.util.List<Category> categories) {
    Map<String, Object> model = new HashMap<>();
    model.put("number", ticket.number());
    model.put("category", categories.stream().filter(c -> c.code().equals(ticket.category())).map(Category::nameZh)
        .findFirst().orElse(ticket.category()));
    if (grid.getString("head_name") != null) {
      model.put("head", grid.getString("head_name"));
    }
    if (!ticket.confidential()) { // a confidential ticket's text says where and when nothing
      if (ticket.address() != null && !ticket.address().isBlank()) {
        model.put("address", ticket.address().strip());
      }
      String deadline = Notices.date(ticket.deadline(), "zh-CN", zone);
      if (deadline != null) {
        model.put("deadline", deadline);
      }
    }
    return model;
  }

  /** No row: there is no number to keep one for. */
  private static Future<Void> none(Ticket ticket, String grid, String why) {
    log.warn("No grid head text for ticket {}: grid {} {}", ticket.number(), grid, why);
    return Future.succeededFuture();
  }
}
