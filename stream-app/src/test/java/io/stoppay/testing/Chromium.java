package io.stoppay.testing;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
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
     * A new headless browser with its console log kept ({@code driver.manage().logs().get("browser")})
     * that accepts {@code trusted}, a test's self-signed HTTPS certificate, as a person would after the
     * warning. {@code --no-sandbox}: CI runs as root, where chromium's sandbox refuses to start.
     *
     * <p>Chromium has no flag to add a trust anchor, and its certificate store is the user's NSS
     * database, which a test must not touch; {@code --ignore-certificate-errors-spki-list} accepts
     * certificate errors only for the one public key named (its SHA-256, base64), so any other
     * certificate still fails. Only tests do this.
     */
    public static ChromeDriver start(final X509Certificate trusted) {
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(find("chromium").toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400",
                "--ignore-certificate-errors-spki-list=" + spkiHash(trusted));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(find("chromedriver").toFile()).usingAnyFreePort().build();
        final ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static String spkiHash(final X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded()));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Path find(final String program) {
        return RequiredProgram.find(program, REQUIRED_PROPERTY, REQUIRED_ENV,
                "the Debian packages chromium and chromium-driver");
    }
}
