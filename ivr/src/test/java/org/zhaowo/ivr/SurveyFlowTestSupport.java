package org.zhaowo.ivr;

import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.Ticket;

/** A ticket of the elderly landline resident, resolved by its unit: waiting for its callback survey. */
final class SurveyFlowTestSupport {
  private SurveyFlowTestSupport() {}

  static String resolvedTicket(IvrHarness ivr) {
    Ticket t = ivr.tickets.create(NewTicket.fromIvr("04125551234", "utilities", "/r/s.wav", false), IvrServices.IVR)
        .await();
    Actor unit = new Actor("unit", Role.UNIT, t.unitCode());
    return ivr.tickets.act(t.number(), Action.RESOLVE, ActionRequest.note("修好了"), unit).await().number();
  }
}
