package org.zhaowo.ticketing;

import io.vertx.core.json.JsonObject;

/**
 * Asterisk's queue connected a caller to an agent's phone: what the IVR's AMI listener publishes on
 * the event bus at {@link #ADDRESS} (every instance hears its own Asterisk events), and what pops up
 * on the screen of the user who sits at that phone.
 *
 * @param agentInterface the queue member's interface, e.g. {@code PJSIP/agent01}
 * @param uniqueId the caller's channel unique id (the IVR's agi_uniqueid)
 * @param caller the caller's number: the channel's ZHAOWO_CALLER, else its caller ID; null when withheld
 * @param ticketNumber the channel's ZHAOWO_TICKET, when the IVR registered one
 * @param queue the queue's name
 */
public record QueueConnect(String agentInterface, String uniqueId, String caller, String ticketNumber, String queue) {
  public static final String ADDRESS = "zhaowo.queue.connect";

  public JsonObject toJson() {
    return new JsonObject().put("interface", agentInterface).put("uniqueId", uniqueId).put("caller", caller)
        .put("ticket", ticketNumber).put("queue", queue);
  }

  public static QueueConnect fromJson(JsonObject json) {
    return new QueueConnect(json.getString("interface"), json.getString("uniqueId"), json.getString("caller"),
        json.getString("ticket"), json.getString("queue"));
  }
}
