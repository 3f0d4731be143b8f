package org.zhaowo.ivr;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.HandlingUnit;
import org.zhaowo.ticketing.TicketService;

/**
 * The check of Asterisk's sounds folder when it is readable here ({@code ZHAOWO_IVR_SOUNDS_DIR}), at start
 * and every {@code ZHAOWO_IVR_SOUND_CHECK_SECONDS}: speaks the names of handling units that have none yet
 * ({@link UnitPrompts}, when espeak-ng and sox are here and the folder is writable), then logs exactly which
 * files the IVR can play are still missing per language (each one would cost a call its AGISTATUS=SUCCESS;
 * a missing unit name is said generically). The count is the gauge {@code zhaowo.ivr.sounds.missing}. The
 * units come from ticketing's {@link TicketService#handlingUnits()}.
 */
final class SoundCheck {
  private static final Logger log = LoggerFactory.getLogger(SoundCheck.class);

  private final IvrSettings settings;
  private final TicketService tickets;
  private final SoundFiles sounds;
  private final WorkerExecutor worker;
  private final AtomicInteger missingCount = new AtomicInteger();
  private Future<Map<String, List<String>>> running;
  private Map<String, List<String>> reported;

  private SoundCheck(Vertx vertx, IvrSettings settings, TicketService tickets, MeterRegistry meters) {
    this.settings = settings;
    this.tickets = tickets;
    this.sounds = settings.sounds();
    // one thread, many minutes: the first start can speak every unit's name, two processes a file
    this.worker = sounds.dir() == null ? null : vertx.createSharedWorkerExecutor("zhaowo-sound-check", 1, 30, TimeUnit.MINUTES);
    if (sounds.dir() != null) {
      Gauge.builder("zhaowo.ivr.sounds.missing", missingCount, AtomicInteger::get)
          .description("Sound files the IVR can play that Asterisk's sounds folder lacks (checked at start and periodically)")
          .register(meters);
    }
  }

  /** The check of the configured folder; nothing is checked (and no gauge) when there is no local folder. */
  static SoundCheck of(Vertx vertx, IvrSettings settings, TicketService tickets, MeterRegistry meters) {
    if (settings.sounds().dir() == null && settings.soundsDir() != null) {
      log.warn("ZHAOWO_IVR_SOUNDS_DIR={} is not a folder here: the sound files are not checked, and unit names"
          + " added later must be installed with scripts/install-asterisk", settings.soundsDir());
    }
    return new SoundCheck(vertx, settings, tickets, meters);
  }

  /**
   * The first count, which also looks at the recordings folder; the caller then {@link #run}s the check in
   * the background: speaking every unit's name into a fresh folder takes minutes, calls must not wait.
   */
  Future<Map<String, List<String>>> atStart() {
    return count().onSuccess(missing -> {
      if (sounds.dir() != null) {
        checkRecordings(Path.of(settings.recordingsDir()));
      }
    });
  }

  /** For {@code /health}: whether the folder is checked here, and how many files it lacked at the last check. */
  io.vertx.core.json.JsonObject health() {
    return new io.vertx.core.json.JsonObject().put("soundsChecked", sounds.dir() != null)
        .put("soundsMissing", sounds.dir() == null ? null : missingCount.get());
  }

  /** Speaks the missing unit names it can, then counts what is still missing; one check at a time. */
  synchronized Future<Map<String, List<String>>> run() {
    if (running == null || running.isComplete()) {
      running = check(true);
    }
    return running;
  }

  /** Counts and reports the missing files without speaking any (what {@link #run} finds before it acts). */
  Future<Map<String, List<String>>> count() {
    return check(false);
  }

  private Future<Map<String, List<String>>> check(boolean speak) {
    if (sounds.dir() == null) {
      return Future.succeededFuture(Map.of());
    }
    return units()
        .compose(units -> worker.executeBlocking(() -> { // a walk of the sounds folder, and processes
          if (speak) {
            speakMissingUnits(units);
          }
          return sounds.missing(units.keySet());
        }, false))
        .onSuccess(missing -> {
          missingCount.set(missing.values().stream().mapToInt(List::size).sum());
          report(missing);
        });
  }

  /** Code → name of every handling unit; none (the prompts are still checked) when ticketing does not answer. */
  private Future<Map<String, String>> units() {
    return tickets.handlingUnits()
        .map(units -> units.stream().collect(Collectors.toMap(HandlingUnit::code, HandlingUnit::name, (a, b) -> a)))
        .recover(e -> {
          log.warn("Could not read the handling units for the sound check ({}); checking the prompts only", e.toString());
          return Future.succeededFuture(Map.of());
        });
  }

  private void speakMissingUnits(Map<String, String> units) {
    Map<String, List<String>> unitFiles = sounds.missing(units.keySet()).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stream().filter(SoundCheck::isUnit).toList()));
    int wanted = unitFiles.values().stream().mapToInt(List::size).sum();
    String unavailable = wanted == 0 ? null : UnitPrompts.unavailable(sounds.dir());
    if (unavailable != null) {
      log.warn("Cannot speak {} missing unit name files here ({}): run scripts/install-asterisk", wanted, unavailable);
      return;
    }
    UnitPrompts speaker = new UnitPrompts(sounds.dir());
    int spoken = 0;
    for (Map.Entry<String, List<String>> language : unitFiles.entrySet()) {
      for (String file : language.getValue()) {
        String code = file.substring(file.lastIndexOf("unit/") + "unit/".length());
        try {
          speaker.speak(language.getKey(), file, units.get(code));
          spoken++;
        } catch (Exception e) {
          log.warn("Could not speak {}/{}: {}", language.getKey(), file, e.toString());
        }
      }
    }
    if (wanted > 0) {
      log.info("Spoke {} of {} missing unit name files into {}", spoken, wanted, sounds.dir());
    }
  }

  private static boolean isUnit(String file) {
    return file.startsWith("zhaowo/unit/") || file.startsWith("zhaowo/slow/unit/");
  }

  /** Logs what is missing when it differs from the last report: a periodic check repeats nothing. */
  private synchronized void report(Map<String, List<String>> missing) {
    if (missing.equals(reported)) {
      return;
    }
    reported = missing;
    Path dir = sounds.dir();
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
