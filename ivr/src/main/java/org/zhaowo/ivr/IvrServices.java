package org.zhaowo.ivr;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.TicketingException;

/**
 * What the call flows use besides the caller: ticketing, the IVR's records, the spool, the settings, the ticket
 * numbers held in advance and the gate that keeps callers from waiting on a slow database.
 */
record IvrServices(TicketService tickets, CallRecords records, Spool spool, IvrSettings settings, Clock clock,
    NumberBlock numbers, RegistrationGate gate) {
  static final Actor IVR = Actor.system("ivr");
  private static final Logger log = LoggerFactory.getLogger(IvrServices.class);

  /** With the block and gate {@code settings} ask for; the block starts empty and fills once refilled. */
  IvrServices(TicketService tickets, CallRecords records, Spool spool, IvrSettings settings, Clock clock) {
    this(tickets, records, spool, settings, clock,
        new NumberBlock(tickets, settings.numberBlock(), settings.databaseTimeout().toMillis(), clock,
            settings.numberCoverSeconds()),
        new RegistrationGate(settings.maxDbInFlight(), settings.circuitOpen(), clock));
  }

  /** Awaits a database call, giving up after the configured time: a caller must not wait on a dead server. */
  <T> T await(Future<T> future) {
    try {
      return bounded(future).await();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // Future.await rethrows a checked failure as it is (a refused connection is a ConnectException):
      // make it one the flows' outage handling catches
      throw new IllegalStateException("the database is unreachable: " + e, e);
    }
  }

  /** A database call that fails once the configured time has passed from now, for one started before it is awaited. */
  <T> Future<T> bounded(Future<T> future) {
    return future.timeout(settings.databaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A failure that means "the database is away" rather than "ticketing refused" (mapped by type). */
  static boolean outage(Throwable failure) {
    return !(failure instanceof TicketingException);
  }

  /** Writes a hand-off without keeping the caller waiting for it; spools it when the database does not answer. */
  void saveSoon(JsonObject handoff) {
    records.insertHandoff(handoff).timeout(settings.databaseTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .onFailure(e -> {
          log.warn("Could not write a handoff record ({}); spooled for later", e.toString());
          spool.put("handoff", handoff); // runs on the call's virtual-thread context: the disk wait is fine
        });
  }

  /**
   * Spools the call record as it stands, held until {@link #saveCall} writes the final one: written before
   * the caller hears a ticket number, so that a call that heard one has its record whatever happens next.
   */
  void recordAhead(Call call) {
    try {
      if (call.recordAhead() == null) {
        call.recordAhead(spool.hold("call", CallRecords.call(call, clock.instant())));
      } else {
        spool.rewrite(call.recordAhead(), CallRecords.call(call, clock.instant()));
      }
    } catch (UncheckedIOException e) { // the number is still read out; the record is written at the end as always
      log.error("Could not spool the call record of {} ahead: {}", call.request.uniqueId(), e.toString());
    }
  }

  /** Writes a call record now, or spools it when the database does not answer. */
  void saveCall(JsonObject record) {
    saveCall(record, null);
  }

  /**
   * Writes a call record now, or spools it when the database does not answer; {@code ahead}, the record spooled
   * earlier in the call ({@link #recordAhead}) or null, is then done, or replaced by this one for the drainer.
   */
  void saveCall(JsonObject record, Path ahead) {
    try {
      await(records.insertCall(record));
    } catch (RuntimeException e) {
      log.warn("Could not write a call record ({}); spooled for later", e.toString());
      if (ahead == null) {
        spool.put("call", record);
      } else {
        spool.rewrite(ahead, record);
        spool.release(ahead);
      }
      return;
    }
    if (ahead != null) {
      try {
        spool.done(ahead);
      } catch (IOException e) { // replaying it writes nothing: the record is there
        log.warn("Call record {} written but its early copy stays in the spool: {}", ahead.getFileName(), e.toString());
        spool.release(ahead);
      }
    }
  }
}
