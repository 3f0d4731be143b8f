package org.zhaowo.ivr;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The hotline's keypad conventions for every menu: {@code 0} reaches a person, {@code *} repeats,
 * no input or a wrong key is said and the menu repeated, and three failures go to a person.
 */
final class Keypad {
  static final int MAX_FAILURES = 3;

  private final Call call;

  Keypad(Call call) {
    this.call = call;
  }

  /** Asks until the caller presses one of {@code keys}. */
  char choose(Prompt menu, String keys) {
    return choose(menu, keys, () -> {});
  }

  /** Like {@link #choose(Prompt, String)}, with what is said before the menu each time it is offered. */
  char choose(Prompt menu, String keys, Runnable before) {
    int failures = 0;
    while (true) {
      before.run();
      String pressed = call.session.ask(menu, 1, call.digitTimeout());
      if (pressed.equals("0")) {
        throw new ToAgent(ToAgent.Reason.CALLER_ASKED);
      }
      if (pressed.length() == 1 && keys.indexOf(pressed.charAt(0)) >= 0) {
        return pressed.charAt(0);
      }
      if (!pressed.equals("*")) {
        failures = fail(failures, pressed.isEmpty() ? Prompt.NO_INPUT : Prompt.WRONG_KEY);
      }
    }
  }

  /** Offers a menu once: empty when the caller presses nothing (they are done listening). */
  Optional<Character> offer(Prompt menu, String keys) {
    int failures = 0;
    while (true) {
      String pressed = call.session.ask(menu, 1, call.digitTimeout());
      if (pressed.isEmpty()) {
        return Optional.empty();
      }
      if (pressed.equals("0")) {
        throw new ToAgent(ToAgent.Reason.CALLER_ASKED);
      }
      if (pressed.length() == 1 && keys.indexOf(pressed.charAt(0)) >= 0) {
        return Optional.of(pressed.charAt(0));
      }
      if (!pressed.equals("*")) {
        failures = fail(failures, Prompt.WRONG_KEY);
      }
    }
  }

  /** Reads a number ended by {@code #} until {@code valid} accepts it; a lone {@code 0} reaches a person. */
  String enter(Prompt prompt, int maxDigits, Predicate<String> valid, Prompt invalid) {
    int failures = 0;
    while (true) {
      String typed = call.session.ask(prompt, maxDigits, call.digitTimeout());
      if (typed.equals("0")) {
        throw new ToAgent(ToAgent.Reason.CALLER_ASKED);
      }
      if (valid.test(typed)) {
        return typed;
      }
      if (!typed.equals("*")) {
        failures = fail(failures, typed.isEmpty() ? Prompt.NO_INPUT : invalid);
      }
    }
  }

  private int fail(int failures, Prompt sorry) {
    if (failures + 1 >= MAX_FAILURES) {
      throw new ToAgent(ToAgent.Reason.MENU_FAILURES);
    }
    call.session.play(sorry);
    return failures + 1;
  }
}
