package org.zhaowo.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for the console's tests: Debian's {@code chromium} driven through
 * {@code /usr/bin/chromedriver} (packages chromium and chromium-driver, which scripts/test installs);
 * nothing is downloaded. A 1366×768 window, as on the agents' desks. Screenshots go to
 * {@code launcher/target/screenshots/}.
 */
final class Browser implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String DRIVER = "/usr/bin/chromedriver";

  final WebDriver driver;
  private final String base;

  /** A browser on the console at {@code http://127.0.0.1:port}, in Chinese unless {@code english}. */
  Browser(int port, boolean english) {
    if (!new File(CHROMIUM).canExecute() || !new File(DRIVER).canExecute()) {
      throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver: "
          + "apt-get install -y chromium chromium-driver (scripts/test does it when run as root)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--no-first-run", "--disable-dev-shm-usage", "--window-size=1366,768",
        "--lang=" + (english ? "en-US" : "zh-CN"));
    options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", english ? "en-US,en" : "zh-CN,zh"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1366, 768));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    base = "http://127.0.0.1:" + port;
  }

  Browser open(String path) {
    driver.get(base + path);
    return this;
  }

  /** Signs in through the login form (the demo users' password is "demo") and waits for the home page. */
  Browser login(String username, String password) {
    open("/login");
    type(By.name("username"), username);
    type(By.name("password"), password);
    driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    waitUntil(d -> !d.getCurrentUrl().endsWith("/login"), Duration.ofSeconds(10));
    return this;
  }

  WebElement find(By by) {
    return driver.findElement(by);
  }

  void type(By by, String text) {
    WebElement field = driver.findElement(by);
    field.clear();
    field.sendKeys(text);
  }

  String text(By by) {
    return driver.findElement(by).getText();
  }

  Object script(String javascript, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(javascript, args);
  }

  <T> T waitUntil(ExpectedCondition<T> condition, Duration timeout) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(25)).until(condition);
  }

  /** Saves the page as {@code target/screenshots/NAME.png}; the path. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      System.out.println("Screenshot: " + target.toAbsolutePath());
      return target;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
