package org.zhaowo.ivr;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Unit;

/**
 * A recognised resident reaches their own grid head (网格长): the dialplan gets {@code ZHAOWO_NEXT=dial},
 * the grid head's public phone in {@code ZHAOWO_DIAL} and the caller in {@code ZHAOWO_CALLER}, and dials
 * it, queueing the caller for an agent when nobody answers. A grid head whose phone cannot be looked up
 * (the database is away, the grid has no valid phone) is apologised for and the caller goes to a person.
 */
final class GridHead {
  private static final Logger log = LoggerFactory.getLogger(GridHead.class);

  private final Call call;
  private final IvrServices services;

  GridHead(Call call, IvrServices services) {
    this.call = call;
    this.services = services;
  }

  /** Whether the main menu offers the grid head: the caller is a resident whose grid is known. */
  static boolean offered(Call call) {
    return call.resident() != null && call.resident().gridCode() != null;
  }

  void run() {
    call.enter("grid-head");
    String grid = call.resident().gridCode();
    String phone = phone(grid);
    call.enter("grid-head:" + grid); // the call record keeps which grid head was dialled
    call.session.setVariable("ZHAOWO_CALLER", call.callerPhone());
    call.session.setVariable("ZHAOWO_DIAL", phone);
    call.end(Outcome.GRID_HEAD);
    call.session.play(Prompt.CONNECTING_GRID_HEAD);
    call.session.returnToDialplan(CallSession.Next.DIAL);
  }

  /** The grid head's phone in national form, or the way to a person when there is none to dial. */
  private String phone(String grid) {
    Optional<Unit> unit;
    try {
      unit = services.await(services.tickets().unit(grid));
    } catch (RuntimeException e) {
      log.warn("Could not look up grid {} for call {}: {}", grid, call.request.uniqueId(), e.toString());
      throw unavailable(IvrServices.outage(e) ? ToAgent.Reason.DATABASE : ToAgent.Reason.ERROR);
    }
    Optional<String> phone = unit.map(Unit::phone).flatMap(Phones::normalize);
    if (phone.isEmpty()) {
      log.warn("Grid {} has no phone to dial (unit {}); call {} goes to a person", grid,
          unit.isPresent() ? "without a valid phone" : "unknown", call.request.uniqueId());
      throw unavailable(ToAgent.Reason.CALLER_ASKED);
    }
    return phone.get();
  }

  private ToAgent unavailable(ToAgent.Reason reason) {
    call.session.play(Prompt.SORRY_UNAVAILABLE);
    return new ToAgent(reason);
  }
}
