package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Config;

/** The prompt catalog and the settings' rules, without a call. */
class CatalogAndSettingsTest {

  @Test
  void everyPromptHasAUniqueKeyAndBothLanguagesAndNumberWordsTheirOwn() {
    assertEquals(Prompt.all().size(), Prompt.all().stream().map(Prompt::key).collect(Collectors.toSet()).size());
    assertTrue(Prompt.all().stream().filter(p -> !p.key().startsWith("num/"))
        .allMatch(p -> p.zh() != null && !p.zh().isBlank() && p.en() != null && !p.en().isBlank()));
    assertTrue(Prompt.all().stream().allMatch(p -> p.zh() != null || p.en() != null));
    assertEquals("幺", Prompt.byKey("num/digit-1").zh());
    assertEquals(null, Prompt.byKey("num/month-12").zh(), "Mandarin months are number + 月");
    assertEquals(null, Prompt.byKey("num/10000").en(), "English has no 万");
    assertEquals(Prompt.byKey("num/digit-8"), Prompt.byFile("zhaowo/slow/num/digit-8"));
    assertEquals(Prompt.MAIN_MENU, Prompt.byFile("zhaowo/slow/main-menu"));
    assertEquals("zhaowo/slow/welcome", Prompt.WELCOME.file(true));
  }

  @Test
  void agentHoursMayRunPastMidnight() {
    IvrSettings night = IvrSettings.from(Config.of(Map.of("ZHAOWO_IVR_AGENT_HOURS", "20:00-08:00")));
    assertTrue(night.agentHours(Instant.parse("2026-11-23T15:00:00Z")), "23:00 in Shanghai");
    assertTrue(night.agentHours(Instant.parse("2026-11-22T23:30:00Z")), "07:30 in Shanghai");
    assertFalse(night.agentHours(Instant.parse("2026-11-23T02:00:00Z")), "10:00 in Shanghai");
    assertTrue(IvrSettings.from(Config.of(Map.of())).agentHours(Instant.EPOCH), "around the clock by default");
  }

  @Test
  void digitTimeoutsAreNeverBelowFiveSeconds() {
    IvrSettings hasty = IvrSettings.from(Config.of(Map.of("ZHAOWO_IVR_DIGIT_TIMEOUT_MS", "1000")));
    assertEquals(5_000, hasty.digitTimeout().toMillis());
  }
}
