package org.zhaowo.ivr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sound files the IVR plays, as Asterisk's sounds directory must hold them: every catalog prompt in
 * each language folder that uses it, in the normal and the slow voice, and {@code zhaowo/unit/<code>} for
 * the handling units. With a local sounds folder ({@code ZHAOWO_IVR_SOUNDS_DIR}) it also tells which are
 * there; without one nothing is known to be missing.
 */
final class SoundFiles {
  /** Nothing is known about Asterisk's sounds folder (it is on another machine, or not configured). */
  static final SoundFiles UNKNOWN = new SoundFiles(null);

  private final Path dir;

  private SoundFiles(Path dir) {
    this.dir = dir;
  }

  /** The sounds folder at {@code dir}; {@link #UNKNOWN} when it is null or not a local folder. */
  static SoundFiles at(Path dir) {
    return dir != null && Files.isDirectory(dir) ? new SoundFiles(dir) : UNKNOWN;
  }

  Path dir() {
    return dir;
  }

  /**
   * Every file the IVR can play, as paths under the sounds folder without extension
   * ({@code zh/zhaowo/welcome}, {@code en/zhaowo/slow/num/day-3}, {@code zh/zhaowo/unit/SD01-C01}).
   */
  static List<String> needed(Collection<String> unitCodes) {
    List<String> files = new ArrayList<>();
    for (String language : Prompt.LANGUAGES) {
      for (boolean slow : new boolean[] {false, true}) {
        for (Prompt p : Prompt.all()) {
          if (p.text(language) != null) {
            files.add(language + "/" + p.file(slow));
          }
        }
        for (String unit : unitCodes) {
          files.add(language + "/" + unit(unit).file(slow));
        }
      }
    }
    return files;
  }

  /** The prompt of a handling unit's name (the installer records it from the units table). */
  static Prompt unit(String code) {
    return new Prompt("unit/" + code, code, code);
  }

  /** True only when the folder is known and Asterisk would find no file for it in this language. */
  boolean knownMissing(String language, String file) {
    return dir != null && !exists(language, file);
  }

  /** Asterisk's look-up ({@link SoundLookup}): {@code <lang>/<file>.*}, then {@code <file>.*}, then the default language's. */
  private boolean exists(String language, String file) {
    return SoundLookup.find(dir, language, file).isPresent();
  }

  /** Of {@link #needed}, the files not in the folder, by language; empty when the folder is unknown. */
  Map<String, List<String>> missing(Collection<String> unitCodes) {
    Map<String, List<String>> missing = new LinkedHashMap<>();
    if (dir == null) {
      return missing;
    }
    for (String path : needed(unitCodes)) {
      if (!SoundLookup.hasAnyFormat(dir.resolve(path))) { // the language's own folder: an English fallback is still missing
        int slash = path.indexOf('/');
        missing.computeIfAbsent(path.substring(0, slash), l -> new ArrayList<>()).add(path.substring(slash + 1));
      }
    }
    return missing;
  }

  /** Prints every file the IVR can play, one a line; the arguments are the handling units' codes. */
  public static void main(String[] args) {
    needed(List.of(args)).forEach(System.out::println);
  }
}
