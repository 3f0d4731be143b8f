package org.zhaowo.ivr;

import java.time.Duration;
import java.time.Instant;
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

  void sayDigits(String digits);

  void sayNumber(long number);

  void sayDate(Instant when);

  void setVariable(String name, String value);

  /** A channel variable; empty when it is not set. */
  Optional<String> variable(String name);

  /** Prompts after this use the slower voice (elderly callers). */
  void useSlowVoice();

  void hangUp();

  /**
   * A finished recording.
   *
   * @param file the path Asterisk wrote, with its extension
   * @param hungUp the caller hung up while recording (the file still holds what was said)
   */
  record Recording(String file, boolean hungUp) {}
}
