package org.zhaowo.ivr;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What a call flow may do with the caller. Every method blocks its virtual thread until Asterisk
 * answers, and throws {@link CallerHungUp} once the caller is gone (except {@link #record} when the
 * caller hangs up during the recording: what was said is kept).
 */
interface CallSession {

  /** Plays a prompt to the end; keys pressed meanwhile are not kept. */
  void play(Prompt prompt);

  /**
   * Plays a prompt and reads up to {@code maxDigits} keys ({@code #} ends early, and so does waiting
   * {@code timeout} after the last key): the keys typed, "" when none came in time.
   */
  String ask(Prompt prompt, int maxDigits, Duration timeout);

  /**
   * Records the caller after a beep until {@code #}, silence, the time limit or a hang-up. Empty when
   * Asterisk made no recording (it could not write the file); throws {@link CallerHungUp} when the
   * caller hung up before the recording began.
   */
  Optional<Recording> record(String path, Duration maxLength, Duration silence);

  /**
   * Plays a prompt unless its file is known to be missing ({@code sounds} has the sounds folder) or Asterisk
   * cannot play it: false then, and the flow says something generic instead.
   */
  boolean playIfPresent(Prompt prompt, SoundFiles sounds);

  /** A ticket or phone number, digit by digit (幺 for 1 in Mandarin), from the IVR's own number files. */
  void sayDigits(String digits);

  /** A count, said before a measure word (两件 in Mandarin, "two requests"), from the IVR's own files. */
  void sayNumber(long number);

  /** The day of an instant in the default district zone (Asia/Shanghai); flows that know the zone use {@link #sayDate(LocalDate)}. */
  void sayDate(Instant when);

  /** A day: 十二月三日, "December third", from the IVR's own files. */
  void sayDate(LocalDate day);

  void setVariable(String name, String value);

  /** A channel variable; empty when it is not set. */
  Optional<String> variable(String name);

  /** Prompts after this use the slower voice (elderly callers). */
  void useSlowVoice();

  /**
   * The flow's last word: leaves {@code ZHAOWO_NEXT} for the dialplan and sends nothing more. The call
   * goes back to the dialplan when the FastAGI connection closes (Asterisk goes on after the {@code AGI()}
   * step with AGISTATUS=SUCCESS); the dialplan hangs up with cause 16 or queues the caller. Never the AGI
   * {@code HANGUP} command: that ends the channel with cause 0 and the dialplan after {@code AGI()} never runs.
   */
  void returnToDialplan(Next next);

  /** What the dialplan does after the AGI, as {@code ZHAOWO_NEXT} tells it. */
  enum Next {
    /** The IVR has said goodbye: {@code Hangup(16)}. */
    HANGUP,
    /** The agents' queue, with {@code ZHAOWO_CALLER} and {@code ZHAOWO_TICKET}. */
    AGENT,
    /** {@code Dial()} the number in {@code ZHAOWO_DIAL} (the caller's grid head), the agents' queue if unanswered. */
    DIAL;

    String dialplanValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A finished recording.
   *
   * @param file the path Asterisk wrote, with its extension
   * @param hungUp the caller hung up while recording (the file still holds what was said)
   */
  record Recording(String file, boolean hungUp) {}
}
