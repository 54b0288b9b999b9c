package winterroom.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import winterroom.Json;
import winterroom.ServiceConfig;
import winterroom.WinterRoom;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Audit page in a real browser: find past evaluations, open one and its "why", re-run it, verify the chain. */
class AuditPageBrowserTest {
    static Browser browser;
    static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.open(WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withScenarios(Path.of("scenarios"))));
        HttpClient http = HttpClient.newHttpClient();
        // three evaluations through the API: two where T3 holds, one near miss (five handovers over an hour)
        for (String scenario : List.of("example-saturday-handover-delays.json", "t3-near-miss-five-handovers.json", "t3-six-handovers-over-an-hour.json")) {
            ObjectNode situation = (ObjectNode) Json.mapper().readTree(Path.of("scenarios", scenario).toFile());
            situation.remove("expect");
            situation.remove("name");
            situation.remove("description");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + browser.app.port() + "/api/v1/evaluations"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(situation.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
            JsonNode body = Json.mapper().readTree(r.body());
            ids.add(body.get("id").asText());
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
    }

    private static WebElement id(String id) { return browser.driver.findElement(By.id(id)); }

    @Test
    void findsEvaluationsByTriggerOpensOneWithItsWhyAndVerifiesTheChain() {
        browser.width(1366, 1000);
        browser.page("/audit.html");
        assertEquals(3, browser.driver.findElements(By.cssSelector("#found-body tr")).size(), "every evaluation, before any filter");

        id("q-trigger").sendKeys("t3");
        id("search").click();
        browser.wait.until(d -> d.findElements(By.cssSelector("#found-body tr")).size() == 2);
        List<String> found = browser.driver.findElements(By.cssSelector("#found-body tr")).stream().map(r -> r.getDomAttribute("data-id")).toList();
        assertEquals(List.of(ids.get(0), ids.get(2)), found);

        // a filter the service refuses is shown with the field marked
        // date inputs take what is typed in the browser's locale; set the ISO values directly
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('q-asof-from').value = '2019-02-01'; document.getElementById('q-asof-to').value = '2019-01-01';");
        id("search").click();
        WebElement refused = browser.visible(By.cssSelector("#search-status .error-box"));
        assertTrue(refused.getText().contains("asOfTo"), refused.getText());
        assertEquals("true", id("q-asof-to").getDomAttribute("aria-invalid"));
        id("q-asof-from").clear();
        id("q-asof-to").clear();
        id("search").click();
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#search-status .error-box")));
        // "Searching..." replaces the error at once; the rows are replaced only when the answer comes, then the status clears
        browser.wait.until(d -> id("search-status").getText().isEmpty() && d.findElements(By.cssSelector("#found-body tr")).size() == 2);

        browser.driver.findElement(By.cssSelector("#found-body tr[data-id='" + ids.get(0) + "'] button.open")).click();
        WebElement facts = browser.visible(By.id("record-facts"));
        assertTrue(facts.getText().contains(ids.get(0)), facts.getText());
        assertTrue(id("record-input").getDomProperty("textContent").contains("power failure in ED"), "the situation as submitted");
        assertEquals("Return owed today", id("exception-verdict").getText());
        // a kept evaluation opens with the same "Do now" card as a fresh one, so one passed on reads the same
        WebElement doNow = browser.visible(By.id("do-now"));
        assertTrue(doNow.getText().contains("Copy summary"), doNow.getText());
        WebElement t3 = browser.driver.findElements(By.cssSelector("#triggers li")).stream()
                .filter(li -> li.getText().startsWith("T3")).findFirst().orElseThrow();
        t3.findElement(By.cssSelector("button.why")).click();
        WebElement dialog = browser.visible(By.id("why-dialog"));
        assertTrue(dialog.getText().contains("000:L7295"), dialog.getText());
        id("why-close").click();
        browser.wait.until(ExpectedConditions.invisibilityOf(dialog));

        id("rerun-same").click();
        WebElement rerun = browser.visible(By.id("rerun-box"));
        assertTrue(rerun.getText().startsWith("Same outcome"), rerun.getText());

        id("verify").click();
        WebElement chain = browser.visible(By.id("chain-box"));
        assertTrue(chain.getText().startsWith("The chain holds"), chain.getText());
        browser.screenshot("audit-evaluation-and-chain");
        assertEquals(List.of(), browser.unlabelled(), "every control and button has a name a screen reader can read");

        // an evaluation links to its record: the page opens it from the address
        browser.page("/audit.html#" + ids.get(1));
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("record-facts"), ids.get(1)));
        assertEquals("No return owed", id("exception-verdict").getText());
    }
}
