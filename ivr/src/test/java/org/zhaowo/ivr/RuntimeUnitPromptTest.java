package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Config;

/**
 * A handling unit added while the IVR runs (here by SQL, as a migration would) gets its name prompt from the
 * IVR itself, in both languages and voices, when the sounds folder is local and espeak-ng and sox are here.
 */
class RuntimeUnitPromptTest extends IvrTest {
  private static final List<String> FILES = List.of("zh/zhaowo/unit/%s", "zh/zhaowo/slow/unit/%s", "en/zhaowo/unit/%s",
      "en/zhaowo/slow/unit/%s");

  @Test
  void theCheckSpeaksANewUnitsNameAndTheGaugeDrops() throws Exception {
    Path sounds = installedFolder();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    IvrServer server = IvrServer.start(ivr.vertx, ivr.tickets, ivr.pool, config(sounds, 3600), ivr.clock, meters).await();
    try {
      assertEquals(Map.of(), server.soundCheck().run().await()); // the start's check, in the background
      assertEquals(0.0, missing(meters));
      addUnit("SD01-C97", "演示新建社区");
      assertEquals(4.0, server.soundCheck().count().await().values().stream().mapToInt(List::size).sum());
      assertEquals(4.0, missing(meters));

      assertEquals(Map.of(), server.soundCheck().run().await());
      for (String file : FILES) {
        assertPrompt(sounds.resolve(file.formatted("SD01-C97") + ".wav"));
      }
      assertEquals(0.0, missing(meters));
    } finally {
      server.stop().await();
    }
  }

  @Test
  void thePeriodicCheckFindsAUnitAddedAfterStart() throws Exception {
    Path sounds = installedFolder();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    IvrServer server = IvrServer.start(ivr.vertx, ivr.tickets, ivr.pool, config(sounds, 1), ivr.clock, meters).await();
    try {
      addUnit("SD01-C98", "演示另一新社区");
      List<Path> wavs = FILES.stream().map(f -> sounds.resolve(f.formatted("SD01-C98") + ".wav")).toList();
      awaitTrue(() -> wavs.stream().allMatch(Files::exists) && missing(meters) == 0.0, "the periodic check spoke " + wavs);
      for (String file : FILES) {
        assertPrompt(sounds.resolve(file.formatted("SD01-C98") + ".wav"));
      }
    } finally {
      server.stop().await();
    }
  }

  /** What the installer left: its mark, and every file for the units there are now (empty files: any format counts). */
  private static Path installedFolder() throws IOException {
    Path sounds = Files.createTempDirectory("sounds-runtime");
    Files.createFile(sounds.resolve(UnitPrompts.INSTALLED_MARK));
    for (String file : SoundFiles.needed(units(ivr))) {
      Path sln = sounds.resolve(file + ".sln");
      Files.createDirectories(sln.getParent());
      Files.createFile(sln);
    }
    return sounds;
  }

  private static Config config(Path sounds, int checkSeconds) throws IOException {
    return Config.of(Map.of("ZHAOWO_AGI_PORT", "0", "ZHAOWO_AGI_INSTANCES", "1",
        "ZHAOWO_IVR_SPOOL_DIR", Files.createTempDirectory("ivr-spool-sounds").toString(),
        "ZHAOWO_IVR_SOUNDS_DIR", sounds.toString(), "ZHAOWO_IVR_SOUND_CHECK_SECONDS", String.valueOf(checkSeconds)));
  }

  private static void addUnit(String code, String name) {
    ivr.rows("INSERT INTO units (code, name, level, parent_code) VALUES ($1, $2, 'community', 'SD01')", code, name);
  }

  private static double missing(SimpleMeterRegistry meters) {
    return meters.get("zhaowo.ivr.sounds.missing").gauge().value();
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
      Thread.sleep(100); // polling a condition, bounded at 60 s
    }
    assertTrue(condition.getAsBoolean(), what);
  }

  /** An 8 kHz mono 16-bit PCM WAV as sox writes it (the fmt chunk first), with sound in it. */
  private static void assertPrompt(Path wav) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("RIFF", new String(b.array(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII), wav.toString());
    assertEquals(1, b.getShort(22), wav + ": mono");
    assertEquals(8000, b.getInt(24), wav + ": 8 kHz");
    assertEquals(16, b.getShort(34), wav + ": 16-bit");
    assertTrue(b.capacity() > 44 + 800, wav + ": at least 50 ms of sound");
  }
}
