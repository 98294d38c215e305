package io.stoppay.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through its chromedriver: the browser of the console's tests.
 * Neither is a Maven artifact: {@code .ci/run} installs the Debian packages {@code chromium} and
 * {@code chromium-driver} and sets {@value #REQUIRED_ENV}=true (or pass -D{@value #REQUIRED_PROPERTY}=true),
 * so CI fails without them; on a developer machine without them the test is skipped, saying so.
 * Selenium is given both paths, so it never looks for or downloads a browser of its own.
 */
public final class Chromium {

    public static final String REQUIRED_PROPERTY = "stoppay.chromium.required";
    public static final String REQUIRED_ENV = "CI_REQUIRE_CHROMIUM";

    private Chromium() {
    }

    /**
     * A new headless browser with its console log kept ({@code driver.manage().logs().get("browser")}).
     * {@code --no-sandbox}: CI runs as root, where chromium's sandbox refuses to start.
     */
    public static ChromeDriver start() {
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(find("chromium").toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(find("chromedriver").toFile()).usingAnyFreePort().build();
        final ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static Path find(final String program) {
        return RequiredProgram.find(program, REQUIRED_PROPERTY, REQUIRED_ENV,
                "the Debian packages chromium and chromium-driver");
    }
}
