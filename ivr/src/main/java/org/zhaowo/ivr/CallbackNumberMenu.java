package org.zhaowo.ivr;

import org.zhaowo.ticketing.Phones;

/** The number to call or text back: the caller's own (read back by its last 4 digits), or one typed in. */
final class CallbackNumberMenu {
  private static final int MAX_DIGITS = 12;

  private final Call call;

  CallbackNumberMenu(Call call) {
    this.call = call;
  }

  String choose() {
    String own = call.callerPhone();
    if (own != null) {
      char choice = call.keypad.choose(Prompt.CALLBACK_CONFIRM, "12", () -> {
        call.session.play(Prompt.NUMBER_ENDS_IN);
        call.session.sayDigits(own.substring(own.length() - 4));
      });
      if (choice == '1') {
        return own;
      }
    }
    call.enter("report.callback.typed");
    String typed = call.keypad.enter(Prompt.ENTER_CALLBACK, MAX_DIGITS,
        digits -> Phones.normalize(digits).isPresent(), Prompt.NUMBER_INVALID);
    return Phones.normalize(typed).orElseThrow();
  }
}
