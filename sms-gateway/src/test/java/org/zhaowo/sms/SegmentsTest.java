package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Config;

/** UCS-2 and GSM-7 segment counts, and the shipped templates' lengths. */
class SegmentsTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Test
  void chineseTextIsUcs2With70InOneAnd67PerPart() {
    assertEquals(new Segments("UCS-2", 70, 1), Segments.of("办".repeat(70)));
    assertEquals(new Segments("UCS-2", 71, 2), Segments.of("办".repeat(71)));
    assertEquals(new Segments("UCS-2", 134, 2), Segments.of("办".repeat(134)));
    assertEquals(new Segments("UCS-2", 135, 3), Segments.of("办".repeat(135)));
  }

  @Test
  void plainEnglishIsGsm7With160InOneAnd153PerPart() {
    assertEquals(new Segments("GSM-7", 160, 1), Segments.of("a".repeat(160)));
    assertEquals(new Segments("GSM-7", 161, 2), Segments.of("a".repeat(161)));
    assertEquals(new Segments("GSM-7", 2, 1), Segments.of("€"), "an extended character takes two units");
    assertEquals("UCS-2", Segments.of("ticket 10000012 — ok").encoding(), "an em dash is not GSM-7");
  }

  /** The standard Chinese texts fit one 70-character segment with a typical unit name; printed for the record. */
  @Test
  void theStandardChineseMessagesFitOneSegment() {
    SmsTemplates templates = new SmsTemplates(Config.of(Map.of()));
    Map<String, Object> model = Map.of("number", "10000012", "unit", "解放第1社区（演示）",
        "deadline", Notices.date(Instant.parse("2026-11-25T15:59:59Z"), "zh-CN", SHANGHAI),
        "note", "已更换水管阀门", "survey", true, "state", "办理中");
    for (String kind : new String[] {"registered", "dispatched", "extended", "resolved", "reopened", "closed",
        "survey_reminder", "progress"}) {
      for (String language : new String[] {"zh-CN", "en"}) {
        String body = templates.render(kind, language, model);
        Segments segments = Segments.of(body);
        System.out.printf("%-16s %-5s %s %3d units %d segment(s): %s%n", kind, language, segments.encoding(),
            segments.units(), segments.count(), body);
        if (language.equals("zh-CN")) {
          assertEquals(1, segments.count(), kind + " is " + segments.units() + " characters: " + body);
        }
        assertTrue(body.contains("10000012"), body);
      }
    }
  }
}
