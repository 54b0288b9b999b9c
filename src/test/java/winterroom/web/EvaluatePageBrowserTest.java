package winterroom.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
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

/** The Evaluate page in a real browser, as an on-call manager uses it at 07:30. */
class EvaluatePageBrowserTest {
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.open(WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withScenarios(Path.of("scenarios"))));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
    }

    @Test
    void evaluatesAShippedScenarioAndOpensTheWhyOfATrigger() {
        browser.width(1366, 1000);
        browser.page("/");
        new Select(browser.driver.findElement(By.id("scenario-select"))).selectByValue("example-saturday-handover-delays.json");
        assertTrue(browser.driver.findElement(By.id("scenario-description")).getText().contains("seven ambulances waited over an hour"));
        browser.driver.findElement(By.id("evaluate")).click();

        WebElement verdict = browser.visible(By.id("exception-verdict"));
        assertEquals("Return owed today", verdict.getText());
        WebElement opel = browser.driver.findElement(By.id("opel"));
        assertEquals("3", opel.findElement(By.cssSelector(".badge.big")).getText());
        WebElement ltht = opel.findElement(By.cssSelector("tr[data-org='LTHT']"));
        assertTrue(ltht.getText().contains("ambulance_handover_over_60_min 7 → OPEL 3"), ltht.getText());
        assertTrue(browser.driver.findElement(By.id("exception")).getText().contains("Submitted by CCG on-call manager with acute input from LTHT on-call general manager"));
        assertTrue(browser.driver.findElement(By.id("breaches")).getText().contains("19 ambulance handover(s) took longer than 15 minutes"));
        WebElement sitrep = browser.driver.findElement(By.cssSelector("[data-category='COORDINATION'] li[data-action='SITREP_CALL']"));
        assertTrue(sitrep.getText().contains("CCG → system"), sitrep.getText());
        assertTrue(sitrep.getText().contains("LTHT is at OPEL 3"), sitrep.getText());
        browser.screenshot("evaluate-scenario-result");

        WebElement t3 = browser.driver.findElements(By.cssSelector("#triggers li")).stream()
                .filter(li -> li.getText().startsWith("T3")).findFirst().orElseThrow();
        WebElement why = t3.findElement(By.cssSelector("button.why"));
        why.click();
        WebElement dialog = browser.visible(By.id("why-dialog"));
        String text = dialog.getText();
        assertTrue(text.contains("Why: trigger T3 at LTHT"), text);
        assertTrue(text.contains("T3 ambulance handovers over an hour"), text);
        assertTrue(text.contains("exception-reporting.drl"), text);
        assertTrue(text.contains("000:L7295"), text);
        assertTrue(text.contains("metric=ambulance_handover_over_60_min"), "the matched measure is shown: " + text);
        assertTrue(text.contains("T3.handovers_over_60_more_than"), "the policy value compared against: " + text);
        assertEquals(1, dialog.findElements(By.cssSelector(".audit-entry")).size(), "only the firing that produced it");
        browser.screenshot("evaluate-why-dialog");

        // Escape closes it and gives focus back to the button that opened it
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.wait.until(ExpectedConditions.invisibilityOf(dialog));
        assertEquals(why, browser.driver.switchTo().activeElement());
    }

    @Test
    void theFormOffersCatalogueMetricsAndShowsTheServicesCorrections() {
        browser.width(820, 1180);   // a tablet held upright
        browser.page("/");
        // the tabs work from the keyboard
        browser.driver.findElement(By.id("tab-scenario")).sendKeys(Keys.ARROW_RIGHT);
        browser.driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
        assertEquals("tab-form", browser.driver.switchTo().activeElement().getAttribute("id"));
        assertTrue(browser.driver.findElement(By.id("panel-form")).isDisplayed());

        ((JavascriptExecutor) browser.driver).executeScript("document.getElementById('form-asof').value = '2019-01-16T07:30'");
        List<String> metrics = new Select(browser.driver.findElement(By.cssSelector(".measure-row .measure-metric")))
                .getOptions().stream().map(o -> o.getDomAttribute("value")).toList();
        assertTrue(metrics.contains("ambulance_handover_over_60_min") && metrics.contains("ae_4h_pct"), metrics.toString());

        new Select(browser.driver.findElement(By.cssSelector(".org-row .org-opel"))).selectByValue("2");
        WebElement value = browser.driver.findElement(By.cssSelector(".measure-row .measure-value"));
        value.sendKeys("140");   // four-hour performance over 100%
        browser.driver.findElement(By.id("evaluate")).click();
        WebElement error = browser.visible(By.cssSelector("#status .error-box"));
        assertTrue(error.getText().contains("measures[0].value"), error.getText());
        assertTrue(error.getText().contains("outside the valid range"), error.getText());
        assertEquals("true", value.getDomAttribute("aria-invalid"), "the field at fault is marked");
        browser.screenshot("evaluate-form-error-tablet");

        value.clear();
        value.sendKeys("78");
        browser.driver.findElement(By.id("add-measure")).click();
        List<WebElement> rows = browser.driver.findElements(By.cssSelector(".measure-row"));
        WebElement second = rows.get(1);
        new Select(second.findElement(By.cssSelector(".measure-metric"))).selectByValue("ambulance_handover_over_60_min");
        second.findElement(By.cssSelector(".measure-value")).sendKeys("6");
        browser.driver.findElement(By.id("evaluate")).click();
        WebElement verdict = browser.visible(By.id("exception-verdict"));
        assertEquals("Return owed today", verdict.getText());
        String triggers = browser.driver.findElement(By.id("triggers")).getText();
        assertTrue(triggers.contains("T1") && triggers.contains("T3"), triggers);
        WebElement ltht = browser.driver.findElement(By.cssSelector("#opel tr[data-org='LTHT']"));
        assertTrue(ltht.getText().contains("measures imply higher"), "reported 2, derived higher: " + ltht.getText());
        assertFalse(browser.driver.findElements(By.cssSelector("#status .error-box")).stream().anyMatch(WebElement::isDisplayed));
        assertEquals(null, value.getDomAttribute("aria-invalid"), "the mark goes once corrected");
        browser.screenshot("evaluate-form-result-tablet");
        assertEquals(List.of(), browser.unlabelled(), "every control and button has a name a screen reader can read");
    }

    @Test
    void pastedJsonThatIsNotJsonIsReportedWithItsPlace() {
        browser.width(1366, 1000);
        browser.page("/");
        browser.driver.findElement(By.id("tab-json")).click();
        WebElement editor = browser.driver.findElement(By.id("situation-json"));
        editor.sendKeys("{\"asOf\": \"2019-01-12T07:30:00Z\",\n \"organisations\": [");
        browser.driver.findElement(By.id("evaluate")).click();
        WebElement error = browser.visible(By.cssSelector("#status .error-box"));
        assertTrue(error.getText().contains("malformed JSON at line 2"), error.getText());
    }

    @Test
    void theRulesPageListsRulesWithTheirSources() {
        browser.width(1366, 1000);
        browser.page("/rules.html");
        browser.driver.findElement(By.cssSelector(".file-list button[data-file='exception-reporting.drl']")).click();
        browser.driver.findElement(By.id("rule-filter")).sendKeys("T3");
        WebElement row = browser.visible(By.cssSelector("#rules-body tr[data-code='T3']"));
        assertTrue(row.getText().contains("000:L7295"), row.getText());
        assertTrue(row.getText().contains("exception-reporting.drl"), row.getText());
        for (WebElement r : browser.driver.findElements(By.cssSelector("#rules-body tr"))) {
            assertTrue(r.getText().contains("exception-reporting.drl"), "filtered to the file: " + r.getText());
        }
        browser.driver.findElement(By.id("rule-filter")).clear();
        browser.driver.findElement(By.cssSelector(".file-list button[data-file='']")).click();
        browser.screenshot("rules-browser");
        assertEquals(List.of(), browser.unlabelled());
    }

    @Test
    void theApiViewerShowsTheDescriptionWithoutTheInternet() {
        browser.width(1366, 1000);
        browser.open("/api-docs");
        WebElement title = browser.visible(By.cssSelector(".swagger-ui .info .title"));
        assertTrue(title.getText().startsWith("Winter Room"), title.getText());
        WebElement evaluate = browser.visible(By.cssSelector("#operations-evaluations-evaluate"));
        assertTrue(evaluate.getText().contains("/api/v1/evaluations"), evaluate.getText());
        browser.screenshot("api-docs");
    }
}
