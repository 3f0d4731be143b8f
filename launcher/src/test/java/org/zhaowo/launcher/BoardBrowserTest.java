package org.zhaowo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.zhaowo.ticketing.Api;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.MutableClock;

/**
 * The handling unit's worklist, the supervisors' board with its ECharts charts, and the public results
 * page in a real headless Chromium against the whole service: the unit accepts a ticket from its list
 * and resolves it on the ticket's page; the board and the figures show it; the public page needs no login.
 */
class BoardBrowserTest {
  /** Tuesday 1 December 2026, 10:00 in Shanghai. */
  static final Instant TUESDAY_10AM = Instant.parse("2026-12-01T02:00:00Z");

  static MutableClock clock;
  static Zhaowo zhaowo;
  static String number;

  @BeforeAll
  static void start() throws Exception {
    clock = new MutableClock(TUESDAY_10AM);
    Path data = Files.createTempDirectory("zhaowo-board");
    zhaowo = Zhaowo.start(Config.of(Map.of("ZHAOWO_DATA_DIR", data.toString(), "ZHAOWO_HTTP_PORT", "0",
        "ZHAOWO_AGI_PORT", "0")), clock);
    Api api = new Api(zhaowo.httpPort());
    number = api.post("/api/tickets", api.login("agent"), new JsonObject().put("callerPhone", "13800138000")
        .put("channel", "agent").put("category", "utilities").put("description", "楼道灯不亮（浏览器测试）")
        .put("address", "解放第1社区 3号楼")).json().getString("number"); // → the demo unit's community
  }

  @AfterAll
  static void stop() throws Exception {
    zhaowo.close();
  }

  @Test
  void theUnitAcceptsFromItsWorklistAndResolvesOnTheTicketPage() {
    try (Browser unit = new Browser(zhaowo.httpPort(), false)) {
      unit.login("unit", "demo");
      assertTrue(unit.driver.getCurrentUrl().endsWith("/unit"), unit.driver.getCurrentUrl());
      WebElement row = unit.find(By.cssSelector("#section-new tr[data-number='" + number + "']"));
      unit.screenshot("unit-worklist");
      row.findElement(By.cssSelector("form[action$='/accept'] button")).click();
      unit.waitUntil(d -> !d.findElements(By.cssSelector("#section-inProgress tr[data-number='" + number + "']")).isEmpty(),
          Duration.ofSeconds(10));
      unit.screenshot("unit-worklist-accepted");

      unit.find(By.cssSelector("#section-inProgress a[href^='/tickets/" + number + "']")).click();
      unit.waitUntil(d -> d.getCurrentUrl().contains("/tickets/" + number), Duration.ofSeconds(10));
      unit.type(By.id("resolve-note"), "已更换灯泡");
      unit.find(By.cssSelector("#action-resolve button[type=submit]")).click();
      unit.waitUntil(d -> d.findElement(By.id("history")).getText().contains("已更换灯泡"), Duration.ofSeconds(10));
      unit.screenshot("unit-ticket-resolved");
      unit.open("/unit");
      assertTrue(unit.driver.findElements(By.cssSelector("tr[data-number='" + number + "']")).isEmpty(),
          "a resolved ticket leaves the worklist");
    }
    theSupervisorsBoardAndItsChart();
    thePublicPage();
  }

  private void theSupervisorsBoardAndItsChart() {
    try (Browser supervisor = new Browser(zhaowo.httpPort(), false)) {
      supervisor.login("supervisor", "demo");
      assertTrue(supervisor.driver.getCurrentUrl().endsWith("/board"), supervisor.driver.getCurrentUrl());
      assertNotNull(supervisor.find(By.id("supervise-number")));
      supervisor.screenshot("board");
      supervisor.open("/board/kpis");
      chartDrawn(supervisor, "chart-weeks");
      chartDrawn(supervisor, "chart-units");
      String table = supervisor.text(By.cssSelector("#kpi-units tfoot"));
      assertTrue(table.contains("合计"), table);
      supervisor.screenshot("board-kpis");
    }
  }

  private void thePublicPage() {
    try (Browser resident = new Browser(zhaowo.httpPort(), true)) {
      resident.open("/results");
      assertTrue(resident.driver.getCurrentUrl().endsWith("/results"), "no login asked");
      chartDrawn(resident, "chart-results");
      String page = resident.find(By.tagName("main")).getText();
      assertTrue(!page.contains("13800138000") && !page.contains("3号楼") && !page.contains(number), page);
      resident.screenshot("results");
    }
  }

  /** The div holds an ECharts instance that drew into a canvas of non-zero size. */
  private static void chartDrawn(Browser browser, String id) {
    browser.waitUntil(d -> "true".equals(d.findElement(By.id(id)).getAttribute("data-drawn")), Duration.ofSeconds(15));
    Object instance = browser.script("return echarts.getInstanceByDom(document.getElementById(arguments[0])) != null", id);
    assertEquals(Boolean.TRUE, instance, "echarts.getInstanceByDom(#" + id + ")");
    WebElement canvas = browser.find(By.cssSelector("#" + id + " canvas"));
    assertTrue(canvas.getSize().getWidth() > 100 && canvas.getSize().getHeight() > 100, "canvas " + canvas.getSize());
  }
}
