package org.zhaowo.ivr;

import java.util.List;
import org.zhaowo.ticketing.Ticket;

/**
 * The inbound line: greeting, the open requests of a known caller, then the main menu (1 report, 2 progress,
 * 3 the caller's grid head when their grid is known, 0 a person).
 */
final class HotlineMenu {
  private final Call call;
  private final IvrServices services;

  HotlineMenu(Call call, IvrServices services) {
    this.call = call;
    this.services = services;
  }

  void run() {
    call.enter("greeting");
    if (call.elderly() && !services.settings().elderlyMenu()) {
      call.session.play(Prompt.ELDERLY_WELCOME);
      throw new ToAgent(ToAgent.Reason.ELDERLY);
    }
    call.session.play(Prompt.WELCOME);
    int open = openTickets().size();
    if (open > 0) {
      call.session.play(Prompt.YOU_HAVE);
      call.session.sayNumber(open);
      call.session.play(Prompt.REQUESTS_IN_PROGRESS);
    }
    call.enter("main");
    switch (mainMenu()) {
      case '1' -> new ReportMenu(call, services).run();
      case '2' -> new ProgressMenu(call, services).run();
      default -> new GridHead(call, services).run();
    }
  }

  /** 1, 2 and 0; a resident whose grid is known first hears that 3 reaches their grid head. */
  private char mainMenu() {
    if (!GridHead.offered(call)) {
      return call.keypad.choose(Prompt.MAIN_MENU, "12");
    }
    return call.keypad.choose(Prompt.MAIN_MENU, "123", () -> call.session.play(Prompt.GRID_HEAD_OFFER));
  }

  /** A known resident's open tickets; none when the database does not answer (the menu still works). */
  private List<Ticket> openTickets() {
    if (call.resident() == null) {
      return List.of();
    }
    try {
      return services.await(call.openTickets(services));
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
