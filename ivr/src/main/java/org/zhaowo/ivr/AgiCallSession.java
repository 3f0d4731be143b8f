package org.zhaowo.ivr;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.asteriskjava.fastagi.command.AgiCommand;
import org.asteriskjava.fastagi.command.AnswerCommand;
import org.asteriskjava.fastagi.command.GetDataCommand;
import org.asteriskjava.fastagi.command.GetVariableCommand;
import org.asteriskjava.fastagi.command.HangupCommand;
import org.asteriskjava.fastagi.command.RecordFileCommand;
import org.asteriskjava.fastagi.command.SayDigitsCommand;
import org.asteriskjava.fastagi.command.SayNumberCommand;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.asteriskjava.fastagi.command.WaitForDigitCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link CallSession} over FastAGI: one asterisk-java command at a time, awaited on the call's virtual thread. */
final class AgiCallSession implements CallSession {
  private static final Logger log = LoggerFactory.getLogger(AgiCallSession.class);
  private static final long SAY_MS_PER_DIGIT = 1_000;

  private final AgiConnection connection;
  private boolean slowVoice;

  AgiCallSession(AgiConnection connection) {
    this.connection = connection;
  }

  void answer() {
    run(new AnswerCommand(), 0);
  }

  @Override
  public void play(Prompt prompt) {
    AgiReply reply = run(new StreamFileCommand(prompt.file(slowVoice), ""), 0);
    if (reply.code() < 0) {
      log.warn("Sound file {} could not be played (missing?)", prompt.file(slowVoice));
    }
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
    run(new SayDigitsCommand(digits, ""), digits.length() * SAY_MS_PER_DIGIT);
  }

  @Override
  public void sayNumber(long number) {
    run(new SayNumberCommand(Long.toString(number), ""), 5_000);
  }

  @Override
  public void sayDate(Instant when) {
    run(new SayDateCommand(when.getEpochSecond()), 10_000);
  }

  @Override
  public void setVariable(String name, String value) {
    run(new SetVariableCommand(name, value), 0);
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
  public void hangUp() {
    run(new HangupCommand(), 0);
  }

  /** Sends a command and maps its status: 511 and a noticed hang-up end the flow, 510/520 are our bugs. */
  private AgiReply run(AgiCommand command, long expectedMs) {
    AgiReply reply = send(command, expectedMs);
    if (reply.code() == -1 && connection.hangupNoticed()) {
      throw new CallerHungUp("hang-up during " + command.getClass().getSimpleName());
    }
    return reply;
  }

  /** Sends a command; a 200 reply is returned as it is, 511 (or a closed connection) ends the flow. */
  private AgiReply send(AgiCommand command, long expectedMs) {
    AgiReply reply = connection.send(command.buildCommand(), expectedMs).await();
    return switch (reply.status()) {
      case AgiReply.OK -> reply;
      case AgiReply.DEAD_CHANNEL -> throw new CallerHungUp("dead channel");
      default -> throw new AgiProtocolError(reply.status() + " to " + command.buildCommand() + " " + reply.usage());
    };
  }
}
