package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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
    assertEquals("96715: ticket 10000012 is closed. Thank you for calling 96715.",
        templates.render("closed", "en", Map.of("number", "10000012")), "files not overridden stay shipped");
  }

  @Test
  void aBrokenEditFallsBackToTheShippedText() throws Exception {
    Files.writeString(dir.resolve("closed.zh-CN.ftl"), "工单${numbr}已结案");
    SmsTemplates templates = new SmsTemplates(Config.of(Map.of(SmsTemplates.DIR_KEY, dir.toString())));

    assertEquals("【96715】工单10000012已结案，感谢您对96715的支持。有事请找我：96715。",
        templates.render("closed", "zh-CN", Map.of("number", "10000012")));

    Files.writeString(dir.resolve("closed.zh-CN.ftl"), "工单${number"); // does not even compile
    templates.refresh();
    assertEquals("【96715】工单10000012已结案，感谢您对96715的支持。有事请找我：96715。",
        templates.render("closed", "zh-CN", Map.of("number", "10000012")));
  }

  @Test
  void editsArePickedUpByARefreshNeverWhileRendering() throws Exception {
    Path closed = dir.resolve("closed.zh-CN.ftl");
    Files.writeString(closed, "工单${number}已结案。");
    SmsTemplates templates = new SmsTemplates(Config.of(Map.of(SmsTemplates.DIR_KEY, dir.toString())));
    String shippedEnglish = templates.render("closed", "en", Map.of("number", "10000012"));

    FileTime loaded = Files.getLastModifiedTime(closed);
    Files.writeString(closed, "工单${number}已经结案。");
    // a newer file time than the one loaded, even on a file system whose times are coarse
    Files.setLastModifiedTime(closed, FileTime.from(loaded.toInstant().plusSeconds(10)));
    Files.writeString(dir.resolve("closed.en.ftl"), "Ticket ${number} closed.");
    assertEquals("工单10000012已结案。", templates.render("closed", "zh-CN", Map.of("number", "10000012")),
        "rendering reads no file");
    assertEquals(shippedEnglish, templates.render("closed", "en", Map.of("number", "10000012")));

    templates.refresh();

    assertEquals("工单10000012已经结案。", templates.render("closed", "zh-CN", Map.of("number", "10000012")));
    assertEquals("Ticket 10000012 closed.", templates.render("closed", "en", Map.of("number", "10000012")));
    Files.delete(closed);
    templates.refresh();
    assertEquals("【96715】工单10000012已结案，感谢您对96715的支持。有事请找我：96715。",
        templates.render("closed", "zh-CN", Map.of("number", "10000012")), "a removed file gives the shipped text back");
  }
}
