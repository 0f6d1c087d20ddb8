package org.atrium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real Chromium (Debian's chromium and chromium-driver) against the distribution
 * running as its own process: log in, filter the dashboard by modality, save a dataset, open the
 * viewer and scroll, see and toggle a SEG overlay, upload files, markup in DICOM shown as text,
 * admin pages refused to researchers. Screenshots of each step go to target/ui-screenshots/.
 */
public class UiIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static KarafProcess platform;
    private static Path shots;
    private static int shot;
    private static final Map<String, String> series = new HashMap<>();
    private static Path corpus;
    private WebDriver browser;

    @BeforeClass
    public static void startPlatform() throws Exception {
        Assume.assumeTrue(
                "Chromium not installed: apt-get install chromium chromium-driver",
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER));
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        Assume.assumeTrue(
                "pydicom not installed: apt-get install python3-pydicom",
                Dcmtk.run("/usr/bin/python3", "-c", "import pydicom").ok());
        Path target = Path.of(System.getProperty("atrium.target", "target"));
        shots = Files.createDirectories(target.resolve("ui-screenshots"));
        try (var old = Files.list(shots)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        platform = new KarafProcess("ui", 21116, 18083, 18104, 18986);
        corpus = Files.createDirectories(platform.home.resolve("corpus"));
        Path script = Path.of(UiIT.class.getResource("/ui-corpus.py").toURI());
        Dcmtk.Result made = Dcmtk.run("/usr/bin/python3", script.toString(), corpus.toString());
        assertTrue(made.output(), made.ok());
        for (String line : made.output().split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 3) {
                series.put(parts[0], parts[1]);
            }
        }
        platform.start();
        platform.waitForHttp("/ui/login");
        Dcmtk.Result sent = Dcmtk.run(
                "storescu",
                "-R",
                "-aec",
                "ATRIUM",
                "+sd",
                "127.0.0.1",
                Integer.toString(platform.dicomPort),
                corpus.toString());
        assertTrue(sent.output(), sent.ok());
    }

    @AfterClass
    public static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    /** A screenshot of the moment a test failed, for the review. */
    @Rule
    public final TestWatcher failures = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            if (browser != null) {
                try {
                    screenshot("FAILED-" + description.getMethodName());
                } catch (IOException | RuntimeException ignored) {
                    // the failure itself is what matters
                }
            }
        }

        /** After the screenshot of a failure: the browser goes only now. */
        @Override
        protected void finished(Description description) {
            if (browser != null) {
                browser.quit();
            }
        }
    };

    @Before
    public void startBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory(platform.home, "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(shots.resolve(String.format("%02d-%s.png", ++shot, name)), png);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private void logIn(String user, String password) {
        browser.get(platform.url("/ui/login"));
        WebElement name = waiting().until(d -> d.findElement(By.cssSelector("#vaadinLoginUsername input")));
        name.sendKeys(user);
        browser.findElement(By.cssSelector("#vaadinLoginPassword input")).sendKeys(password, Keys.ENTER);
        waiting().until(d -> d.findElement(By.id("current-user")).getText().equals(user));
    }

    /** Clicks an element after scrolling it to the middle of the page (the layout scrolls, not the window). */
    private void clickInView(WebElement element) {
        js("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    /** Uploads a KAR on the Extensions page, under a file name of its own. */
    private void uploadKar(Path built, String name) throws IOException {
        Path kar = Files.copy(built, platform.home.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        browser.get(platform.url("/ui/extensions"));
        WebElement upload = waiting().until(d -> d.findElement(By.id("kar-upload")));
        upload.getShadowRoot().findElement(By.cssSelector("input[type=file]")).sendKeys(kar.toString());
    }

    private String resultCount() {
        return browser.findElement(By.id("result-count")).getText();
    }

    /** Waits until the index holds every series sent (uploads may add more): the dashboard counts them. */
    private void waitForIndexedSeries(int expected) throws Exception {
        for (int i = 0; i < 60; i++) {
            browser.navigate().refresh();
            String count = waiting().until(d -> {
                String text = d.findElement(By.id("result-count")).getText();
                return text.isEmpty() ? null : text;
            });
            if (count.matches("[0-9]+ .*") && Integer.parseInt(count.split(" ")[0]) >= expected) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the dashboard never counted " + expected + " series: " + resultCount());
    }

    @Test
    public void aResearcherExploresViewsAndSavesACohort() throws Exception {
        logIn("researcher", "researcher");
        screenshot("dashboard");
        waitForIndexedSeries(series.size());
        assertTrue(browser.findElements(By.cssSelector("vaadin-side-nav-item[path='system']"))
                .isEmpty());

        // Filter by modality: click the CT bar.
        browser.findElement(By.cssSelector("#chart-Modality .bar[data-value='CT']"))
                .click();
        waiting().until(d -> resultCount().startsWith("1 series"));
        assertTrue(browser.findElement(By.id("filters")).getText().contains("Modality:\"CT\""));
        screenshot("filtered-by-ct");

        // Save the filter as a dataset.
        browser.findElement(By.id("save-dataset")).click();
        WebElement name = waiting().until(d -> d.findElement(By.cssSelector("#dataset-name input")));
        name.sendKeys("ui thorax cohort");
        screenshot("save-dataset");
        browser.findElement(By.id("dataset-save")).click();
        browser.get(platform.url("/ui/datasets"));
        waiting().until(d -> d.findElement(By.id("datasets")).getText().contains("ui thorax cohort"));
        screenshot("datasets");

        // The viewer: slices, scrolling, the SEG overlay and its toggles.
        browser.get(platform.url("/ui/viewer/" + series.get("CT")));
        WebElement viewer = waiting().until(d -> d.findElement(By.id("viewer")));
        waiting().until(d -> viewer.getAttribute("data-shown") != null);
        assertEquals("5", viewer.getAttribute("data-slice"));
        waiting().until(d -> (Boolean) js(
                "const o = arguments[0].querySelector('img.overlay');"
                        + " return o.style.display !== 'none' && o.complete && o.naturalWidth > 0;",
                viewer));
        assertEquals(
                2,
                browser.findElements(By.cssSelector("vaadin-checkbox.segment-toggle"))
                        .size());
        screenshot("viewer-with-seg");
        new Actions(browser)
                .scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(viewer), 0, 120)
                .perform();
        waiting().until(d -> "6".equals(viewer.getAttribute("data-slice")));
        new Actions(browser)
                .scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(viewer), 0, 120)
                .perform();
        waiting().until(d -> "7".equals(viewer.getAttribute("data-slice")));
        assertEquals(
                "no SEG frame on slice 8",
                "none",
                js("return arguments[0].querySelector('img.overlay').style.display;", viewer));
        screenshot("viewer-scrolled");
        for (int i = 0; i < 3; i++) {
            new Actions(browser)
                    .scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(viewer), 0, -120)
                    .perform();
        }
        waiting().until(d -> "4".equals(viewer.getAttribute("data-slice")));
        for (WebElement toggle : browser.findElements(By.cssSelector("vaadin-checkbox.segment-toggle"))) {
            toggle.findElement(By.cssSelector("input")).click();
        }
        waiting().until(d -> "none"
                .equals(js("return arguments[0].querySelector('img.overlay').style.display;", viewer)));
        browser.findElement(By.cssSelector("vaadin-button.preset")).click(); // Lung
        waiting().until(d -> ((String) js("return arguments[0].querySelector('img.slice').src;", viewer))
                .contains("c=-600&w=1500"));
        screenshot("viewer-lung-window-no-seg");
        browser.findElement(By.id("show-header")).click();
        waiting().until(d -> d.findElement(By.id("header-grid")).getText().contains("SOPInstanceUID"));
        screenshot("viewer-header");
    }

    @Test
    public void reportsOpenAsATreeAndDocumentsInThePage() throws Exception {
        logIn("researcher", "researcher");
        browser.get(platform.url("/ui/viewer/" + series.get("SR")));
        WebElement tree = waiting().until(d -> d.findElement(By.id("sr-tree")));
        waiting().until(d -> tree.getText().contains("Diagnosis"));
        screenshot("structured-report");

        browser.get(platform.url("/ui/viewer/" + series.get("PDF")));
        WebElement frame = waiting().until(d -> d.findElement(By.id("document")));
        String answer = (String) ((JavascriptExecutor) browser)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + " fetch(arguments[0].src).then(r => r.arrayBuffer().then(b => done(r.status + ' '"
                                + " + r.headers.get('content-type') + ' ' + new TextDecoder().decode(b.slice(0, 8)))));",
                        frame);
        assertEquals("200 application/pdf %PDF-1.4", answer);
        screenshot("encapsulated-pdf");
    }

    @Test
    public void uploadsAreStoredOrRejectedOneByOne() throws Exception {
        logIn("researcher", "researcher");
        browser.get(platform.url("/ui/upload"));
        WebElement upload = waiting().until(d -> d.findElement(By.id("upload")));
        Path notDicom = Files.writeString(platform.home.resolve("notes.txt"), "not an image\n");
        Path image = Files.copy(corpus.resolve("mr.dcm"), platform.home.resolve("upload.dcm"));
        Dcmtk.Result renamed = Dcmtk.run("dcmodify", "-nb", "-gin", "-gst", "-gse", image.toString());
        assertTrue(renamed.output(), renamed.ok());
        // One selection of two files: the input keeps what it was given, so a second one would resend.
        upload.getShadowRoot().findElement(By.cssSelector("input[type=file]")).sendKeys(notDicom + "\n" + image);
        waiting().until(d -> d.findElement(By.id("upload-summary")).getText().equals("1 stored, 1 rejected"));
        String results = browser.findElement(By.id("upload-results")).getText();
        assertTrue(results, results.contains("not a DICOM file"));
        screenshot("upload");
    }

    @Test
    public void dicomTextIsShownAsTextAndBadQueriesAsMessages() throws Exception {
        logIn("researcher", "researcher");
        waitForIndexedSeries(series.size());
        WebElement search = browser.findElement(By.cssSelector("#search input"));
        search.sendKeys("PatientID:UI-XSS", Keys.ENTER);
        waiting().until(d -> resultCount().startsWith("1 series"));
        waiting().until(d -> d.findElement(By.id("results")).getText().contains("<img src=x onerror=alert(1)>"));
        assertTrue(
                "markup became an element",
                browser.findElements(By.cssSelector("img[src='x']")).isEmpty());
        try {
            browser.switchTo().alert();
            throw new AssertionError("a script from a DICOM value ran");
        } catch (NoAlertPresentException expected) {
            // the value stayed text
        }
        screenshot("markup-as-text");

        search.clear();
        search.sendKeys("Modality:(CT", Keys.ENTER);
        waiting().until(d -> !d.findElements(By.cssSelector("vaadin-notification-card"))
                .isEmpty());
        String message =
                browser.findElement(By.cssSelector("vaadin-notification-card")).getText();
        assertFalse(message, message.contains("Exception"));
        assertFalse(message.isBlank());
        screenshot("bad-query");
    }

    @Test
    public void anAdminInstallsAnExtensionAndARunFollowsItsJobs() throws Exception {
        String karProperty = System.getProperty("atrium.noop.kar");
        Assume.assumeTrue(
                "the no-op extension's KAR was not built",
                karProperty != null && Files.isRegularFile(Path.of(karProperty)));
        logIn("itest", "itest");
        uploadKar(Path.of(karProperty), "atrium-ext-noop.kar");
        waiting().until(d -> d.findElement(By.id("extension-result")).getText().contains("installed"));
        waiting().until(d -> d.findElement(By.id("extensions")).getText().contains("atrium-ext-noop"));
        assertTrue(browser.findElement(By.id("extensions")).getText().contains("org.atrium.noop 1.0.0"));
        screenshot("extension-installed");

        browser.get(platform.url("/ui/workflows"));
        WebElement algorithm = waiting().until(d -> d.findElement(By.cssSelector("#algorithm input")));
        algorithm.sendKeys("No-op");
        waiting().until(d -> !d.findElements(By.cssSelector("vaadin-combo-box-item"))
                .isEmpty());
        algorithm.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
        waiting().until(d -> !d.findElements(By.cssSelector("#parameter-form [data-parameter='mode']"))
                .isEmpty());
        browser.findElement(By.cssSelector("#workflow-series textarea")).sendKeys(series.get("MR"));
        screenshot("workflow-form");
        browser.findElement(By.id("start-workflow")).click();
        waiting().until(d -> d.findElement(By.id("jobs")).getText().contains("succeeded"));
        screenshot("workflow-succeeded");
        browser.findElement(By.cssSelector("vaadin-button.job-log")).click();
        waiting().until(d -> !d.findElement(By.id("job-log-text")).getText().isBlank());
    }

    /**
     * The PACS page against a real PACS (Orthanc on loopback): search by Patient ID, pick the
     * study, import it by C-MOVE, follow the import's progress to complete. (PT, so that the
     * dashboard's CT count of the other tests stays what they expect.)
     */
    @Test
    public void aResearcherImportsAStudyFromThePacsPage() throws Exception {
        Assume.assumeTrue("Orthanc not installed: apt-get install orthanc", Orthanc.installed());
        Path pacsFiles = Files.createDirectories(platform.home.resolve("pacs-study"));
        String study = "2.25." + System.nanoTime();
        for (int i = 1; i <= 3; i++) {
            Path file = Files.copy(
                    Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm"),
                    pacsFiles.resolve(i + ".dcm"));
            Dcmtk.Result modified = Dcmtk.run(
                    "dcmodify",
                    "-nb",
                    "-gin",
                    "-ma",
                    "StudyInstanceUID=" + study,
                    "-ma",
                    "SeriesInstanceUID=" + study + ".1",
                    "-ma",
                    "PatientID=PACS-UI",
                    "-ma",
                    "StudyDescription=From the clinical PACS",
                    "-ma",
                    "Modality=PT",
                    file.toString());
            assertTrue(modified.output(), modified.ok());
        }
        int orthancDicom = Dcmtk.freePort();
        try (Orthanc orthanc = new Orthanc(
                platform.home.resolve("orthanc"),
                "UIPACS",
                orthancDicom,
                Dcmtk.freePort(),
                Map.of("atrium", new Object[] {"ATRIUM", platform.dicomPort}))) {
            orthanc.start();
            Dcmtk.Result loaded = Dcmtk.run(
                    "storescu",
                    "+sd",
                    "-aec",
                    "UIPACS",
                    "127.0.0.1",
                    Integer.toString(orthancDicom),
                    pacsFiles.toString());
            assertTrue(loaded.output(), loaded.ok());
            Files.writeString(
                    platform.home.resolve("etc/org.atrium.dicom.node-uipacs.cfg"),
                    "name = uipacs\naeTitle = UIPACS\nhost = 127.0.0.1\nport = " + orthancDicom
                            + "\npurposes = QUERY_RETRIEVE\n");
            AtriumClient api = new AtriumClient(platform);
            for (int i = 0; i < 60 && !String.valueOf(api.get("/api/v1/nodes")).contains("UIPACS"); i++) {
                Thread.sleep(250);
            }

            logIn("itest", "itest");
            browser.get(platform.url("/ui/pacs"));
            WebElement node = waiting().until(d -> d.findElement(By.cssSelector("#pacs-node input")));
            node.sendKeys("uipacs");
            waiting().until(d -> !d.findElements(By.cssSelector("vaadin-combo-box-item"))
                    .isEmpty());
            node.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
            browser.findElement(By.cssSelector("vaadin-text-field[data-key='PatientID'] input"))
                    .sendKeys("PACS-UI");
            browser.findElement(By.id("pacs-find")).click();
            WebElement studies = browser.findElement(By.id("pacs-studies"));
            waiting().until(d -> studies.getText().contains("From the clinical PACS"));
            assertTrue(studies.getText(), studies.getText().contains("PACS-UI"));
            screenshot("pacs-found");
            List<WebElement> boxes = studies.findElements(By.cssSelector("vaadin-checkbox"));
            boxes.get(boxes.size() - 1).click();
            browser.findElement(By.id("pacs-import")).click();
            WebElement imports = browser.findElement(By.id("imports"));
            waiting().until(d -> imports.getText().contains("complete"));
            assertTrue(imports.getText(), imports.getText().contains("3 of 3"));
            screenshot("pacs-imported");
            assertEquals(3, Dcmtk.instancesInStudy(platform.dicomPort, study));
        }
    }

    /** A tool from an extension appears in the viewer; without its program it says what is missing. */
    @Test
    public void theViewerLaunchesToolsAndShowsWhatIsMissing() throws Exception {
        String karProperty = System.getProperty("atrium.mitk.kar");
        Assume.assumeTrue(
                "the MITK launcher's KAR was not built",
                karProperty != null && Files.isRegularFile(Path.of(karProperty)));
        logIn("itest", "itest");
        uploadKar(Path.of(karProperty), "atrium-ext-mitk.kar");
        waiting().until(d -> d.findElement(By.id("extensions")).getText().contains("org.atrium.samples.mitk-launcher"));

        browser.get(platform.url("/ui/viewer/" + series.get("CT")));
        WebElement open = waiting().until(d -> d.findElement(By.id("tool-org-atrium-samples-mitk-launcher")));
        assertTrue(open.getText(), open.getText().startsWith("Open in MITK Workbench"));
        open.click();
        waiting()
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("vaadin-notification-card")).stream()
                        .anyMatch(card -> card.getText().contains("MITK Workbench is not installed")));
        screenshot("tool-missing");
    }

    /** The System page adds a node (here Atrium itself), echoes it and removes it. */
    @Test
    public void anAdminAddsEchoesAndRemovesANode() throws Exception {
        logIn("itest", "itest");
        browser.get(platform.url("/ui/system"));
        WebElement form = waiting().until(d -> d.findElement(By.id("node-form")));
        clickInView(form.findElement(By.cssSelector("vaadin-details-summary")));
        waiting().until(d -> d.findElement(By.cssSelector("#node-name input")).isDisplayed());
        browser.findElement(By.cssSelector("#node-name input")).sendKeys("itself");
        browser.findElement(By.cssSelector("#node-aet input")).sendKeys("ATRIUM");
        browser.findElement(By.cssSelector("#node-host input")).sendKeys("127.0.0.1");
        browser.findElement(By.cssSelector("#node-port input")).sendKeys(Integer.toString(platform.dicomPort));
        clickInView(browser.findElement(By.id("node-save")));
        WebElement echo = waiting().until(d -> d.findElement(By.id("echo-itself")));
        assertTrue(browser.findElement(By.id("nodes")).getText().contains("127.0.0.1:" + platform.dicomPort));
        clickInView(echo);
        waiting()
                .until(d -> d.findElement(By.id("echo-result-itself")).getText().startsWith("OK in"));
        screenshot("node-added-and-echoed");
        clickInView(browser.findElement(By.id("remove-itself")));
        // The dialog's confirm button sits in its overlay (whose DOM varies between Vaadin versions):
        // find it by its theme wherever it is, shadow roots included.
        waiting()
                .until(
                        d -> Boolean.TRUE.equals(
                                js(
                                        """
                const find = root => {
                  for (const b of root.querySelectorAll('vaadin-button')) {
                    if ((b.getAttribute('theme') || '').includes('error')
                        && (b.getAttribute('theme') || '').includes('primary')) { return b; }
                  }
                  for (const e of root.querySelectorAll('*')) {
                    if (e.shadowRoot) { const b = find(e.shadowRoot); if (b) { return b; } }
                  }
                  return null;
                };
                const button = find(document);
                if (button) { button.click(); return true; }
                return false;""")));
        waiting().until(d -> !d.findElement(By.id("nodes")).getText().contains("itself"));
        assertTrue(Files.notExists(platform.home.resolve("etc/org.atrium.dicom.node-itself.cfg")));
    }

    @Test
    public void adminPagesAreForAdminsOnly() throws Exception {
        logIn("researcher", "researcher");
        browser.get(platform.url("/ui/system"));
        waiting().until(d -> d.findElement(By.id("access-denied")).isDisplayed());
        assertTrue(browser.findElements(By.id("health")).isEmpty());
        screenshot("system-refused");
        browser.findElement(By.id("logout")).click();
        waiting().until(d -> !d.findElements(By.cssSelector("#vaadinLoginUsername"))
                .isEmpty());
        browser.get(platform.url("/ui/datasets"));
        waiting().until(d -> !d.findElements(By.cssSelector("#vaadinLoginUsername"))
                .isEmpty());

        logIn("itest", "itest");
        browser.get(platform.url("/ui/system"));
        WebElement health = waiting().until(d -> d.findElement(By.id("health")));
        waiting().until(d -> health.getText().contains("store"));
        assertTrue(browser.findElement(By.id("listeners")).getText().contains("ATRIUM"));
        screenshot("system");
        browser.get(platform.url("/ui/pacs"));
        waiting()
                .until(d -> !d.findElements(By.id("pacs-find")).isEmpty()
                        && !d.findElements(By.id("imports")).isEmpty());
        screenshot("pacs");
        List<WebElement> denied = browser.findElements(By.id("access-denied"));
        assertTrue(denied.isEmpty());
    }
}
