package org.zhaowo.ivr;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.FailureLog;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.SurveyAnswer;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketQuery;
import org.zhaowo.ticketing.TicketingException;

/**
 * Turns spooled entries into rows once the database answers again: reports become tickets (the SMS
 * gateway then texts their numbers), survey answers are recorded, call records and hand-offs written.
 * Runs on a virtual thread, one round at a time, the first at start (a crashed run's entries). An outage ({@link Outage}) ends the round and every
 * entry waits for the next; an entry that fails for any other reason is set aside ({@link Quarantine})
 * so that the ones behind it go on: at once when it is unreadable or ticketing refuses it, after
 * {@value #ROUNDS} rounds in a row when something else fails (a bug, a transient SQL error).
 */
final class SpoolDrainer extends VerticleBase {
  /** Rounds in a row an entry may fail unexpectedly before it is set aside. */
  static final int ROUNDS = 3;
  private static final Logger log = LoggerFactory.getLogger(SpoolDrainer.class);

  private final IvrServices services;
  private final Quarantine quarantine;
  private final long periodMs;
  private final FailureLog outages = new FailureLog(log, "Spool drain");
  /** Rounds in a row each entry failed unexpectedly, by file name; a restart starts the count over. */
  private final Map<String, Integer> failures = new HashMap<>();
  private final AtomicInteger pending = new AtomicInteger();
  private boolean running;

  SpoolDrainer(IvrServices services, MeterRegistry meters, long periodMs) {
    this.services = services;
    this.quarantine = new Quarantine(services, meters);
    this.periodMs = periodMs;
    Gauge.builder("zhaowo.ivr.spool.pending", pending, AtomicInteger::get)
        .description("Spool entries waiting for the database, as the last round left them").register(meters);
  }

  @Override
  public Future<?> start() {
    // the first round at once: what a crashed run left (reports written ahead, records) is not kept waiting
    vertx.setPeriodic(1, periodMs, id -> drain());
    return Future.succeededFuture();
  }

  /** One round, then the quarantine's missing rows; false when the database stopped answering (or a round runs). */
  boolean drain() {
    if (running) {
      return false;
    }
    running = true;
    try {
      replayPending();
      quarantine.recordRows();
      outages.succeeded();
      return true;
    } catch (RuntimeException e) {
      if (!Outage.is(e)) {
        throw e;
      }
      outages.failed(e);
      return false;
    } finally {
      running = false;
    }
  }

  private void replayPending() {
    List<Path> entries = services.spool().pending();
    pending.set(entries.size());
    for (Path entry : entries) {
      if (replay(entry)) {
        pending.decrementAndGet();
      }
    }
  }

  /** True when the entry left {@code pending/}; an outage is thrown on, ending the round. */
  private boolean replay(Path entry) {
    String kind = Spool.kind(entry);
    JsonObject payload;
    try {
      payload = Spool.read(entry);
    } catch (DecodeException | CharacterCodingException unreadable) {
      return setAside(entry, "unreadable " + kind + " entry: " + Quarantine.describe(unreadable));
    } catch (IOException e) {
      return failed(entry, e);
    }
    return Spool.KINDS.contains(kind) ? write(entry, kind, payload) : setAside(entry, "unknown kind '" + kind + "'");
  }

  private boolean write(Path entry, String kind, JsonObject payload) {
    try {
      switch (kind) {
        case "call" -> services.await(services.records().insertCall(payload));
        case "handoff" -> services.await(services.records().insertHandoff(payload));
        case "ticket" -> ticket(payload);
        case "survey" -> survey(payload);
        default -> throw new IllegalArgumentException("no spool kind " + kind); // replay checked it
      }
      services.spool().done(entry);
      failures.remove(entry.getFileName().toString());
      return true;
    } catch (TicketingException refused) {
      return setAside(entry, "refused by ticketing (" + refused.kind() + "): " + refused.getMessage());
    } catch (RuntimeException e) {
      if (Outage.is(e)) {
        throw e;
      }
      return failed(entry, e);
    } catch (IOException e) {
      return failed(entry, e); // written but not moved to done/: replaying it is harmless
    }
  }

  private boolean failed(Path entry, Exception e) {
    int rounds = failures.merge(entry.getFileName().toString(), 1, Integer::sum);
    if (rounds < ROUNDS) {
      log.warn("Spooled {} failed ({} of {} rounds before it is set aside): {}", entry.getFileName(), rounds, ROUNDS,
          Quarantine.describe(e));
      return false;
    }
    return setAside(entry, "failed " + rounds + " rounds in a row: " + Quarantine.describe(e));
  }

  private boolean setAside(Path entry, String reason) {
    try {
      quarantine.setAside(entry, reason);
      failures.remove(entry.getFileName().toString());
      return true;
    } catch (IOException e) {
      log.error("Could not set {} aside in quarantine/; it stays pending: {}", entry.getFileName(), e.toString());
      return false;
    }
  }

  private void ticket(JsonObject t) {
    NewTicket report = NewTicket.fromIvr(t.getString("phone"), t.getString("category"), t.getString("recording"),
        t.getBoolean("incomplete")).withIntakeKey(t.getString("intakeKey")).withNumber(t.getString("number"));
    // under the number the caller heard, when one was held for it; with its intake key, ticketing itself returns the ticket of a report registered before (a crash after the
    // commit, or an answer too late for the caller); entries written before reports had keys are looked up
    Ticket ticket = report.intakeKey() != null ? services.await(services.tickets().create(report, IvrServices.IVR))
        : alreadyRegistered(t).orElseGet(() -> services.await(services.tickets().create(report, IvrServices.IVR)));
    log.info("Spooled report of call {} is now ticket {}", t.getString("uniqueId"), ticket.number());
    if (t.getString("uniqueId") == null) {
      return;
    }
    try {
      services.await(services.records().spooledTicket(t.getString("uniqueId"), ticket.number(), services.clock().instant()));
    } catch (RuntimeException e) {
      if (Outage.is(e)) {
        throw e; // the entry waits; replayed, it finds its ticket registered and notes it then
      }
      // the ticket exists, so the entry is done: set aside, an agent might register the report a second time
      log.warn("Call record {} does not show ticket {}: {}", t.getString("uniqueId"), ticket.number(), Quarantine.describe(e));
    }
  }

  /**
   * The ticket of a report spooled without an intake key (by an older version) if the database registered
   * it after all (it answered too late for the caller): its recording, unique to the call, identifies it.
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
}
