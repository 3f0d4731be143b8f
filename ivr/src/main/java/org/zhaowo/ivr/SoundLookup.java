package org.zhaowo.ivr;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which file Asterisk plays for a sound name the IVR sends ({@code zhaowo/welcome}, no extension): the one
 * in the channel language's folder, else in the sounds folder itself, else in the default language's
 * ({@code en/}), in whatever format it has ({@code .wav}, {@code .sln}, …); none, and Asterisk answers -1.
 * scripts/call ({@link CallClient}) and the tests' scripted Asterisk both answer by it.
 */
final class SoundLookup {
  private SoundLookup() {}

  /** The file found, under {@code sounds} and without extension ({@code zh/zhaowo/welcome}); empty when none is. */
  static Optional<String> find(Path sounds, String language, String file) {
    for (String folder : new String[] {language + "/", "", "en/"}) {
      if (hasAnyFormat(sounds.resolve(folder + file))) {
        return Optional.of(folder + file);
      }
    }
    return Optional.empty();
  }

  /** Whether a sound exists in any format ({@code .wav}, {@code .sln}, …): names have no extension. Unreadable = missing. */
  static boolean hasAnyFormat(Path withoutExtension) {
    Path folder = withoutExtension.getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      return false;
    }
    String prefix = withoutExtension.getFileName() + ".";
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, p -> p.getFileName().toString().startsWith(prefix))) {
      return files.iterator().hasNext();
    } catch (IOException unreadable) {
      return false; // Asterisk cannot read it either
    }
  }
}
