package winterroom.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
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
 * The Rules page as a policy owner uses it, in a real browser, over a copy of the rules with a
 * tokens file: sign in, break a rule and see the error at its line, preview a threshold change,
 * activate it past a confirmation, roll it back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RulesEditorBrowserTest {
    static final String VIEWER = "viewer-token-for-the-rules-page-test";
    static final String OWNER = "owner-token-for-the-rules-page-test";
    static Path dir;
    static Path rules;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("winterroom-rules-editor-");
        rules = winterroom.TestRules.copy(dir);
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "vera,VIEWER," + Tokens.sha256(VIEWER) + "\nolu,POLICY_OWNER," + Tokens.sha256(OWNER) + "\n");
        browser = Browser.open(WinterRoom.create(new ServiceConfig(0, rules, 20000).withScenarios(Path.of("scenarios"))
                .withDataDir(dir.resolve("data")).withTokens(tokens).withRulesPoll(Duration.ZERO)));
    }

    @AfterAll
    static void stop() {
        Browser.closeAndDelete(browser, dir);
    }

    private static WebElement id(String id) { return browser.driver.findElement(By.id(id)); }


    private static void openInEditor(String file) {
        browser.visible(By.cssSelector(".file-list button[data-file='" + file + "']")).click();
        id("tab-editor").click();
        browser.wait.until(ExpectedConditions.textToBe(By.id("editor-file"), file));
        browser.wait.until(d -> !id("editor").getDomProperty("value").isEmpty());
    }

    @Test
    @Order(1)
    void aBrokenRuleIsShownAtItsLineAndOnlyAPolicyOwnerMayCheckIt() throws IOException {
        browser.width(1366, 1500);   // tall enough for the header, the editor and the list of errors in one screenshot
        browser.page("/rules.html");
        // no token: the page says what it needs instead of failing quietly
        WebElement refused = browser.visible(By.cssSelector("#ruleset-summary .error-box"));
        assertTrue(refused.getText().contains("This needs a token"), refused.getText());

        browser.signIn("not-a-token", "Not signed in");
        // a wrong token is refused in the form itself
        browser.wait.until(ExpectedConditions.textToBe(By.id("signin-error"), "The service does not know that token."));
        WebElement input = id("token-input");
        input.clear();
        input.sendKeys(VIEWER, Keys.ENTER);
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-state"), "Signed in as vera (viewer)"));
        openInEditor("exception-reporting.drl");   // the ruleset is read again with the token

        WebElement editor = id("editor");
        String original = editor.getDomProperty("value");
        assertEquals(Files.readString(rules.resolve("exception-reporting.drl")), original);
        int lines = original.split("\n", -1).length;
        assertEquals(lines, browser.driver.findElements(By.cssSelector("#gutter .ln")).size(), "a number for every line");

        // a half-written rule at the end of the file: its broken condition sits three lines below the old end
        editor.click();
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
        editor.sendKeys("\nrule \"half written\"\n    when\n        Measure( value > )\n    then\nend\n");
        int broken = lines + 3;
        assertEquals("changed, not yet activated", id("editor-state").getText());

        id("validate").click();
        WebElement denied = browser.visible(By.cssSelector("#check-result .error-box"));
        assertTrue(denied.getText().contains("This needs a policy owner's token: you are signed in as vera (viewer)."), denied.getText());

        browser.signIn(OWNER, "Signed in as olu (policy owner)");
        id("validate").click();
        WebElement box = browser.visible(By.cssSelector("#check-box"));
        browser.wait.until(ExpectedConditions.textToBePresentInElement(box, "Not valid"));
        WebElement problem = box.findElement(By.cssSelector("ul.problems.error li"));
        assertEquals(String.valueOf(broken), problem.getDomAttribute("data-line"), problem.getText());
        assertTrue(problem.getText().startsWith("exception-reporting.drl line " + broken), problem.getText());
        WebElement marked = browser.driver.findElement(By.cssSelector("#gutter .ln[data-line='" + broken + "']"));
        assertTrue(marked.getDomAttribute("class").contains("mark-error"), "a marker in the gutter at the line");
        assertEquals(1, browser.driver.findElements(By.cssSelector("#gutter .mark-error")).size(), "and nowhere else");
        assertEquals("Measure( value > )", selectedText().strip(), "the caret is taken to the line at fault");
        browser.screenshot("rules-editor-error-at-line");

        // the link in the list goes back to the line from anywhere
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME));
        problem.findElement(By.cssSelector("button.goto")).click();
        assertEquals(editor, browser.driver.switchTo().activeElement());
        assertEquals("Measure( value > )", selectedText().strip());
        assertTrue(id("editor-position").getText().startsWith("Line " + broken + ","), id("editor-position").getText());

        // nothing was activated and the file on disk is untouched; discarding clears the marks
        assertEquals(original, Files.readString(rules.resolve("exception-reporting.drl")));
        id("discard").click();
        assertEquals(original, editor.getDomProperty("value"));
        assertTrue(browser.driver.findElements(By.cssSelector("#gutter .mark-error")).isEmpty());
        assertEquals(List.of(), browser.unlabelled(), "every control and button has a name a screen reader can read");
    }

    @Test
    @Order(2)
    void aThresholdChangeIsPreviewedActivatedPastAConfirmationAndRolledBack() throws IOException {
        browser.width(1366, 1000);
        browser.page("/rules.html");
        if (browser.driver.findElements(By.id("signout")).isEmpty()) browser.signIn(OWNER, "Signed in as olu (policy owner)");
        String before = Files.readString(rules.resolve("tables/policy-values.csv"));
        String active = browser.driver.findElement(By.id("ruleset-version")).getText();
        openInEditor("tables/policy-values.csv");

        WebElement editor = id("editor");
        String changed = editor.getDomProperty("value").replace("T3.handovers_over_60_more_than,5,", "T3.handovers_over_60_more_than,6,");
        assertNotEquals(before, changed);
        ((JavascriptExecutor) browser.driver).executeScript(
                "const t = document.getElementById('editor'); t.value = arguments[0]; t.dispatchEvent(new Event('input'));", changed);

        id("preview").click();
        // every scenario runs twice: give a loaded machine time
        WebElement summary = new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(120))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-summary")));
        assertTrue(summary.getText().matches("\\d+ scenario\\(s\\) run; [1-9]\\d* would change; [1-9]\\d* expectation\\(s\\) would break\\."), summary.getText());
        WebElement t3 = id("preview-table").findElement(By.cssSelector("tr[data-file='scenarios/t3-six-handovers-over-an-hour.json']"));
        assertTrue(t3.getText().contains("T3 at LTHT no longer holds"), t3.getText());
        assertTrue(t3.getText().contains("expected trigger T3 but it is missing"), t3.getText());
        browser.screenshot("rules-editor-preview");

        id("change-author").sendKeys("Olu Adebayo");
        id("change-note").sendKeys("T3 from more than 5 to more than 6");
        id("activate").click();
        WebElement confirm = new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(120)).until(ExpectedConditions.visibilityOfElementLocated(By.id("force-box")));
        assertTrue(confirm.getText().contains("scenarios/t3-six-handovers-over-an-hour.json: expected trigger T3 but it is missing"), confirm.getText());
        WebElement force = id("force-activate");
        assertFalse(force.isEnabled(), "forcing needs the confirmation first");
        assertEquals(before, Files.readString(rules.resolve("tables/policy-values.csv")), "refused: the folder is unchanged");
        browser.screenshot("rules-editor-confirm-force");
        id("force-confirm").click();
        force.click();
        WebElement done = new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(120)).until(ExpectedConditions.visibilityOfElementLocated(By.id("activated-box")));
        assertTrue(done.getText().contains("Forced"), done.getText());
        assertEquals(changed, Files.readString(rules.resolve("tables/policy-values.csv")));
        browser.wait.until(d -> !active.equals(d.findElement(By.id("ruleset-version")).getText()));
        assertEquals("as in the active ruleset", id("editor-state").getText());

        // the versions: the forced one on top, active; roll back to the one before
        id("tab-versions").click();
        By top = By.cssSelector("#versions-body tr.active-version");
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(top, "Olu Adebayo"));
        assertTrue(browser.driver.findElement(top).getText().contains("forced past"), browser.driver.findElement(top).getText());
        assertTrue(browser.visible(By.id("last-attempt")).getText().contains("activated"));
        id("rollback-note").sendKeys("back to the agreed T3");
        WebElement back = browser.driver.findElement(By.cssSelector("#versions-body tr[data-hash='" + active.substring("ruleset ".length()) + "'] button.rollback"));
        back.click();
        WebElement rolled = new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(120)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#versions-status #activated-box")));
        assertTrue(rolled.getText().contains("Activated version " + active.substring("ruleset ".length())), rolled.getText());
        assertEquals(before, Files.readString(rules.resolve("tables/policy-values.csv")), "the folder holds the old file again");
        browser.wait.until(ExpectedConditions.textToBe(By.id("ruleset-version"), active));
        browser.screenshot("rules-versions-rolled-back");
        assertEquals(List.of(), browser.unlabelled());
    }

    @Test
    @Order(3)
    void theEditorFitsATabletHeldUpright() {
        browser.width(820, 1180);
        browser.page("/rules.html");
        if (browser.driver.findElements(By.id("signout")).isEmpty()) browser.signIn(OWNER, "Signed in as olu (policy owner)");
        openInEditor("opel.drl");
        Long overflow = (Long) ((JavascriptExecutor) browser.driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertEquals(0L, overflow, "no sideways scrolling of the page");
        ((JavascriptExecutor) browser.driver).executeScript("document.getElementById('rules-tabs').scrollIntoView()");
        browser.screenshot("rules-editor-tablet");
    }

    @Test
    @Order(4)
    void theTokenIsSentFromEveryPageAndRefusalsSayWhatIsNeeded() {
        browser.width(1366, 1000);
        browser.page("/");
        if (!browser.driver.findElements(By.id("signout")).isEmpty()) id("signout").click();
        browser.page("/");
        WebElement refused = browser.visible(By.cssSelector("#status .error-box"));
        assertTrue(refused.getText().contains("This needs a token"), refused.getText());

        browser.signIn(VIEWER, "Signed in as vera (viewer)");
        // the page reads again what it could not read without the token
        browser.wait.until(d -> d.findElements(By.cssSelector("#scenario-select option")).size() > 2);
        new org.openqa.selenium.support.ui.Select(id("scenario-select")).selectByValue("example-saturday-handover-delays.json");
        id("evaluate").click();
        WebElement denied = browser.visible(By.cssSelector("#status .error-box"));
        assertEquals("403", denied.getDomAttribute("data-status"));
        assertTrue(denied.getText().contains("This needs an assessor's token: you are signed in as vera (viewer)."), denied.getText());
        browser.screenshot("evaluate-needs-an-assessor");

        // the sign-in lasts for the tab: another page sends the same token
        browser.page("/rules.html");
        assertTrue(id("signin-state").getText().contains("vera"), id("signin-state").getText());
        browser.visible(By.cssSelector(".file-list button[data-file='opel.drl']"));
    }

    private static String selectedText() {
        return (String) ((JavascriptExecutor) browser.driver).executeScript(
                "const t = document.getElementById('editor'); return t.value.slice(t.selectionStart, t.selectionEnd);");
    }
}
