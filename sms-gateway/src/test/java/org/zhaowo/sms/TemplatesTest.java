package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zhaowo.ticketing.Config;

/** Operators edit the texts as files; a broken edit falls back to the shipped text. */
class TemplatesTest {
  @TempDir
  Path dir;

  @Test
  void aFileInTheOverrideDirectoryReplacesTheShippedText() throws Exception {
    Files.writeString(dir.resolve("closed.zh-CN.ftl"), "【96715】工单${number}已结案。");
    SmsTemplates templates = new SmsTemplates(Config.of(Map.of(SmsTemplates.DIR_KEY, dir.toString())));

    assertEquals("【96715】工单10000012已结案。", templates.render("closed", "zh-CN", Map.of("number", "10000012")));
    assertEquals("96715: ticket 10000012 is closed. Thank you for your feedback.",
        templates.render("closed", "en", Map.of("number", "10000012")), "files not overridden stay shipped");
  }

  @Test
  void aBrokenEditFallsBackToTheShippedText() throws Exception {
    Files.writeString(dir.resolve("closed.zh-CN.ftl"), "工单${numbr}已结案");
    SmsTemplates templates = new SmsTemplates(Config.of(Map.of(SmsTemplates.DIR_KEY, dir.toString())));

    assertEquals("【96715】工单10000012已结案，感谢您的评价。有事请找我：96715。",
        templates.render("closed", "zh-CN", Map.of("number", "10000012")));
  }
}
