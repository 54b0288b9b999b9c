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
    void theDoNowCardFitsALaptopScreenAndTheWhyReadsInWords() {
        browser.width(1366, 768);
        browser.page("/");
        Select picker = new Select(browser.driver.findElement(By.id("scenario-select")));
        List<WebElement> groups = browser.driver.findElements(By.cssSelector("#scenario-select optgroup"));
        assertEquals("Worked examples", groups.get(0).getDomAttribute("label"), "worked examples are offered first");
        assertTrue(groups.get(0).getText().contains("Saturday morning in January"), groups.get(0).getText());
        // test cases are grouped by what they expect, not by their names: a case that expects nothing to fire is a near miss
        WebElement nearMisses = groups.stream().filter(g -> g.getDomAttribute("label").contains("near misses")).findFirst().orElseThrow();
        WebElement fires = groups.stream().filter(g -> g.getDomAttribute("label").contains("a rule fires")).findFirst().orElseThrow();
        List<String> nearMissFiles = nearMisses.findElements(By.tagName("option")).stream().map(o -> o.getDomAttribute("value")).toList();
        List<String> firingFiles = fires.findElements(By.tagName("option")).stream().map(o -> o.getDomAttribute("value")).toList();
        for (String noFire : List.of("window-july-no-return-owed.json", "t1-no-previous-day.json", "opel-bands-just-below-band-3.json",
                "t1-near-miss-fall-of-9-5-points.json", "p4-near-miss-cancelled-49-hours-before.json")) {
            assertTrue(nearMissFiles.contains(noFire) && !firingFiles.contains(noFire), noFire + " is a near miss: " + nearMissFiles);
        }
        for (String firing : List.of("t3-six-handovers-over-an-hour.json", "p4-cancelled-47-hours-before.json", "ma-t3-at-ltht.json")) {
            assertTrue(firingFiles.contains(firing), firing + " fires: " + firingFiles);
        }
        for (WebElement o : groups.get(0).findElements(By.tagName("option"))) {
            assertFalse(o.getDomAttribute("value").contains("near-miss"), "no near miss among the worked examples");
        }
        picker.selectByValue("example-saturday-handover-delays.json");
        assertTrue(browser.driver.findElement(By.id("scenario-description")).getText().contains("seven ambulances waited over an hour"));
        browser.driver.findElement(By.id("evaluate")).click();

        WebElement card = browser.visible(By.id("do-now"));
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        js.executeScript("window.scrollTo(0, 0)");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Number> box = (java.util.Map<String, Number>) js.executeScript(
                "const r = document.getElementById('do-now').getBoundingClientRect();"
                        + "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: innerHeight, width: innerWidth};");
        assertTrue(box.get("top").doubleValue() >= 0 && box.get("bottom").doubleValue() <= box.get("height").doubleValue()
                && box.get("right").doubleValue() <= box.get("width").doubleValue(), "the card is whole on a 1366x768 screen: " + box);
        String doNow = card.getText();
        assertTrue(doNow.contains("Exception return owed (T1, T3, T5)"), doNow);
        assertTrue(doNow.contains("Submits: NHS Leeds CCG, on-call manager"), doNow);
        assertTrue(doNow.contains("Acute input: Leeds Teaching Hospitals NHS Trust, on-call general manager"), doNow);
        List<WebElement> first = card.findElements(By.cssSelector("#do-now-list li"));
        assertTrue(first.size() >= 3, doNow);
        assertEquals("SITREP_CALL", first.get(0).getDomAttribute("data-action"), "the first step after the return");
        assertTrue(first.get(0).getText().contains("Call a system-wide sitrep call") && first.get(0).getText().contains("NHS Leeds CCG, on-call manager"),
                first.get(0).getText());
        for (WebElement step : first) {
            assertTrue(step.findElement(By.cssSelector(".owner")).getText().contains(", "), "an organisation and its role: " + step.getText());
            assertTrue(step.findElement(By.cssSelector(".deadline")).getText().startsWith("by "), "a deadline: " + step.getText());
        }
        browser.screenshot("evaluate-do-now-laptop");

        assertTrue(browser.driver.findElement(By.id("result-summary")).getText().contains("Saturday, 12/01/2019"), "dates read dd/mm/yyyy");
        // a findings card is shown only for a kind with findings today, never empty
        for (WebElement findings : browser.driver.findElements(By.cssSelector("section[id^='findings-']"))) {
            assertFalse(findings.findElements(By.cssSelector("tbody tr")).isEmpty(), "empty findings card " + findings.getAttribute("id"));
        }
        // the return card names who submits and gives acute input in full, as the "Do now" card does
        assertTrue(browser.driver.findElement(By.id("exception")).getText().contains(
                "Submitted by NHS Leeds CCG, on-call manager with acute input from Leeds Teaching Hospitals NHS Trust, on-call general manager"),
                browser.driver.findElement(By.id("exception")).getText());
        assertTrue(browser.driver.findElement(By.cssSelector("#do-now .do-now-head")).getText().contains("system OPEL 3"),
                browser.driver.findElement(By.cssSelector("#do-now .do-now-head")).getText());
        // the OPEL table names a metric in words, its key on hover, and breaks only between words
        WebElement driver = browser.driver.findElement(By.cssSelector("#opel-table tr[data-org='LTHT'] td.drivers .metric-name[title='ambulance_handover_over_60_min']"));
        assertEquals("ambulance handovers over 60 minutes", driver.getText().replace('\n', ' '));
        assertEquals("normal", driver.getCssValue("overflow-wrap"));
        assertFalse(browser.driver.findElement(By.id("opel-table")).getText().contains("ambulance_handover"), "no raw key shows in the OPEL table");
        for (WebElement td : browser.driver.findElements(By.cssSelector("section[id^='findings-'] td"))) {
            assertFalse(td.getText().matches("\\d{4}-\\d{2}-\\d{2}"), "a finding's date reads dd/mm/yyyy: " + td.getText());
        }
        for (WebElement h : browser.driver.findElements(By.cssSelector("section[id^='findings-'] h2"))) {
            assertFalse(h.getText().matches("(Opel|Cas) .*"), "acronyms in capitals: " + h.getText());
        }
        assertTrue(browser.driver.findElement(By.id("breaches")).getText().contains("19 ambulance handover(s) took longer than 15 minutes"));
        WebElement sitrep = browser.driver.findElement(By.cssSelector("#plan li[data-action='SITREP_CALL']"));
        assertTrue(sitrep.getText().contains("NHS Leeds CCG, on-call manager") && sitrep.getText().contains("LTHT is at OPEL 3"), sitrep.getText());
        WebElement aid = browser.driver.findElement(By.cssSelector("#plan li[data-action='MA2']"));
        assertTrue(aid.getText().contains("Agree first with Leeds Teaching Hospitals NHS Trust (P10)"), aid.getText());
        assertFalse(sitrep.getText().contains("P10"), "no discussion asked where the action affects no one: " + sitrep.getText());
        WebElement planList = browser.driver.findElement(By.cssSelector("#plan ol.plan"));
        assertTrue(browser.driver.findElements(By.cssSelector("#plan ol.plan > li")).size() >= 10, "a plan long enough to reach item 10");
        assertEquals(planList.getRect().getX(), browser.driver.findElement(By.cssSelector("#plan h2")).getRect().getX(), 1.0,
                "the plan list sits flush with its heading, without an extra indent");
        // a long title keeps "Why?" on its own line's end, not on a line of its own
        for (WebElement item : browser.driver.findElements(By.cssSelector("#plan li"))) {
            WebElement title = item.findElement(By.cssSelector(".item-title"));
            WebElement why = item.findElement(By.cssSelector("button.why"));
            assertTrue(why.getRect().getY() < title.getRect().getY() + title.getRect().getHeight(),
                    "Why? beside the title of " + item.getDomAttribute("data-action"));
            // the number sits beside the title (item 10 too), not on a line of its own above it
            assertTrue(title.getRect().getY() - item.getRect().getY() < 20, "the title starts the item " + item.getDomAttribute("data-action"));
        }

        // copy the summary for the on-call log
        browser.driver.findElement(By.id("copy-summary")).click();
        browser.wait.until(d -> d.findElement(By.id("copy-status")).getDomAttribute("data-summary") != null);
        String summary = browser.driver.findElement(By.id("copy-status")).getDomAttribute("data-summary");
        assertTrue(summary.startsWith("Leeds system: Saturday 12/01/2019 at 07:30"), summary);

        WebElement t3 = browser.driver.findElements(By.cssSelector("#triggers li")).stream()
                .filter(li -> li.getText().startsWith("T3")).findFirst().orElseThrow();
        WebElement why = t3.findElement(By.cssSelector("button.why"));
        why.click();
        WebElement dialog = browser.visible(By.id("why-dialog"));
        String text = dialog.getText();
        assertTrue(text.contains("Why: trigger T3 at LTHT"), text);
        assertTrue(text.contains("T3 Ambulance handovers over an hour"), "the rule: " + text);
        assertFalse(text.contains("T3 T3"), "the code once: " + text);
        assertTrue(text.contains("000:L7295"), "its source: " + text);
        assertTrue(text.contains("LTHT had 7 ambulance handovers over 60 minutes."), "the matched measure in the catalogue's words: " + text);
        assertTrue(text.contains("The plan's limit is more than 5 handovers over 60 minutes."), "the limit as a sentence: " + text);
        assertTrue(text.contains("Trigger T3 holds at LTHT: 7 ambulance handovers over 60 minutes"), "what it produced: " + text);
        assertFalse(text.contains("metric=ambulance_handover_over_60_min"), "raw facts wait behind the toggle");
        assertEquals(1, dialog.findElements(By.cssSelector(".audit-entry")).size(), "only the firing that produced it");
        dialog.findElement(By.cssSelector("details.raw-facts summary")).click();
        assertTrue(dialog.getText().contains("metric=ambulance_handover_over_60_min"), dialog.getText());
        assertTrue(dialog.getText().contains("T3.handovers_over_60_more_than"), dialog.getText());
        browser.screenshot("evaluate-why-dialog");

        // Escape closes it and gives focus back to the button that opened it
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.wait.until(ExpectedConditions.invisibilityOf(dialog));
        assertEquals(why, browser.driver.switchTo().activeElement());

        // a plan item's Why names the action by its catalogue title, not its id
        WebElement seeAndTreat = browser.driver.findElement(By.cssSelector("#plan li[data-action='SEE_AND_TREAT'] button.why"));
        js.executeScript("arguments[0].scrollIntoView({block: 'center'})", seeAndTreat);
        seeAndTreat.click();
        browser.wait.until(d -> d.findElement(By.id("why-dialog")).getText().contains("Recommended:"));
        String planWhy = browser.driver.findElement(By.id("why-dialog")).getText();
        assertTrue(planWhy.contains("Recommended: Urgent care practitioners see and treat at scene instead of conveying, because"), planWhy);
        assertFalse(planWhy.contains("SEE_AND_TREAT"), "no action id outside the raw facts: " + planWhy);
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        assertEquals(List.of(), browser.unlabelled());
    }

    @Test
    void theFormIsWholeAt1400PixelsAndEveryPageHasTheIconAndTheSameNavigation() {
        browser.width(1400, 900);
        browser.page("/");
        browser.driver.findElement(By.id("tab-form")).click();
        WebElement card = browser.driver.findElement(By.cssSelector("section[aria-labelledby='situation-heading']"));
        double right = card.getRect().getX() + card.getRect().getWidth();
        // every control is inside its table's visible width: nothing hides behind a horizontal scroll
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        for (String css : List.of(".measure-row button", ".measure-row .measure-metric", ".measure-row .measure-prev", ".org-row button",
                ".org-row .org-opel", ".event-row button")) {
            for (WebElement el : browser.driver.findElements(By.cssSelector(css))) {
                Number overflow = (Number) js.executeScript("const w = arguments[0].closest('.table-wrap');"
                        + "return arguments[0].getBoundingClientRect().right - w.getBoundingClientRect().right;", el);
                assertTrue(overflow.doubleValue() <= 0.5, css + " sticks out of its table by " + overflow + " px");
                assertTrue(el.getRect().getX() + el.getRect().getWidth() <= right, css + " is inside the form");
            }
        }
        assertTrue(browser.driver.findElement(By.id("form-asof")).getDomProperty("value").matches("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}"),
                "the date box reads dd/mm/yyyy hh:mm: " + browser.driver.findElement(By.id("form-asof")).getDomProperty("value"));
        browser.screenshot("evaluate-form-1400");
        List<String> nav = null;
        for (String page : List.of("/", "/exercises.html", "/rules.html", "/audit.html", "/api-docs")) {
            browser.open(page);
            WebElement icon = browser.wait.until(d -> d.findElement(By.cssSelector("link[rel='icon']")));
            assertEquals("/favicon.svg", icon.getDomAttribute("href"), page);
            List<String> links = browser.driver.findElements(By.cssSelector(".site-header nav a")).stream().map(a -> a.getDomAttribute("href")).toList();
            if (nav == null) nav = links;
            assertEquals(nav, links, "the same navigation on " + page);
        }
        browser.open("/favicon.svg");
        assertTrue(browser.driver.getPageSource().contains("<svg"), "the icon is served");
    }

    @Test
    void everyRemoveButtonAndDropDownOfTheFormIsWholeAt1366Pixels() {
        browser.width(1366, 768);
        browser.page("/");
        browser.driver.findElement(By.id("tab-form")).click();
        browser.driver.findElement(By.id("add-measure")).click();
        browser.driver.findElement(By.id("add-event")).click();
        // the longest choices each drop-down offers
        new Select(browser.driver.findElement(By.cssSelector(".org-row .org-type"))).selectByValue("GP_OUT_OF_HOURS");
        new Select(browser.driver.findElements(By.cssSelector(".measure-row .measure-metric")).get(1)).selectByValue("ed_median_time_to_treatment_min");
        new Select(browser.driver.findElement(By.cssSelector(".event-row .event-type"))).selectByValue("INDUSTRIAL_ACTION");
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) js.executeScript(
                "const out = []; const pen = document.createElement('canvas').getContext('2d');"
                + "for (const w of document.querySelectorAll('#panel-form .table-wrap')) {"
                + "  if (w.scrollWidth > w.clientWidth) out.push('a table scrolls sideways: ' + w.scrollWidth + ' > ' + w.clientWidth);"
                + "  const box = w.getBoundingClientRect();"
                + "  for (const el of w.querySelectorAll('td button, td select')) {"
                + "    const r = el.getBoundingClientRect(); const name = el.tagName + '.' + el.className;"
                + "    if (r.left < box.left - 0.5 || r.right > box.right + 0.5) out.push(name + ' lies outside its table: ' + r.left + '-' + r.right + ' of ' + box.left + '-' + box.right);"
                + "    if (el.tagName === 'BUTTON' && el.scrollWidth > el.clientWidth) out.push(name + ' cuts its label');"
                + "    if (el.tagName === 'SELECT') { const cs = getComputedStyle(el); pen.font = cs.font;"
                + "      const text = el.options[el.selectedIndex].text;"
                + "      if (pen.measureText(text).width + parseFloat(cs.paddingLeft) + 20 > el.clientWidth) out.push(name + ' cuts \"' + text + '\"'); }"
                + "  }"
                + "}"
                + "return out;");
        assertEquals(List.of(), problems, "every Remove button and drop-down of the form is whole inside its table");
        browser.screenshot("evaluate-form-1366");
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
        assertTrue(ltht.getText().contains("measures suggest higher"), "reported 2, derived higher: " + ltht.getText());
        assertTrue(ltht.getText().contains("reported"), "the level used says where it came from: " + ltht.getText());
        assertTrue(ltht.getText().contains("OPEL 4 from score"), "the distance to the next level: " + ltht.getText());
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("document.getElementById('opel').scrollIntoView()");
        browser.screenshot("evaluate-opel-levels-tablet");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("window.scrollTo(0, 0)");
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
