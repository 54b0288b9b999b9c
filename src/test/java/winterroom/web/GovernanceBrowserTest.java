package winterroom.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import winterroom.ServiceConfig;
import winterroom.WinterRoom;
import winterroom.auth.Tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A policy owner's walk-through in a real browser, two owners with tokens: edit a threshold in the
 * table grid (a bad cell is named as you type), propose it, see last winter's counts change, have
 * a colleague approve it past its broken expectations, see the diff on the Versions tab, and read
 * the coverage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernanceBrowserTest {
    static final String OLU = "olu-token-for-the-governance-test";
    static final String PAT = "pat-token-for-the-governance-test";
    static Path dir;
    static Path rules;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("winterroom-governance-");
        rules = winterroom.TestRules.copy(dir);
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "olu,POLICY_OWNER," + Tokens.sha256(OLU) + "\npat,POLICY_OWNER," + Tokens.sha256(PAT) + "\n");
        browser = Browser.open(WinterRoom.create(new ServiceConfig(0, rules, 20000).withScenarios(Path.of("scenarios"))
                .withDataDir(dir.resolve("data")).withTokens(tokens).withRulesPoll(Duration.ZERO)));
    }

    @AfterAll
    static void stop() {
        Browser.closeAndDelete(browser, dir);
    }

    private static WebElement id(String id) { return browser.driver.findElement(By.id(id)); }

    /** For what runs every scenario twice (a proposal, an approval) or a winter of situations: a loaded machine needs time. */
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

    /** Opens a change on the Changes tab; the list may be redrawn under the click (it reloads when the tab or the sign-in changes). */
    private static void openChange(String change) {
        By open = By.cssSelector("#changes-table tr[data-change='" + change + "'] button.open-change");
        browser.wait.until(d -> {
            try {
                d.findElement(open).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException redrawn) {
                return false;
            }
        });
    }

    private static void type(WebElement input, String value) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(value);
    }

    @Test
    @Order(1)
    void aThresholdEditedInTheGridIsProposedImpactedApprovedAndDiffed() throws IOException {
        browser.width(1366, 1200);
        browser.page("/rules.html");
        browser.signIn(OLU, "Signed in as olu (policy owner)");
        String active = id("ruleset-version").getText();
        String before = Files.readString(rules.resolve("tables/policy-values.csv"));

        // the grid: business columns headed in words; a bad cell is named with its line and column as you type
        browser.visible(By.cssSelector(".file-list button[data-file='tables/opel-thresholds.csv']")).click();
        id("tab-editor").click();
        browser.visible(By.id("table-grid"));
        List<String> headings = browser.driver.findElements(By.cssSelector("#table-grid thead th")).stream().map(WebElement::getText).toList();
        assertTrue(headings.containsAll(List.of("organisation type", "metric", "at or above", "score", "weight")), headings.toString());
        assertFalse(headings.contains("CONDITION"), "no engine rows: " + headings);
        assertFalse(id("code-editor").isDisplayed(), "the text editor is behind 'Text (experts)' for a table");
        type(cell("Band 4: G&A bed occupancy (acute trust)", "score"), "7");
        type(cell("Band 3: G&A bed occupancy (acute trust)", "at or above"), "ninety-five");
        WebElement errors = browser.visible(By.id("grid-error-list"));
        assertTrue(errors.getText().contains("tables/opel-thresholds.csv, line 33, column 'score': '7' is not an OPEL band score (1, 2, 3 or 4)"), errors.getText());
        assertTrue(errors.getText().contains("column 'at or above': 'ninety-five' is not a number"), errors.getText());
        // validate: the service's typed cell check names the same cell, shown on the grid
        id("validate").click();
        WebElement server = slow().until(ExpectedConditions.visibilityOfElementLocated(By.id("grid-server-list")));
        assertTrue(server.getText().contains("tables/opel-thresholds.csv, line 32") && server.getText().contains("ninety-five"), server.getText());
        browser.screenshot("rules-grid-cell-errors");
        id("discard").click();

        // the T3 threshold in the policy values, edited in the grid and proposed
        browser.driver.findElement(By.cssSelector(".file-list button[data-file='tables/policy-values.csv']")).click();
        browser.wait.until(ExpectedConditions.textToBe(By.id("editor-file"), "tables/policy-values.csv"));
        browser.visible(By.id("table-grid"));
        type(cell("Value T3 handover delays", "value"), "6");
        assertTrue(id("editor").getDomProperty("value").contains("T3.handovers_over_60_more_than,6,"), "the grid writes the CSV");
        id("propose-note").sendKeys("T3 from more than 5 to more than 6");
        id("propose").click();
        WebElement proposed = slow().until(ExpectedConditions.visibilityOfElementLocated(By.id("proposed-box")));
        assertTrue(proposed.getText().contains("Waiting for approval by a second policy owner (not olu)"), proposed.getText());
        WebElement firstRow = proposed.findElement(By.cssSelector("#preview-table tbody tr"));
        assertTrue(firstRow.getAttribute("class").contains("broken"), "broken expectations first");
        WebElement t3 = proposed.findElement(By.cssSelector("tr[data-file='scenarios/t3-six-handovers-over-an-hour.json']"));
        assertTrue(t3.getText().contains("T3 at LTHT no longer holds"), t3.getText());
        assertFalse(t3.getText().contains("got ["), t3.getText());
        String change = proposed.getDomAttribute("data-change");
        assertEquals(before, Files.readString(rules.resolve("tables/policy-values.csv")), "nothing is activated before approval");
        browser.screenshot("rules-change-proposed");

        // olu cannot approve their own change
        id("tab-changes").click();
        openChange(change);
        browser.visible(By.id("approve")).click();
        WebElement own = browser.visible(By.cssSelector("#approve-status .error-box"));
        assertTrue(own.getText().contains("four-eyes approval needs a second policy owner"), own.getText());

        // pat opens it, runs last winter's sitrep figures under it, and approves past the confirmation
        browser.signIn(PAT, "Signed in as pat (policy owner)");
        id("tab-changes").click();
        openChange(change);
        browser.visible(By.id("change-card"));
        browser.wait.until(d -> d.findElement(By.id("change-diff")).getText().contains("Value T3 handover delays"));
        Path sitrep = winterSample();
        id("impact-file").sendKeys(sitrep.toAbsolutePath().toString());
        id("run-impact").click();
        WebElement impact = slow().until(ExpectedConditions.visibilityOfElementLocated(By.id("impact-table")));
        WebElement t3Row = impact.findElement(By.cssSelector("tr[data-code='T3']"));
        List<WebElement> counts = t3Row.findElements(By.tagName("td"));
        assertTrue(Integer.parseInt(counts.get(2).getText()) > Integer.parseInt(counts.get(3).getText()), t3Row.getText());
        assertTrue(id("impact-chart").isDisplayed());
        browser.screenshot("rules-change-impact");

        id("approve-note").sendKeys("checked with the acute lead");
        id("approve").click();
        slow().until(ExpectedConditions.visibilityOfElementLocated(By.id("approve-refused")));
        WebElement force = id("approve-force");
        assertFalse(force.isEnabled(), "approving past broken expectations needs the confirmation first");
        id("approve-force-confirm").click();
        force.click();
        WebElement approved = slow().until(ExpectedConditions.visibilityOfElementLocated(By.id("approved-box")));
        assertTrue(approved.getText().startsWith("Approved and activated"), approved.getText());
        browser.wait.until(d -> !active.equals(d.findElement(By.id("ruleset-version")).getText()));
        assertTrue(Files.readString(rules.resolve("tables/policy-values.csv")).contains("T3.handovers_over_60_more_than,6,"));

        // the Versions tab: what changed, cell by cell
        id("tab-versions").click();
        browser.visible(By.cssSelector("#versions-body tr.active-version button.diff-previous")).click();
        WebElement diff = browser.visible(By.id("diff-view"));
        assertTrue(diff.getText().contains("Value T3 handover delays") && diff.getText().contains("Value"), diff.getText());
        browser.screenshot("rules-version-diff");
        assertEquals(List.of(), browser.unlabelled(), "every control and button has a name a screen reader can read");
    }

    @Test
    @Order(2)
    void coverageAndAScenariosExpectationsAreOnThePage() {
        browser.width(1366, 1200);
        browser.page("/rules.html");
        if (browser.driver.findElements(By.id("signout")).isEmpty()) browser.signIn(PAT, "Signed in as pat (policy owner)");
        id("tab-scenarios").click();
        id("load-coverage").click();
        WebElement summary = slow().until(ExpectedConditions.visibilityOfElementLocated(By.id("coverage-summary")));
        assertTrue(summary.getText().matches("\\d+ of \\d+ rules fire in at least one of \\d+ scenarios and exercises; \\d+ rule\\(s\\) no scenario exercises\\."), summary.getText());
        browser.wait.until(d -> d.findElements(By.cssSelector("#scenario-choice option")).size() > 1);
        new org.openqa.selenium.support.ui.Select(id("scenario-choice")).selectByValue("t3-six-handovers-over-an-hour.json");
        WebElement card = browser.visible(By.id("scenario-card"));
        // under the T3 change activated above, the scenario's expectation of T3 no longer holds
        assertTrue(card.getText().contains("expected trigger T3 but it is missing"), card.getText());
        String expect = id("expect-editor").getDomProperty("value");
        assertNotEquals("", expect);
        browser.screenshot("rules-scenario-expectations");
        assertEquals(List.of(), browser.unlabelled());
    }

    /** The first weeks of last winter's sitrep file (or all of it): a few hundred trust-days. */
    static Path winterSample() throws IOException {
        Path sample = dir.resolve("winter-sample.csv");
        Files.write(sample, winterroom.SitrepData.firstLines(4000));
        return sample;
    }
}
