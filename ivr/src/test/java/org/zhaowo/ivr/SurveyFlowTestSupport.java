package org.zhaowo.ivr;

import java.time.Duration;
import java.time.Instant;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.Ticket;

/**
 * A ticket of the elderly landline resident, resolved by its unit: waiting for its callback survey; and
 * the script a survey call of it names, with the key the SMS gateway would have signed for it.
 */
final class SurveyFlowTestSupport {
  private SurveyFlowTestSupport() {}

  /** {@code survey?ticket=N&key=K} as the [zhaowo-survey] dialplan sends it, the key good for an hour. */
  static String surveyScript(IvrHarness ivr, String number) {
    return "survey?ticket=" + number + "&key=" + key(ivr, number, ivr.clock.instant().plus(Duration.ofHours(1)));
  }

  static String key(IvrHarness ivr, String number, Instant expires) {
    return ivr.tickets.surveyKeys().sign(number, 1, 1, expires);
  }

  static String resolvedTicket(IvrHarness ivr) {
    Ticket t = ivr.tickets.create(NewTicket.fromIvr("04125551234", "utilities", "/r/s.wav", false), IvrServices.IVR)
        .await();
    Actor unit = new Actor("unit", Role.UNIT, t.unitCode());
    return ivr.tickets.act(t.number(), Action.RESOLVE, ActionRequest.note("修好了"), unit).await().number();
  }
}
