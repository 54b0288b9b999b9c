package winterroom.web;

import io.javalin.Javalin;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import winterroom.WinterRoom;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Headless Chromium from Debian's chromium and chromium-driver packages, driving the service
 * started in-process on a free port. Nothing is downloaded: the driver and browser binaries are
 * named explicitly so Selenium Manager never runs. Screenshots go to target/screenshots/.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("winterroom.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("winterroom.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final Javalin app;
    final ChromeDriver driver;
    final WebDriverWait wait;
    private final Path profile;
    final String base;

    private Browser(Javalin app, ChromeDriver driver, Path profile) {
        this.app = app;
        this.driver = driver;
        this.profile = profile;
        this.base = "http://localhost:" + app.port();
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    static Browser open(WinterRoom room) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver");
        }
        Javalin app = room.newWebApp().start(0);
        Path profile = null;
        try {
            profile = Files.createTempDirectory("winterroom-chromium-");
            System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=1366,1000", "--lang=en-GB");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            return new Browser(app, new ChromeDriver(service, options), profile);
        } catch (IOException | RuntimeException e) {
            app.stop();
            delete(profile);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Opens a page of the service and waits until its script says it is ready. */
    void page(String path) {
        driver.get(base + path);
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    /** Opens a page that has no readiness mark of its own. */
    void open(String path) { driver.get(base + path); }

    /**
     * Form controls and buttons a screen reader could not name: controls without a label or
     * aria-label, buttons without text or aria-label. Empty when the page is labelled.
     */
    @SuppressWarnings("unchecked")
    java.util.List<String> unlabelled() {
        return (java.util.List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("""
                const out = [];
                for (const el of document.querySelectorAll('input, select, textarea')) {
                  if (el.type === 'hidden') continue;
                  const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
                    || (el.id && document.querySelector('label[for="' + el.id + '"]')) || el.closest('label');
                  if (!named) out.push(el.outerHTML.slice(0, 120));
                }
                for (const b of document.querySelectorAll('button')) {
                  if (!(b.getAttribute('aria-label') || b.textContent.trim())) out.push(b.outerHTML.slice(0, 120));
                }
                return out;""");
    }

    WebElement visible(By by) { return wait.until(ExpectedConditions.visibilityOfElementLocated(by)); }

    void width(int width, int height) { driver.manage().window().setSize(new Dimension(width, height)); }

    /** Saves the whole viewport as target/screenshots/NAME.png and returns the file. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() { return driver; }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            app.stop();
            delete(profile);
        }
    }

    /** Closes a browser (and its service) that may not have opened, then deletes the test's folder. */
    static void closeAndDelete(Browser browser, Path dir) {
        try {
            if (browser != null) browser.close();
        } finally {
            delete(dir);
        }
    }

    /** Signs in (or out, with a token that is not valid) through the header's dialog, waiting for the state text. */
    void signIn(String token, String expected) {
        if (!driver.findElements(By.id("signout")).isEmpty()) driver.findElement(By.id("signout")).click();
        visible(By.id("signin-open")).click();
        WebElement input = visible(By.id("token-input"));
        input.sendKeys(token);
        input.sendKeys(org.openqa.selenium.Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-state"), expected));
    }

    private static void delete(Path dir) {
        if (dir == null) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary profile is harmless
        }
    }
}
