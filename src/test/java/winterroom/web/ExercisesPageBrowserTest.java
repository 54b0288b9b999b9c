package winterroom.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import winterroom.ServiceConfig;
import winterroom.WinterRoom;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Exercises page in a real browser, as a facilitator runs the plan's desk-top exercise. */
class ExercisesPageBrowserTest {
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.open(WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withScenarios(Path.of("scenarios"))));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
    }

    private static WebElement id(String id) { return browser.driver.findElement(By.id(id)); }

    private static void waitForSteps(int n) {
        // read in the page: the chart is drawn anew on every step, so a held element would go stale
        browser.wait.until(d -> String.valueOf(n).equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "const c = document.getElementById('opel-chart'); return c && c.getAttribute('data-steps');")));
        assertEquals(n, browser.driver.findElements(By.cssSelector("#steps-body tr")).size());
    }

    @Test
    void stepsAnExerciseLiveWithAnInjectAndOpensTheDebrief() {
        browser.width(1366, 1000);
        browser.page("/exercises.html");
        new Select(id("exercise-select")).selectByValue("snow-and-flu-desktop-exercise.json");
        assertTrue(id("exercise-description").getText().contains("adverse weather and flu"), id("exercise-description").getText());
        id("start").click();
        browser.visible(By.id("running"));
        assertTrue(id("exercise-progress").getText().startsWith("0 step(s) applied: 0 of 12 scripted"), id("exercise-progress").getText());

        // three scripted days: the chart grows a point per step for the system and every organisation
        for (int i = 1; i <= 3; i++) {
            id("next-step").click();
            waitForSteps(i);
        }
        assertEquals(3, browser.driver.findElements(By.cssSelector("#opel-chart circle[data-series='system']")).size());
        assertEquals(3, browser.driver.findElements(By.cssSelector("#opel-chart circle[data-series='LTHT']")).size());
        WebElement day2 = browser.driver.findElement(By.cssSelector("#steps-body tr[data-index='1']"));
        assertTrue(day2.getText().contains("Day 2: snow overnight"), day2.getText());
        // LCH declares OPEL 3 on day 2: its own escalation plan is new, by its titles; the system stays at 2, so no sitrep call
        assertTrue(day2.getText().contains("+ Bring in bank, agency and other flexible staff"), "LCH's escalation plan is new on day 2, by its title: " + day2.getText());
        assertFalse(day2.getText().contains("EP_FLEXIBLE_LABOUR"), "titles, not action ids, as on the other pages");
        assertFalse(day2.getText().contains("sitrep call"), day2.getText());
        assertTrue(id("latest-step").getText().startsWith("Step 2"), id("latest-step").getText());

        // a typed inject that the service corrects, then one it applies
        browser.driver.findElement(By.cssSelector("#inject-box summary")).click();
        id("inject").sendKeys("{\"measures\": [{\"org\": \"LTHT\", \"metric\": \"ae_4h_pct\", \"value\": 140}]}");
        id("send-inject").click();
        WebElement error = browser.visible(By.cssSelector("#status .error-box"));
        assertTrue(error.getText().contains("measures[0].value"), error.getText());
        waitForSteps(3);   // nothing applied

        id("inject").clear();
        id("inject-example").click();
        id("send-inject").click();
        waitForSteps(4);
        WebElement inject = browser.driver.findElement(By.cssSelector("#steps-body tr.inject"));
        assertTrue(inject.getText().contains("Inject: flood in ED"), inject.getText());
        assertTrue(inject.getText().contains("yes: ") && inject.getText().contains("T5"), "the flood is a significant event: " + inject.getText());
        assertEquals(1, browser.driver.findElements(By.cssSelector("#opel-chart .mark-inject")).size());
        assertTrue(id("exercise-progress").getText().contains("1 inject(s)"), id("exercise-progress").getText());
        browser.screenshot("exercise-live-timeline");

        // the debrief report, in the page, ready to print
        id("open-report").click();
        WebElement frame = browser.visible(By.id("report-frame"));
        browser.driver.switchTo().frame(frame);
        try {
            WebElement title = browser.visible(By.tagName("h1"));
            assertTrue(title.getText().startsWith("Snow and flu"), title.getText());
            String report = browser.driver.findElement(By.tagName("body")).getText();
            assertTrue(report.contains("Inject: flood in ED"), "the inject is in the debrief");
            assertFalse(browser.driver.findElements(By.tagName("svg")).isEmpty(), "with its chart");
        } finally {
            browser.driver.switchTo().defaultContent();
        }
        browser.screenshot("exercise-debrief-report");
        assertEquals(browser.driver.switchTo().activeElement(), id("close-report"));
        assertEquals(List.of(), browser.unlabelled(), "every control and button has a name a screen reader can read");

        id("end").click();
        browser.wait.until(ExpectedConditions.textToBe(By.id("status"), "The exercise has ended."));
        assertTrue(id("chooser").isDisplayed());
    }
}
