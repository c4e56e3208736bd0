package dev.userdeletion.localstack.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium, from Debian's {@code chromium} and {@code chromium-driver} packages. The
 * driver is given explicitly, so Selenium Manager never goes online. Without them the browser tests are skipped
 * with a message, except under {@code CI=true}, where a missing browser fails the run.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Dimension DESKTOP = new Dimension(1280, 800);

    final WebDriver driver;
    private final Path profile;
    private final Path screenshots;
    private int shots;

    private Browser(WebDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /** A fresh browser (its own empty profile), or the test is skipped / failed as the class comment says. */
    static Browser open(Path screenshots) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            String message = "Browser tests need " + CHROMIUM + " and " + DRIVER
                    + ": apt-get install -y --no-install-recommends chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message + " (skipped; with CI=true this fails)");
        }
        try {
            Path profile = Files.createTempDirectory("chromium-profile");
            Files.createDirectories(screenshots);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toString());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--lang=en-US", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            Browser browser = new Browser(driver, profile, screenshots);
            browser.viewport(DESKTOP);
            return browser;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits (at most 30 s) until the condition holds. The page re-renders what it shows after each answer, so an
     * element found a moment ago may have been replaced: the condition is then simply evaluated again.
     */
    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class).until(d -> {
                    try {
                        return condition.apply(d);
                    } catch (WebDriverException e) {
                        if (detached(e)) {
                            return null; // the page re-drew the element while it was read: look again
                        }
                        throw e;
                    }
                });
    }

    /** Chromium's way, besides a stale element reference, of saying an element left the page mid-command. */
    private static boolean detached(WebDriverException e) {
        return e.getMessage() != null && e.getMessage().contains("does not belong to the document");
    }

    /** Sets the page's viewport (not the window, which adds its frame) to {@code size}. */
    void viewport(Dimension size) {
        driver.manage().window().setSize(size);
        long innerWidth = (Long) ((JavascriptExecutor) driver).executeScript("return window.innerWidth;");
        long innerHeight = (Long) ((JavascriptExecutor) driver).executeScript("return window.innerHeight;");
        driver.manage().window().setSize(new Dimension(size.getWidth() * 2 - (int) innerWidth,
                size.getHeight() * 2 - (int) innerHeight));
    }

    WebElement find(String css) {
        return until(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Waits until the element's text contains {@code text}, then returns the whole text. */
    String text(String css, String text) {
        return until(d -> d.findElements(By.cssSelector(css)).stream()
                .map(WebElement::getText).filter(t -> t.contains(text)).findFirst().orElse(null));
    }

    /** Writes {@code target/screenshots/NN-name.png}. */
    Path screenshot(String name) {
        try {
            Path file = screenshots.resolve(String.format("%02d-%s.png", ++shots, name));
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
