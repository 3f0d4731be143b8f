package org.zhaowo.ivr;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.asteriskjava.fastagi.command.AgiCommand;
import org.asteriskjava.fastagi.command.AnswerCommand;
import org.asteriskjava.fastagi.command.ExecCommand;
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
    String file = prompt.file(slowVoice);
    AgiReply reply = run(STREAM_FILE.text(file, () -> new StreamFileCommand(file, "")), StreamFileCommand.class, 0);
    if (reply.code() < 0) {
      log.warn("Sound file {} ({}) could not be played (missing?)", prompt.file(slowVoice), language);
      return false;
    }
    return true;
  }

  @Override
  public String ask(Prompt prompt, int maxDigits, Duration timeout) {
    String file = prompt.file(slowVoice);
    AgiReply reply = run(GET_DATA.text(file + " " + timeout.toMillis() + " " + maxDigits,
        () -> new GetDataCommand(file, timeout.toMillis(), maxDigits)), GetDataCommand.class, timeout.toMillis());
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
    AgiReply reply = send(command.buildCommand(), RecordFileCommand.class, maxLength.toMillis()); // 511 or a closed connection: CallerHungUp, no recording
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

  /**
   * A number, a date or a count: its word files in one {@code EXEC Playback a&b&c}, one command for the whole of
   * it rather than one STREAM FILE per word (a ticket number read twice was 16 commands of a report's 35). Playback
   * (app_playback.c) streams each file in the channel's language as STREAM FILE does, answers 0 when it played
   * them, -1 when the caller hung up (with the HANGUP notice), and skips a missing file with a warning and
   * PLAYBACKSTATUS=FAILED rather than failing the AGI. On an Asterisk without app_playback (EXEC answers -2) the
   * call gets the files one by one from then on.
   */
  private void say(List<Prompt> words) {
    if (words.size() < 2 || !playback) {
      words.forEach(this::stream);
      return;
    }
    String files = String.join("&", words.stream().map(w -> w.file(slowVoice)).toList());
    AgiReply reply = run(new ExecCommand("Playback", files), 0);
    if (reply.code() == NO_SUCH_APPLICATION) {
      log.warn("Asterisk has no Playback application (app_playback not loaded?): numbers are read file by file");
      playback = false;
      words.forEach(this::stream);
    }
  }

  /** What EXEC answers when Asterisk has no such application (res_agi's handle_exec). */
  private static final int NO_SUCH_APPLICATION = -2;
  /** False once this call's Asterisk answered that it has no Playback. */
  private boolean playback = true;

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
    return run(command.buildCommand(), command.getClass(), expectedMs);
  }

  private AgiReply run(String text, Class<? extends AgiCommand> kind, long expectedMs) {
    AgiReply reply = send(text, kind, expectedMs);
    if (reply.code() == -1 && connection.hangupNoticed()) {
      throw new CallerHungUp("hang-up during " + kind.getSimpleName());
    }
    return reply;
  }

  /**
   * Sends a command; a 200 reply is returned as it is, 511 (or a closed connection) ends the flow. A 200 whose
   * result no such command gives (a key code that is no key, a number beyond an int) closes the connection.
   */
  private AgiReply send(String text, Class<? extends AgiCommand> kind, long expectedMs) {
    if (returned != null) {
      throw new IllegalStateException(text + " after returning to the dialplan (" + returned + ")");
    }
    AgiReply reply = connection.send(text, expectedMs).await();
    return switch (reply.status()) {
      case AgiReply.OK -> {
        if (!reply.answers(kind)) {
          throw connection.malformed("result=" + AgiLine.quote(reply.result()) + " to " + verb(kind));
        }
        yield reply;
      }
      case AgiReply.DEAD_CHANNEL -> throw new CallerHungUp("dead channel");
      default -> throw new AgiProtocolError(reply.status() + " to " + text + " " + reply.usage());
    };
  }

  private static String verb(Class<? extends AgiCommand> kind) {
    return kind.getSimpleName().replace("Command", "").toUpperCase(java.util.Locale.ROOT);
  }

  private static final CommandTexts STREAM_FILE = new CommandTexts();
  private static final CommandTexts GET_DATA = new CommandTexts();

  /**
   * The text asterisk-java builds for a command, kept per arguments: building it quotes and escapes with a regular
   * expression compiled each time (about an eighth of the IVR's CPU when measured), and a call streams some thirty
   * prompts and digits of a set of a few hundred files. Bounded: past the bound a text is built each time again.
   */
  private static final class CommandTexts {
    private static final int MAX = 2_048;
    private final java.util.concurrent.ConcurrentHashMap<String, String> texts = new java.util.concurrent.ConcurrentHashMap<>();

    String text(String arguments, java.util.function.Supplier<AgiCommand> command) {
      String text = texts.get(arguments);
      if (text == null) {
        text = command.get().buildCommand();
        if (texts.size() < MAX) {
          texts.putIfAbsent(arguments, text);
        }
      }
      return text;
    }
  }
}
