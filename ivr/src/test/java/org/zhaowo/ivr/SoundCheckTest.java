package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Config;

/** The start-up check of a local sounds folder: exactly which files are missing, and the gauge. */
class SoundCheckTest extends IvrTest {
  @Test
  void missingFilesAreListedPerLanguageAndCounted() throws Exception {
    Path sounds = Files.createTempDirectory("sounds-check");
    Files.createFile(sounds.resolve(UnitPrompts.INSTALLED_MARK)); // scripts/install-asterisk's
    for (String file : SoundFiles.needed(units(ivr))) {
      boolean gone = file.equals("zh/zhaowo/num/digit-1") || file.equals("en/zhaowo/slow/unit/SD01-C01");
      if (!gone) {
        Path sln = sounds.resolve(file + ".sln"); // any format Asterisk plays counts
        Files.createDirectories(sln.getParent());
        Files.createFile(sln);
      }
    }
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    IvrSettings settings = IvrSettings.from(Config.of(Map.of("ZHAOWO_IVR_SOUNDS_DIR", sounds.toString())));
    SoundCheck check = SoundCheck.of(ivr.vertx, settings, ivr.tickets, meters);
    Map<String, List<String>> missing = check.count().await();
    assertEquals(Map.of("zh", List.of("zhaowo/num/digit-1"), "en", List.of("zhaowo/slow/unit/SD01-C01")), missing);
    assertEquals(2.0, meters.get("zhaowo.ivr.sounds.missing").gauge().value());

    // the full check speaks the unit's name (espeak-ng and sox are here); a catalog prompt is the installer's
    assertEquals(Map.of("zh", List.of("zhaowo/num/digit-1")), check.run().await());
    assertTrue(Files.size(sounds.resolve("en/zhaowo/slow/unit/SD01-C01.wav")) > 44, "a WAV with sound in it");
    assertEquals(1.0, meters.get("zhaowo.ivr.sounds.missing").gauge().value());
  }

  @Test
  void withoutALocalFolderNothingIsCheckedOrCounted() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    IvrSettings settings = IvrSettings.from(Config.of(Map.of("ZHAOWO_IVR_SOUNDS_DIR", "/no/such/sounds")));
    assertEquals(Map.of(), SoundCheck.of(ivr.vertx, settings, ivr.tickets, meters).run().await());
    assertTrue(meters.find("zhaowo.ivr.sounds.missing").gauges().isEmpty());
  }
}
