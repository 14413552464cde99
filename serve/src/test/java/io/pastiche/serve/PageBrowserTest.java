package io.pastiche.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.pastiche.StyleNetwork;
import io.pastiche.image.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page as a person uses it, in headless Chromium driven by Selenium: pick a photo, pick a style, see the
 * pastiche, which must be the API's answer to the same request byte for byte; mix two styles with the slider; paint
 * where a second style goes; see the error for a file that is not an image; and fit a phone's screen. Each test
 * loads the page afresh.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/install-browser} installs them). Without
 * them the test is skipped, unless {@code -Dpastiche.browserTests=required} (as {@code .ci/run} sets), which makes
 * it fail instead.
 */
class PageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static StyleNetwork network;
    private static StyleServer server;
    private static ChromeDriver browser;
    private static Http http;

    @BeforeAll
    static void start(@TempDir Path profile) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            String missing = "no " + CHROMIUM + " or " + DRIVER + ": install Debian's chromium and chromium-driver "
                    + "(.ci/install-browser)";
            if ("required".equals(System.getProperty("pastiche.browserTests"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        network = StyleNetwork.loadDefault();
        server = StyleServer.start(network, ServeSettings.DEFAULT.withAddress("127.0.0.1", 0));
        http = new Http(server.address());
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // Headless, and no connection to anything but the test's server: this machine's network is closed.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1100", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
            network.close();
        }
    }

    @Test
    void aPhotoInOneStyleThenInAMixIsShownAsTheApiAnswersIt() throws IOException {
        openWithTheSampleInTheScream();
        assertThat(browser.findElement(By.cssSelector(".style[data-name='the_scream']"))
                .getAttribute("aria-checked")).isEqualTo("true");

        assertThat(stylize()).isEqualTo("ready");
        assertThat(displayedResult()).isEqualTo(http.post("/v1/stylize?style=the_scream&maxSize=1024",
                Photos.sample()).body());

        new Select(browser.findElement(By.id("mix-with"))).selectByValue("great_wave");
        WebElement slider = browser.findElement(By.id("mix"));
        slider.click(); // to the middle: 50 %
        for (int i = 0; i < 4; i++) {
            slider.sendKeys(Keys.ARROW_LEFT); // 5 % a step
        }
        assertThat(browser.findElement(By.id("mix-text")).getText()).isEqualTo("70 % the scream, 30 % great wave");
        assertThat(stylize()).isEqualTo("ready");
        assertThat(displayedResult()).isEqualTo(http.post("/v1/stylize?mix=the_scream=0.7,great_wave=0.3"
                + "&maxSize=1024", Photos.sample()).body());
        assertThat(browser.findElement(By.id("result-caption")).getText()).isEqualTo("the scream and great wave");

        // The whole page with its result, for docs/images/serve-page.jpg
        Dimension size = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(1280, 1500));
        byte[] shot = browser.getScreenshotAs(OutputType.BYTES);
        ImageFiles.write(ImageFiles.read(shot, "screenshot", Long.MAX_VALUE), Path.of("target", "serve-page.jpg"));
        browser.manage().window().setSize(size);
    }

    @Test
    void aSecondStylePaintedOnThePhotoIsSentAsAMask() {
        openWithTheSampleInTheScream();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(
                driver -> driver.findElement(By.id("regions-on")).isEnabled());
        browser.findElement(By.id("regions-on")).click();
        new Select(browser.findElement(By.id("region-style"))).selectByValue("starry_night");
        WebElement canvas = browser.findElement(By.id("paint"));
        // a stroke across the middle, left to right, as a mouse would draw it
        int width = canvas.getRect().getWidth();
        new Actions(browser).moveToElement(canvas, -width / 4, 0).clickAndHold()
                .moveByOffset(width / 4, 10).moveByOffset(width / 4, -10).release().perform();
        Long painted = (Long) browser.executeScript("return regions.painted;");
        assertThat(painted).as("pixels painted").isPositive();

        assertThat(stylize()).isEqualTo("ready");
        byte[] mask = Base64.getDecoder().decode((String) browser.executeAsyncScript(READ_BLOB,
                "maskBlob()"));
        assertThat(ImageFiles.read(mask, "mask", Long.MAX_VALUE).getRGB(0, 0) & 0xffffff).isZero();
        assertThat(displayedResult()).isEqualTo(http.postForm("/v1/stylize?region=%23000000=the_scream"
                + "&region=%23ff0000=starry_night&feather=16&maxSize=1024", Map.of("image", Photos.sample(),
                "mask", mask)).body());
        assertThat(browser.findElement(By.id("result-caption")).getText())
                .isEqualTo("the scream; starry night where painted");
    }

    @Test
    void aFileThatIsNotAnImageShowsTheServersMessage(@TempDir Path folder) throws IOException {
        open();
        Path notes = Files.writeString(folder.resolve("notes.jpg"), "these are notes, not a photo");
        browser.findElement(By.id("photo")).sendKeys(notes.toAbsolutePath().toString());
        assertThat(stylize()).isEqualTo("error");
        WebElement error = browser.findElement(By.id("error"));
        assertThat(error.isDisplayed()).isTrue();
        assertThat(error.getText()).contains("not an image");
    }

    @Test
    void thePageFitsAPhonesScreen() {
        Dimension desktop = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new Dimension(390, 844));
            open();
            Long overflow = (Long) browser.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("horizontal overflow in pixels").isLessThanOrEqualTo(0L);
            List<WebElement> cards = browser.findElements(By.cssSelector(".style"));
            assertThat(cards).hasSize(network.styles().size());
            assertThat(cards.get(0).getRect().getWidth()).as("a style card's width").isGreaterThan(80);
        } finally {
            browser.manage().window().setSize(desktop);
        }
    }

    /** Loads the page, then picks the sample photo and The Scream, as a person would. */
    private static void openWithTheSampleInTheScream() {
        open();
        browser.findElement(By.id("photo")).sendKeys(Photos.SAMPLE.toAbsolutePath().normalize().toString());
        browser.findElement(By.cssSelector(".style[data-name='the_scream']")).click();
    }

    /** Loads the page and waits for the styles' gallery. */
    private static void open() {
        browser.get(server.address().toString());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(
                driver -> driver.findElements(By.cssSelector(".style")).size() == network.styles().size());
    }

    /** Clicks Stylize and waits for the outcome: "ready" or "error". */
    private static String stylize() {
        browser.executeScript("delete document.body.dataset.result;");
        browser.findElement(By.id("stylize")).click();
        return new WebDriverWait(browser, Duration.ofSeconds(60)).until(driver ->
                (String) ((JavascriptExecutor) driver).executeScript("return document.body.dataset.result;"));
    }

    /** Reads a blob the page makes (the expression given, a promise of it) as base64. */
    private static final String READ_BLOB = """
            const done = arguments[arguments.length - 1];
            Promise.resolve(eval(arguments[0]))
              .then((blob) => blob.arrayBuffer())
              .then((buffer) => {
                const bytes = new Uint8Array(buffer);
                let text = '';
                for (let i = 0; i < bytes.length; i++) {
                  text += String.fromCharCode(bytes[i]);
                }
                done(btoa(text));
              });
            """;

    /** The bytes of the image the page shows as the pastiche, read back from its blob URL in the page. */
    private static byte[] displayedResult() {
        return Base64.getDecoder().decode((String) browser.executeAsyncScript(READ_BLOB,
                "fetch(document.getElementById('result').src).then((answer) => answer.blob())"));
    }
}
