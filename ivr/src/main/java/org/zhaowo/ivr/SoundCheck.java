package org.zhaowo.ivr;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check when Asterisk's sounds folder is readable here ({@code ZHAOWO_IVR_SOUNDS_DIR}): logs
 * exactly which files the IVR can play are missing per language (each one would cost a call its
 * AGISTATUS=SUCCESS), and whether the recordings folder exists and is writable. The count of missing files
 * is the gauge {@code zhaowo.ivr.sounds.missing}.
 */
final class SoundCheck {
  private static final Logger log = LoggerFactory.getLogger(SoundCheck.class);
  /** The handling units whose names the progress read-out plays (ticketing's reference list). */
  private static final String UNIT_CODES = "SELECT code FROM units ORDER BY code";

  private SoundCheck() {}

  /** The missing files by language; empty (and no gauge) when no local sounds folder is set. */
  static Future<Map<String, List<String>>> run(Vertx vertx, IvrSettings settings, Pool pool, MeterRegistry meters) {
    SoundFiles sounds = settings.sounds();
    if (sounds.dir() == null) {
      if (settings.soundsDir() != null) {
        log.warn("ZHAOWO_IVR_SOUNDS_DIR={} is not a folder here: the sound files are not checked", settings.soundsDir());
      }
      return Future.succeededFuture(Map.of());
    }
    AtomicInteger missingCount = new AtomicInteger();
    Gauge.builder("zhaowo.ivr.sounds.missing", missingCount, AtomicInteger::get)
        .description("Sound files the IVR can play that Asterisk's sounds folder lacks (checked at start)")
        .register(meters);
    return unitCodes(pool)
        .compose(units -> vertx.executeBlocking(() -> sounds.missing(units))) // a walk of the sounds folder
        .onSuccess(missing -> {
          missingCount.set(missing.values().stream().mapToInt(List::size).sum());
          report(sounds.dir(), missing);
          checkRecordings(Path.of(settings.recordingsDir()));
        });
  }

  private static Future<List<String>> unitCodes(Pool pool) {
    return pool.query(UNIT_CODES).execute()
        .map(rows -> StreamSupport.stream(rows.spliterator(), false).map((Row r) -> r.getString("code")).toList())
        .recover(e -> {
          log.warn("Could not read the units for the sound check ({}); checking the prompts only", e.toString());
          return Future.succeededFuture(List.of());
        });
  }

  private static void report(Path dir, Map<String, List<String>> missing) {
    if (missing.isEmpty()) {
      log.info("Sounds in {}: every prompt, number word and unit name is there", dir);
      return;
    }
    missing.forEach((language, files) -> log.warn("Sounds in {}: {} missing in {}/: {}", dir, files.size(), language,
        String.join(", ", files)));
  }

  private static void checkRecordings(Path recordings) {
    if (!Files.isDirectory(recordings)) {
      log.warn("Recordings folder {} does not exist here: RECORD FILE into it fails (-1) unless Asterisk has it",
          recordings);
    } else if (!Files.isWritable(recordings)) {
      log.warn("Recordings folder {} is not writable by this user; Asterisk's user must be able to write it", recordings);
    } else {
      log.info("Recordings folder {} exists and is writable", recordings);
    }
  }
}
