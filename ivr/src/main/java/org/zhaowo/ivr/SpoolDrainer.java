package org.zhaowo.ivr;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.SurveyAnswer;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketQuery;
import org.zhaowo.ticketing.TicketingException;

/**
 * Turns spooled entries into rows once the database answers again: reports become tickets (the SMS
 * gateway then texts their numbers), survey answers are recorded, call records and hand-offs written.
 * Runs on a virtual thread, one round at a time.
 */
final class SpoolDrainer extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SpoolDrainer.class);

  private final IvrServices services;
  private final long periodMs;
  private boolean running;

  SpoolDrainer(IvrServices services, long periodMs) {
    this.services = services;
    this.periodMs = periodMs;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(periodMs, periodMs, id -> drain());
    return Future.succeededFuture();
  }

  /** One round: stops at the first entry the database cannot take yet. */
  void drain() {
    if (running) {
      return;
    }
    running = true;
    try {
      for (Path entry : services.spool().pending()) {
        if (!write(entry)) {
          return;
        }
      }
    } finally {
      running = false;
    }
  }

  private boolean write(Path entry) {
    try {
      JsonObject payload = Spool.read(entry);
      switch (Spool.kind(entry)) {
        case "call" -> services.await(services.records().insertCall(payload));
        case "handoff" -> services.await(services.records().insertHandoff(payload));
        case "ticket" -> ticket(payload);
        case "survey" -> survey(payload);
        default -> throw TicketingException.invalid("unknown spool kind");
      }
      services.spool().done(entry);
      return true;
    } catch (TicketingException refused) {
      log.error("Spooled {} refused by ticketing: {}", entry.getFileName(), refused.getMessage());
      moveRefused(entry, refused.getMessage());
      return true;
    } catch (Exception e) {
      log.info("Database still unavailable; {} waits ({})", entry.getFileName(), e.toString());
      return false;
    }
  }

  private void ticket(JsonObject t) {
    Ticket ticket = alreadyRegistered(t).orElseGet(() -> services.await(services.tickets().create(
        NewTicket.fromIvr(t.getString("phone"), t.getString("category"), t.getString("recording"),
            t.getBoolean("incomplete")), IvrServices.IVR)));
    log.info("Spooled report of call {} is now ticket {}", t.getString("uniqueId"), ticket.number());
    try {
      services.await(services.records().ticketOfCall(t.getString("uniqueId"), ticket.number()));
    } catch (RuntimeException e) {
      // the ticket exists and the entry is done: only the call record misses its number
      log.warn("Call record {} does not show ticket {}: {}", t.getString("uniqueId"), ticket.number(), e.toString());
    }
  }

  /**
   * The ticket of this report if the database registered it after all (it answered too late for the
   * caller): its recording, unique to the call, identifies it. Never register a report twice.
   */
  private Optional<Ticket> alreadyRegistered(JsonObject t) {
    String recording = t.getString("recording");
    String phone = t.getString("phone"); // null for a withheld number: look among the newest tickets
    TicketQuery query = phone != null ? TicketQuery.byCaller(phone) : new TicketQuery(null, null, null, null, null, null, 1, 200);
    return services.await(services.tickets().list(query, IvrServices.IVR))
        .items().stream().filter(ticket -> recording.equals(ticket.recording())).findFirst();
  }

  private void survey(JsonObject s) {
    services.await(services.tickets().recordSurvey(s.getString("ticket"), new SurveyAnswer("phone",
        s.getBoolean("solved"), s.getString("satisfaction"), null, s.getString("recording")), IvrServices.IVR));
  }

  private void moveRefused(Path entry, String reason) {
    try {
      services.spool().refused(entry, reason);
    } catch (java.io.IOException e) {
      log.error("Could not move refused spool entry {}", entry, e);
    }
  }
}
