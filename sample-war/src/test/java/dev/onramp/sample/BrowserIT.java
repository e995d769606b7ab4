package dev.onramp.sample;

import dev.onramp.sample.ServerUnderTest.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample page ({@code /}) in a real browser, headless Chromium driven by Selenium, against the sample WAR in
 * both containers: the browser's own handshake with its own permessage-deflate offer (the page shows what was
 * negotiated), text with 2-, 3- and 4-byte UTF-8 characters, a 1 MiB binary message compared byte for byte by the
 * page, and a clean close. A screenshot of each run is left in {@code target/browser-KIND.png}. Without Debian's {@code chromium} and {@code chromedriver} the test is skipped with a
 * message, except under CI ({@code CI} set), where {@code .ci/run} installs them and their absence fails it.
 */
class BrowserIT {

    static final Path CHROMIUM = Path.of(System.getProperty("onramp.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("onramp.chromedriver", "/usr/bin/chromedriver"));
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    static final ServersPerContainer SERVERS = new ServersPerContainer();

    private static Path profile;
    private static WebDriver browser;

    static final String MISSING = "BrowserIT skipped: headless Chromium needs " + CHROMIUM + " and " + CHROMEDRIVER
            + " (Debian: apt-get install -y chromium chromium-driver)";

    @BeforeAll
    static void startBrowser() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") != null) {
            assertThat(present).as(MISSING + "; CI installs them").isTrue();
        }
        if (!present) {
            System.out.println(MISSING);
            return;
        }
        profile = Files.createTempDirectory("onramp-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.onramp.sample.ServersPerContainer#containers")
    @Timeout(300)
    void thePageTalksToTheEchoEndpointThroughTheBrowsersOwnWebSocket(Kind kind) {
        assumeTrue(browser != null, MISSING);
        browser.get("http://127.0.0.1:" + SERVERS.get(kind).port() + ServerUnderTest.CONTEXT + "/");
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(ExpectedConditions.textToBe(By.id("state"), "open"));
        assertThat(browser.findElement(By.id("extensions")).getText())
                .as("the browser's own offer, accepted").startsWith("permessage-deflate");

        String typed = "Grüße, 世界 ✓"; // 2- and 3-byte UTF-8, typed as a user would
        browser.findElement(By.id("text")).sendKeys(typed);
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "< " + typed));

        String astral = "emoji 😀 𝄞"; // 4-byte UTF-8: ChromeDriver types only the basic plane, so set it
        ((JavascriptExecutor) browser).executeScript("document.getElementById('text').value = arguments[0];", astral);
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "< " + astral));

        browser.findElement(By.id("send-binary")).click();
        wait.until(ExpectedConditions.textToBe(By.id("binary"), "1048576 bytes echoed intact"));

        browser.findElement(By.id("close")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "closed"));
        // the server answers with the code of the browser's close frame (RFC 6455 §5.5.1), without a reason
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("closed 1000 (clean)");
        screenshot(kind);
    }

    /** What the page showed, for a person to look at: target/browser-KIND.png. */
    private static void screenshot(Kind kind) {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        try {
            Files.write(Path.of("target", "browser-" + kind.name().toLowerCase(java.util.Locale.ROOT) + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
