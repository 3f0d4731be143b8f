package org.zhaowo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.MutableClock;

/**
 * Agents type while they talk: sign-in, looking a caller up and registering a ticket with the keyboard
 * alone (no click), on a 1366×768 window; and every form field of those pages has a label.
 */
class KeyboardBrowserTest {
  static Zhaowo zhaowo;

  @BeforeAll
  static void start() throws Exception {
    zhaowo = Zhaowo.start(Config.of(Map.of("ZHAOWO_DATA_DIR", Files.createTempDirectory("zhaowo-keys").toString(),
        "ZHAOWO_HTTP_PORT", "0", "ZHAOWO_AGI_PORT", "0")), new MutableClock(Instant.parse("2026-12-01T02:00:00Z")));
  }

  @AfterAll
  static void stop() throws Exception {
    zhaowo.close();
  }

  @Test
  void anAgentSignsInLooksUpACallerAndRegistersATicketByKeyboard() {
    try (Browser browser = new Browser(zhaowo.httpPort(), false)) {
      browser.open("/");
      Actions keys = new Actions(browser.driver);
      assertEquals("username", focused(browser).getAttribute("name"), "the login page starts in the username field");
      keys.sendKeys("agent").sendKeys(Keys.TAB).sendKeys("demo").sendKeys(Keys.ENTER).perform();
      browser.waitUntil(ExpectedConditions.urlContains("/agent"), Duration.ofSeconds(10));
      assertEquals("search-phone", focused(browser).getAttribute("id"), "the desk starts in the number field");
      assertEquals(0, unlabelled(browser), "every field of the desk has a label");

      keys.sendKeys("13800138000").sendKeys(Keys.ENTER).perform();
      browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#pop .caller-number")), Duration.ofSeconds(10));
      assertEquals(0, unlabelled(browser), "every field of the pop has a label");
      // the category list takes the focus: the first key chooses, Tab moves on to address and description
      WebElement category = focused(browser);
      assertEquals("intake-category", category.getAttribute("id"));
      keys.sendKeys(Keys.ARROW_DOWN).sendKeys(Keys.TAB).perform();
      assertEquals("intake-address", focused(browser).getAttribute("id"));
      keys.sendKeys(Keys.TAB).sendKeys("小区路灯不亮").perform();
      assertEquals("intake-description", focused(browser).getAttribute("id"));
      // Alt+S (the submit button's access key) registers it
      keys.keyDown(Keys.ALT).sendKeys("s").keyUp(Keys.ALT).perform();
      browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("ticket-number")), Duration.ofSeconds(10));
      assertTrue(browser.text(By.cssSelector(".description")).contains("小区路灯不亮"));
      assertEquals(0, unlabelled(browser), "every field of the ticket page has a label");
      Object width = browser.script("return document.documentElement.scrollWidth");
      assertTrue(((Number) width).intValue() <= 1366, "no sideways scrolling at 1366×768: " + width);
      browser.screenshot("keyboard-ticket");
    }
  }

  private static WebElement focused(Browser browser) {
    return browser.driver.switchTo().activeElement();
  }

  /** Form fields (not hidden) without a label: {@code <label for>}, a wrapping label, or aria-label. */
  private static long unlabelled(Browser browser) {
    List<WebElement> fields = browser.driver.findElements(By.cssSelector("input:not([type=hidden]), select, textarea"));
    return fields.stream().filter(f -> !(Boolean) browser.script(
        "const f = arguments[0]; return !!(f.labels && f.labels.length) || f.hasAttribute('aria-label');", f)).count();
  }
}
