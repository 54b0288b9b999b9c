package winterroom.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import winterroom.Json;
import winterroom.ServiceConfig;
import winterroom.Spreadsheets;
import winterroom.WinterRoom;
import winterroom.auth.Tokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A spreadsheet decision table edited in the Rules page's grid, as a CSV one is: the business columns headed in
 * words, a bad threshold flagged as typed, then the good one saved (activated) as the spreadsheet, which the API
 * shows with the changed cell and which differs from the file before only in that cell.
 */
class SpreadsheetGridBrowserTest {
    static final String OLU = "olu-token-for-the-spreadsheet-grid-test";
    static final String FILE = "tables/opel-thresholds.xlsx";
    static final String BAND_3 = "Band 3: G&A bed occupancy (acute trust)";
    static Path dir;
    static Path rules;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("winterroom-spreadsheet-grid-");
        rules = winterroom.TestRules.copy(dir);
        // the thresholds as a policy owner's spreadsheet, in place of the shipped CSV
        Files.write(rules.resolve(FILE), Spreadsheets.fromCsv(rules.resolve("tables/opel-thresholds.csv")));
        Files.delete(rules.resolve("tables/opel-thresholds.csv"));
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "olu,POLICY_OWNER," + Tokens.sha256(OLU) + "\n");
        Path noScenarios = Files.createDirectories(dir.resolve("no-scenarios"));
        browser = Browser.open(WinterRoom.create(new ServiceConfig(0, rules, 20000).withScenarios(noScenarios)
                .withDataDir(dir.resolve("data")).withTokens(tokens).withRulesPoll(Duration.ZERO)));
    }

    @AfterAll
    static void stop() {
        Browser.closeAndDelete(browser, dir);
    }

    private static WebElement id(String id) { return browser.driver.findElement(By.id(id)); }

    private static WebDriverWait slow() { return new WebDriverWait(browser.driver, Duration.ofSeconds(120)); }

    /** The grid cell of a row (found by its first cell) under a heading. */
    private static WebElement cell(String row, String heading) {
        List<WebElement> headings = browser.driver.findElements(By.cssSelector("#table-grid thead th"));
        int column = -1;
        for (int i = 0; i < headings.size(); i++) if (headings.get(i).getText().equals(heading)) column = i - 1;
        assertTrue(column >= 0, "a column headed '" + heading + "'");
        for (WebElement tr : browser.driver.findElements(By.cssSelector("#table-grid tbody tr"))) {
            if (tr.findElement(By.cssSelector("input[data-column='0']")).getDomProperty("value").equals(row)) {
                return tr.findElement(By.cssSelector("input[data-column='" + column + "']"));
            }
        }
        throw new AssertionError("no row " + row);
    }

    private static void type(WebElement input, String value) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(value);
    }

    private static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.base + path))
                .header("Authorization", "Bearer " + OLU).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.mapper().readTree(r.body());
    }

    @Test
    void aThresholdInASpreadsheetIsEditedInTheGridCheckedAsTypedAndSavedAsTheSpreadsheet() throws Exception {
        byte[] before = Files.readAllBytes(rules.resolve(FILE));
        browser.width(1366, 768);
        browser.page("/rules.html");
        browser.visible(By.id("signin-open")).click();
        WebElement token = browser.visible(By.id("token-input"));
        token.sendKeys(OLU, Keys.ENTER);
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-state"), "Signed in as olu (policy owner)"));
        String active = browser.visible(By.id("ruleset-version")).getText();

        browser.visible(By.cssSelector(".file-list button[data-file='" + FILE + "']")).click();
        id("tab-editor").click();
        browser.wait.until(ExpectedConditions.textToBe(By.id("editor-file"), FILE));
        browser.visible(By.cssSelector("#table-grid tbody tr"));
        List<String> headings = browser.driver.findElements(By.cssSelector("#table-grid thead th")).stream().map(WebElement::getText).toList();
        assertTrue(headings.containsAll(List.of("row", "organisation type", "metric", "at or above", "at or below", "score", "weight")), headings.toString());
        assertFalse(headings.contains("CONDITION") || headings.contains("RuleSet"), "no code rows: " + headings);
        assertFalse(id("show-text").isDisplayed(), "a spreadsheet has no text view");
        assertFalse(id("spreadsheet-note").isDisplayed(), "no download and upload needed to edit it");
        WebElement threshold = cell(BAND_3, "at or above");
        assertEquals("95", threshold.getDomProperty("value"));

        // a bad value is flagged as it is typed, naming the file, the spreadsheet's row and the column
        type(threshold, "ninety-four");
        WebElement errors = browser.visible(By.id("grid-error-list"));
        assertTrue(errors.getText().contains("tables/opel-thresholds.xlsx, row 32, column 'at or above': 'ninety-four' is not a number"), errors.getText());
        assertEquals("true", threshold.getDomAttribute("aria-invalid"));
        type(cell("Band 4: G&A bed occupancy (acute trust)", "at or above"), "160");
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("grid-error-list"), "160 is outside ga_bed_occupancy_pct's range"));
        browser.screenshot("rules-spreadsheet-grid-typed-check");
        type(cell("Band 4: G&A bed occupancy (acute trust)", "at or above"), "98");

        // the good value: no problem left, and the page holds a changed spreadsheet
        type(threshold, "94");
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("grid-error-list")));
        assertEquals("false", threshold.getDomAttribute("aria-invalid"));
        browser.wait.until(ExpectedConditions.textToBe(By.id("editor-state"), "changed, not yet activated"));
        id("validate").click();
        WebElement valid = slow().until(ExpectedConditions.visibilityOfElementLocated(By.id("check-box")));
        slow().until(ExpectedConditions.textToBePresentInElement(valid, "Valid: the rules compile"));

        // saved: activated as the spreadsheet
        id("change-note").sendKeys("G&A occupancy band 3 from 94%");
        id("activate").click();
        WebElement done = slow().until(ExpectedConditions.visibilityOfElementLocated(By.id("activated-box")));
        assertTrue(done.getText().startsWith("Activated version"), done.getText());
        browser.wait.until(d -> !active.equals(d.findElement(By.id("ruleset-version")).getText()));
        browser.wait.until(ExpectedConditions.textToBe(By.id("editor-state"), "as in the active ruleset"));

        // the API shows the changed cell
        JsonNode grid = api("/api/v1/rules/tables/" + FILE);
        int column = -1;
        for (int i = 0; i < grid.get("headings").size(); i++) if (grid.get("headings").get(i).asText().equals("At or above")) column = i;
        String now = null;
        for (JsonNode r : grid.get("rows")) if (r.at("/cells/0").asText().equals(BAND_3)) now = r.get("cells").get(column).asText();
        assertEquals("94", now, grid.toString());
        assertTrue(api("/api/v1/rules").get("rules").toString().contains("OT-AC-OCC-3"));

        // and the folder holds the spreadsheet, different from the one before only in that cell
        List<String> was = Spreadsheets.cells(before);
        List<String> is = Spreadsheets.cells(Files.readAllBytes(rules.resolve(FILE)));
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < Math.max(was.size(), is.size()); i++) {
            String a = i < was.size() ? was.get(i) : null;
            String b = i < is.size() ? is.get(i) : null;
            if (!java.util.Objects.equals(a, b)) differ.add(a + " -> " + b);
        }
        assertEquals(List.of("32:4=95 (NUMERIC) -> 32:4=94 (NUMERIC)"), differ);
        browser.screenshot("rules-spreadsheet-grid-saved");
        assertEquals(List.of(), browser.unlabelled(), "every control and button has a name a screen reader can read");
    }
}
