package io.stoppay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoppay.access.Access;
import io.stoppay.config.StopPayConfig;
import io.stoppay.privacy.Mask;
import io.stoppay.testing.Chromium;
import io.stoppay.testing.Feeder;
import io.stoppay.testing.HttpCalls;
import io.stoppay.testing.RealKafka;
import io.stoppay.testing.TestTls;
import io.stoppay.topology.Publications;
import io.stoppay.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import stoppay.v1.LinkKind;
import stoppay.v1.ListType;
import stoppay.v1.SubjectType;
import stoppay.v1.WarningKind;

/**
 * The console in a real headless browser (Debian's chromium) against StopPay on a real broker: an
 * officer of region 320623 logs in with its token, sees its region's warning and not another
 * region's (which the API refuses it too), records an outcome with a button, sees the warning
 * answered by its own name and the region's statistics count it, and looks up a card whose linkage
 * path to a listed account is drawn. All of it over HTTPS, with a self-signed certificate the
 * browser accepts for its key alone ({@link Chromium#start}). Screenshots go to {@code target/console-screenshots/}; the
 * browser's console must have logged no error.
 */
class ConsoleBrowserIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final String OFFICER_TOKEN = "console-it-officer-token-0123456789";
    private static final String ADMIN_TOKEN = "console-it-admin-token-0123456789";
    private static final String OFFICER = "officer-320623";
    private static final String LISTED = "6217000000000700009";
    private static final String CARD = "6228000000000700009";
    private static final String PAYER = "6222000000000700001";
    private static final String HERE = "CB-320623";
    private static final String THERE = "CB-310101";
    private static final String WARNING_HERE = Publications.warningId(WarningKind.FRAUD_ACCOUNT_ACTIVITY, HERE);
    private static final String WARNING_THERE = Publications.warningId(WarningKind.FRAUD_ACCOUNT_ACTIVITY, THERE);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    @TempDir
    static Path stateDir;

    private static StopPayApp app;
    private static Feeder feeder;
    private static HttpCalls http;
    private static TestTls tls;
    private static ChromeDriver browser;

    @BeforeAll
    static void startStopPayWithAWarningInEachOfTwoRegions() throws Exception {
        tls = TestTls.create(stateDir.resolve("tls"));
        browser = Chromium.start(tls.certificate());
        final Path accessFile = stateDir.resolve("access.yaml");
        Files.writeString(accessFile, "principals:\n"
                + "  - {name: " + OFFICER + ", token-sha256: " + Access.sha256Hex(OFFICER_TOKEN)
                + ", roles: [OFFICER], regions: [\"320623\"]}\n"
                + "  - {name: admin-ops, token-sha256: " + Access.sha256Hex(ADMIN_TOKEN) + ", roles: [ADMIN]}\n");
        final Map<String, String> settings = new HashMap<>(tls.pemSettings());
        settings.putAll(Map.of(
                StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                StopPayConfig.APPLICATION_ID, "stoppay-console-it",
                StopPayConfig.STATE_DIR, stateDir.resolve("state").toString(),
                StopPayConfig.ACCESS_FILE, accessFile.toString(),
                StopPayConfig.HTTP_PORT, "0",
                StopPayConfig.HTTP_ADVERTISED_HOST, "localhost"));
        final StopPayConfig config = StopPayConfig.of(settings);
        final Topics topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafka())) {
            new TopicProvisioner(admin, topics).createMissing(2);
        }
        feeder = new Feeder(KAFKA, topics);
        app = StopPayApp.start(config);
        http = HttpCalls.https(app.httpPort(), tls.clientContext());

        feeder.list(SubjectType.ACCOUNT, LISTED, ListType.FRAUD_ACCOUNT);
        feeder.link(SubjectType.ACCOUNT, LISTED, SubjectType.CARD, CARD, LinkKind.ACCOUNT_CARD);
        final HttpCalls admin = http.as(ADMIN_TOKEN);
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.get("/v1/subjects/CARD/" + CARD).status() == 200
                && admin.get("/v1/subjects/CARD/" + CARD).json().get("restricted").asBoolean());
        // A payment to the listed account from each region: a warning routed to each.
        feeder.pay(HERE, PAYER, LISTED, 20_000, "320623");
        feeder.pay(THERE, PAYER, LISTED, 30_000, "310101");
        await().atMost(WAIT).until(() -> http.get("/v1/console/warnings/" + WARNING_THERE,
                "Authorization", "Bearer " + ADMIN_TOKEN).status() == 200);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
            feeder.close();
        }
    }

    @Test
    void shouldLetAnOfficerAnswerItsRegionsWarningAndSeeTheStatisticsCountIt() throws IOException {
        // Given an officer logged in with its token
        browser.get("https://localhost:" + app.httpPort() + "/console/");
        browser.findElement(By.id("token")).sendKeys(OFFICER_TOKEN);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();

        // Then it sees its region's warning, and not the other region's, which the API refuses it
        final WebElement row = waitFor(By.cssSelector("tr[data-id='" + WARNING_HERE + "']"));
        assertThat(row.getText()).contains("FRAUD_ACCOUNT_ACTIVITY", "6222…0001", "6217…0009", "200.00 CNY")
                .doesNotContain(PAYER, LISTED);
        assertThat(browser.findElements(By.cssSelector("tr[data-id='" + WARNING_THERE + "']"))).isEmpty();
        assertThat(browser.findElement(By.id("principal")).getText()).isEqualTo(OFFICER + " (OFFICER)");
        final String officer = "Bearer " + OFFICER_TOKEN;
        assertThat(http.get("/v1/console/warnings/" + WARNING_THERE, "Authorization", officer).status())
                .as("another region's warning is answered as unknown").isEqualTo(404);
        assertThat(http.get("/v1/console/warnings?region=310101", "Authorization", officer).status()).isEqualTo(403);
        waitUntilText("today-warnings", "1");
        assertThat(text("today-answered")).isEqualTo("0");
        screenshot("1-warnings");

        // When it records that the victim was dissuaded
        row.findElement(By.cssSelector("input.note")).sendKeys("reached the payer's son");
        row.findElement(By.cssSelector("button[data-outcome=DISSUADED]")).click();

        // Then the warning shows answered at once, then as the outcome loop has it, by the officer's
        // name, and the region's statistics count the answer
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeContains(row, "class", "answered"));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElement(row,
                "DISSUADED by " + OFFICER));
        waitUntilText("today-answered", "1");
        waitUntilText("today-dissuaded", "1");
        assertThat(browser.findElements(By.cssSelector("#chart-warnings .uplot"))).hasSize(1);
        screenshot("2-answered");

        // And a card linked to the listed account shows the path that restricts it
        new Select(browser.findElement(By.id("lookup-type"))).selectByVisibleText("CARD");
        browser.findElement(By.id("lookup-id")).sendKeys(CARD);
        browser.findElement(By.cssSelector("#lookup-form button")).click();
        final WebElement path = waitFor(By.cssSelector("#lookup-result .path"));
        // (masked: the officer may not see identifiers whole)
        assertThat(path.findElements(By.className("node"))).extracting(WebElement::getText)
                .containsExactly("CARD\n" + Mask.cardOrAccount(CARD), "ACCOUNT\n" + Mask.cardOrAccount(LISTED));
        assertThat(path.findElement(By.className("link")).getText()).contains("ACCOUNT_CARD");
        assertThat(path.getText()).doesNotContain(LISTED);
        screenshot("3-lookup");

        final List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();
    }

    private static WebElement waitFor(final By what) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private static void waitUntilText(final String id, final String text) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id(id), text));
    }

    private static String text(final String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void screenshot(final String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
