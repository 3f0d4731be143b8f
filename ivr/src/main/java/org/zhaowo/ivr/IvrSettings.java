package org.zhaowo.ivr;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.zhaowo.ticketing.Config;

/**
 * The call flows' settings, each read here with its default; the environment overrides.
 *
 * @param recordingsDir where Asterisk writes recordings (a path on the Asterisk machine)
 * @param soundsDir Asterisk's sounds folder when it is readable here (ZHAOWO_IVR_SOUNDS_DIR), else null
 * @param soundCheckEvery how often that folder is checked again and missing unit names spoken into it
 *     (ZHAOWO_IVR_SOUND_CHECK_SECONDS; zero: only at start)
 * @param agentsFrom start of the hours when agents answer (inclusive)
 * @param agentsUntil end of those hours (exclusive); equal to agentsFrom means around the clock
 * @param landlineAsElderly treat every landline caller as elderly (the configurable rule)
 * @param elderlyMenu offer elderly callers the menu instead of going straight to a person
 * @param messageCategory the category of a voice message left when no agent is available
 * @param numberBlock ticket numbers each instance holds in advance (ZHAOWO_IVR_NUMBER_BLOCK; zero: none)
 * @param maxDbInFlight registrations the phone path may have in the database at once (ZHAOWO_IVR_MAX_DB_IN_FLIGHT)
 * @param circuitOpen how long after a database timeout no caller waits on it (ZHAOWO_IVR_DB_CIRCUIT_S)
 * @param numberCoverSeconds how many seconds of the current reports the numbers held should cover
 *     (ZHAOWO_IVR_NUMBER_COVER_S; zero: always the block's size)
 */
record IvrSettings(
    Duration digitTimeout,
    Duration elderlyDigitTimeout,
    Duration recordMax,
    Duration recordSilence,
    String recordingsDir,
    Path soundsDir,
    Duration soundCheckEvery,
    Path spoolDir,
    Duration databaseTimeout,
    LocalTime agentsFrom,
    LocalTime agentsUntil,
    ZoneId zone,
    boolean landlineAsElderly,
    boolean elderlyMenu,
    String messageCategory,
    int numberBlock,
    int maxDbInFlight,
    Duration circuitOpen,
    int numberCoverSeconds) {

  static IvrSettings from(Config config) {
    String[] hours = config.get("ZHAOWO_IVR_AGENT_HOURS", "00:00-00:00").split("-");
    return new IvrSettings(
        Duration.ofMillis(Math.max(5_000, config.getInt("ZHAOWO_IVR_DIGIT_TIMEOUT_MS", 6_000))),
        Duration.ofMillis(Math.max(5_000, config.getInt("ZHAOWO_IVR_ELDERLY_DIGIT_TIMEOUT_MS", 10_000))),
        Duration.ofSeconds(config.getInt("ZHAOWO_IVR_RECORD_MAX_S", 120)),
        Duration.ofSeconds(config.getInt("ZHAOWO_IVR_RECORD_SILENCE_S", 6)),
        config.get("ZHAOWO_IVR_RECORDINGS_DIR", "/var/spool/asterisk/zhaowo"),
        soundsDir(config.get("ZHAOWO_IVR_SOUNDS_DIR", "")),
        Duration.ofSeconds(Math.max(0, config.getInt("ZHAOWO_IVR_SOUND_CHECK_SECONDS", 300))),
        Path.of(config.get("ZHAOWO_IVR_SPOOL_DIR", Path.of(config.get("ZHAOWO_DATA_DIR", ".zhaowo"), "ivr-spool").toString())),
        Duration.ofMillis(config.getInt("ZHAOWO_IVR_DB_TIMEOUT_MS", 4_000)),
        LocalTime.parse(hours[0].trim()),
        LocalTime.parse(hours.length > 1 ? hours[1].trim() : hours[0].trim()),
        config.zone(),
        config.getBoolean("ZHAOWO_IVR_LANDLINE_AS_ELDERLY", false),
        config.getBoolean("ZHAOWO_IVR_ELDERLY_MENU", false),
        config.get("ZHAOWO_IVR_MESSAGE_CATEGORY", "other"),
        Math.max(0, config.getInt("ZHAOWO_IVR_NUMBER_BLOCK", 50)),
        Math.max(1, config.getInt("ZHAOWO_IVR_MAX_DB_IN_FLIGHT", 64)),
        Duration.ofSeconds(Math.max(0, config.getInt("ZHAOWO_IVR_DB_CIRCUIT_S", 5))),
        Math.max(0, config.getInt("ZHAOWO_IVR_NUMBER_COVER_S", 60)));
  }

  private static Path soundsDir(String configured) {
    return configured.isBlank() ? null : Path.of(configured);
  }

  /** What is known of Asterisk's sounds folder: nothing unless it is set and a local folder. */
  SoundFiles sounds() {
    return SoundFiles.at(soundsDir);
  }

  /** True inside the agents' hours (a window may run past midnight). */
  boolean agentHours(java.time.Instant now) {
    if (agentsFrom.equals(agentsUntil)) {
      return true;
    }
    LocalTime t = now.atZone(zone).toLocalTime();
    return agentsFrom.isBefore(agentsUntil)
        ? !t.isBefore(agentsFrom) && t.isBefore(agentsUntil)
        : !t.isBefore(agentsFrom) || t.isBefore(agentsUntil);
  }
}
