package org.zhaowo.ivr;

import java.util.Map;

/** Every AGI script name Asterisk may ask for ({@code agi://host:4573/<name>}), in one table. */
final class Scripts {
  /** A call flow from its first prompt to its end. */
  interface CallScript {
    void run(Call call, IvrServices services);
  }

  private static final Map<String, CallScript> TABLE = Map.of(
      "hotline", (call, services) -> new HotlineMenu(call, services).run(),
      "progress", (call, services) -> new ProgressMenu(call, services).run(),
      "survey", (call, services) -> new SurveyMenu(call, services).run(),
      // the queue found nobody: a person if one is free now, else a voice message that becomes a ticket
      "message", (call, services) -> new AgentHandoff(call, services).run(ToAgent.Reason.CALLER_ASKED));

  private Scripts() {}

  /** The script for a name, or null for a name nobody configured. */
  static CallScript find(String name) {
    return TABLE.get(name);
  }
}
