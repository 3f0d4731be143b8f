package org.zhaowo.ivr;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.asteriskjava.fastagi.command.AgiCommand;
import org.asteriskjava.fastagi.command.AnswerCommand;
import org.asteriskjava.fastagi.command.GetDataCommand;
import org.asteriskjava.fastagi.command.GetVariableCommand;
import org.asteriskjava.fastagi.command.RecordFileCommand;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.asteriskjava.fastagi.command.WaitForDigitCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CallSession} over FastAGI: one asterisk-java command at a time, awaited on the call's virtual thread.
 * Numbers and dates are STREAM FILEs of our own {@code zhaowo/num/…} files ({@link Spoken}), in the language
 * last set with {@code CHANNEL(language)} (at first the header's {@code agi_language}).
 */
final class AgiCallSession implements CallSession {
  private static final Logger log = LoggerFactory.getLogger(AgiCallSession.class);
  /** The district zone when the flow gives none: Config's default (ZHAOWO_TIMEZONE). */
  private static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  private final AgiConnection connection;
  private boolean slowVoice;
  private String language;
  private Next returned;

  AgiCallSession(AgiConnection connection) {
    this.connection = connection;
    var request = connection.request();
    this.language = request.succeeded() ? request.result().headers().getOrDefault("agi_language", "zh") : "zh";
  }

  void answer() {
    run(new AnswerCommand(), 0);
  }

  @Override
  public void play(Prompt prompt) {
    stream(prompt);
  }

  @Override
  public boolean playIfPresent(Prompt prompt, SoundFiles sounds) {
    if (sounds.knownMissing(language, prompt.file(slowVoice))) {
      return false; // not even tried: a failed STREAM FILE would leave the AGI in FAILURE
    }
    return stream(prompt);
  }

  /** True when Asterisk played it; a missing file answers -1 (and costs the AGI its SUCCESS). */
  private boolean stream(Prompt prompt) {
    AgiReply reply = run(new StreamFileCommand(prompt.file(slowVoice), ""), 0);
    if (reply.code() < 0) {
      log.warn("Sound file {} ({}) could not be played (missing?)", prompt.file(slowVoice), language);
      return false;
    }
    return true;
  }

  @Override
  public String ask(Prompt prompt, int maxDigits, Duration timeout) {
    AgiReply reply = run(new GetDataCommand(prompt.file(slowVoice), timeout.toMillis(), maxDigits), timeout.toMillis());
    if (reply.code() < 0 && reply.code() != Integer.MIN_VALUE) {
      log.warn("GET DATA {} failed without a hang-up (missing prompt?); reading keys without it", prompt.file(slowVoice));
      return waitForDigits(maxDigits, timeout);
    }
    // "result=123 (timeout)": the caller typed 123 and then waited instead of pressing # — the keys still count
    return reply.result();
  }

  /** Keys one at a time, when the prompt cannot be played: the caller still gets through the menu. */
  private String waitForDigits(int maxDigits, Duration timeout) {
    StringBuilder digits = new StringBuilder();
    while (digits.length() < maxDigits) {
      int code = run(new WaitForDigitCommand(timeout.toMillis()), timeout.toMillis()).code();
      if (code <= 0 || code == '#') {
        break;
      }
      digits.append((char) code);
    }
    return digits.toString();
  }

  /**
   * Only {@code (hangup)}, {@code (dtmf)} and {@code (timeout)} follow a recording Asterisk made. Anything else
   * ({@code -1 (writefile)}, {@code (randomerror)} from the beep, …) made none: a hang-up then ends the flow
   * like any other, and otherwise the recording failed.
   */
  @Override
  public Optional<Recording> record(String path, Duration maxLength, Duration silence) {
    RecordFileCommand command = new RecordFileCommand(path, "wav", "#", (int) maxLength.toMillis(), 0, true,
        (int) silence.toSeconds());
    AgiReply reply = send(command, maxLength.toMillis()); // 511 or a closed connection: CallerHungUp, no recording
    String ending = reply.data() == null ? "" : reply.data();
    switch (ending) {
      case "hangup" -> {
        return Optional.of(new Recording(path + ".wav", true));
      }
      case "dtmf", "timeout" -> {
        return Optional.of(new Recording(path + ".wav", false));
      }
      default -> {
        if (reply.code() == -1 && connection.hangupNoticed()) {
          throw new CallerHungUp("hang-up before recording (" + ending + ")");
        }
        log.error("RECORD FILE {} made no recording: result={} ({})", path, reply.result(), ending);
        return Optional.empty();
      }
    }
  }

  @Override
  public void sayDigits(String digits) {
    say(Spoken.digits(language, digits));
  }

  @Override
  public void sayNumber(long number) {
    say(Spoken.count(language, number));
  }

  @Override
  public void sayDate(Instant when) {
    sayDate(when.atZone(DEFAULT_ZONE).toLocalDate());
  }

  @Override
  public void sayDate(LocalDate day) {
    say(Spoken.date(language, day));
  }

  private void say(List<Prompt> words) {
    words.forEach(this::stream);
  }

  @Override
  public void setVariable(String name, String value) {
    run(new SetVariableCommand(name, value), 0);
    if (name.equals("CHANNEL(language)")) {
      language = value; // Asterisk now looks in sounds/<value>/ first: our number words follow it
    }
  }

  @Override
  public Optional<String> variable(String name) {
    AgiReply reply = run(new GetVariableCommand(name), 0);
    return reply.code() == 1 ? Optional.ofNullable(reply.data()) : Optional.empty();
  }

  @Override
  public void useSlowVoice() {
    slowVoice = true;
  }

  @Override
  public void returnToDialplan(Next next) {
    setVariable("ZHAOWO_NEXT", next.dialplanValue());
    returned = next; // CallRunner closes the connection once the call record is kept
  }

  /** Sends a command and maps its status: 511 and a noticed hang-up end the flow, 510/520 are our bugs. */
  private AgiReply run(AgiCommand command, long expectedMs) {
    AgiReply reply = send(command, expectedMs);
    if (reply.code() == -1 && connection.hangupNoticed()) {
      throw new CallerHungUp("hang-up during " + command.getClass().getSimpleName());
    }
    return reply;
  }

  /**
   * Sends a command; a 200 reply is returned as it is, 511 (or a closed connection) ends the flow. A 200 whose
   * result no such command gives (a key code that is no key, a number beyond an int) closes the connection.
   */
  private AgiReply send(AgiCommand command, long expectedMs) {
    if (returned != null) {
      throw new IllegalStateException(command.buildCommand() + " after returning to the dialplan (" + returned + ")");
    }
    AgiReply reply = connection.send(command.buildCommand(), expectedMs).await();
    return switch (reply.status()) {
      case AgiReply.OK -> {
        if (!reply.answers(command)) {
          throw connection.malformed("result=" + AgiLine.quote(reply.result()) + " to " + verb(command));
        }
        yield reply;
      }
      case AgiReply.DEAD_CHANNEL -> throw new CallerHungUp("dead channel");
      default -> throw new AgiProtocolError(reply.status() + " to " + command.buildCommand() + " " + reply.usage());
    };
  }

  private static String verb(AgiCommand command) {
    return command.getClass().getSimpleName().replace("Command", "").toUpperCase(java.util.Locale.ROOT);
  }
}
