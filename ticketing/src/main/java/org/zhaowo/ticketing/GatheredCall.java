package org.zhaowo.ticketing;

import java.time.Instant;
import java.util.List;

/**
 * What the IVR learnt of one call before a person took it, as the agent's screen shows it.
 *
 * @param uniqueId Asterisk's unique id of the caller's channel
 * @param caller the caller's number as the IVR saw it (national form when valid), or null when withheld
 * @param at when the call reached the IVR
 * @param reason why it was handed to a person ("caller_asked", "menu_failures", "elderly", …), null when it was not
 * @param path the menus reached, in order ("greeting", "main", "report.category", "report.category.3", …)
 * @param lastMenu where the caller left the menus
 * @param outcome the call's outcome ("transferred", "ticket_created", …), null while its record is not written yet
 * @param ticketNumber the ticket the IVR registered on this call, if any
 * @param recording the name of the voice recording made on the call (no folder, no extension), if any
 * @param elderly whether the IVR treated the caller as elderly
 * @param category the service category code the caller chose in the menus, null when they did not get that far
 */
public record GatheredCall(String uniqueId, String caller, Instant at, String reason, List<String> path,
    String lastMenu, String outcome, String ticketNumber, String recording, boolean elderly, String category) {
  public GatheredCall {
    path = path == null ? List.of() : List.copyOf(path);
  }
}
