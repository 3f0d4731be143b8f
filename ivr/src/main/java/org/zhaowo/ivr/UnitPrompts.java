package org.zhaowo.ivr;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Speaks handling units' names into Asterisk's sounds folder, as scripts/prompts does (espeak-ng, then sox
 * to 8 kHz mono 16-bit WAV), so that a unit added after the installer ran is named rather than said
 * generically. Blocking: each file is two processes; callers run it off the event loop.
 */
final class UnitPrompts {
  /** A language folder's voice and its speeds: the same as scripts/prompts'. */
  record Voice(String language, String espeak, int normal, int slow) {}

  static final List<Voice> VOICES = List.of(new Voice("zh", "cmn-latn-pinyin", 160, 115), new Voice("en", "en-us", 165, 120));
  private static final List<String> TOOLS = List.of("espeak-ng", "sox");
  /** A name is a few words: a tool that takes longer than this is stuck. */
  private static final long TIMEOUT_SECONDS = 30;
  /** Left by scripts/install-asterisk: the IVR writes only into a folder an installer set up for it. */
  static final String INSTALLED_MARK = ".zhaowo-installed";

  private final Path dir;

  UnitPrompts(Path dir) {
    this.dir = dir;
  }

  /** Why unit prompts cannot be spoken into {@code dir} here, or null when they can. */
  static String unavailable(Path dir) {
    if (dir == null) {
      return "the sounds folder is not local (ZHAOWO_IVR_SOUNDS_DIR)";
    }
    if (!Files.exists(dir.resolve(INSTALLED_MARK))) {
      return "scripts/install-asterisk did not install " + dir + " (no " + INSTALLED_MARK + ")";
    }
    for (String tool : TOOLS) {
      if (!onPath(tool)) {
        return tool + " is not on the PATH";
      }
    }
    return Files.isWritable(dir) ? null : dir + " is not writable by this user";
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String folder : path.split(File.pathSeparator)) {
      if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, tool))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes {@code <language>/<file>.wav} ({@code file} as {@link SoundFiles#missing} names it, e.g.
   * {@code zhaowo/slow/unit/SD01-C01}) saying {@code text}: into a temporary file beside it, then moved
   * over it in one step, so Asterisk never plays half a file.
   */
  void speak(String language, String file, String text) throws IOException, InterruptedException {
    Voice voice = VOICES.stream().filter(v -> v.language().equals(language)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no voice for language " + language));
    int speed = file.startsWith("zhaowo/slow/") ? voice.slow() : voice.normal();
    Path target = dir.resolve(language).resolve(file + ".wav");
    Files.createDirectories(target.getParent());
    Path raw = Files.createTempFile("zhaowo-unit-", ".wav");
    Path converted = Files.createTempFile(target.getParent(), ".prompt.", ".wav"); // "." : never taken for a sound
    try {
      run("espeak-ng", "-v", voice.espeak(), "-s", String.valueOf(speed), "-w", raw.toString(), "--", text);
      run("sox", "-V1", "-G", raw.toString(), "-r", "8000", "-c", "1", "-b", "16", converted.toString());
      Files.move(converted, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(raw);
      Files.deleteIfExists(converted);
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command[0] + " took more than " + TIMEOUT_SECONDS + " s");
    }
    if (process.exitValue() != 0) {
      throw new IOException(command[0] + " failed with exit code " + process.exitValue());
    }
  }
}
