package winterroom.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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

/**
 * A facilitator and a participant in two browsers at once: the participant joins with the code on the
 * facilitator's screen, each sees the other's moves without reloading (the exercise clock as the facilitator runs
 * it among them), and the participant's decision is judged by the rules at the next step.
 */
class ExerciseRoomBrowserTest {
    static WinterRoom room;
    static Browser facilitator, participant;

    @BeforeAll
    static void start() {
        room = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withScenarios(Path.of("scenarios")));
        facilitator = Browser.open(room);
        participant = Browser.open(room);
    }

    @AfterAll
    static void stop() {
        if (participant != null) participant.close();
        if (facilitator != null) facilitator.close();
    }

    static Object js(Browser b, String script) { return ((JavascriptExecutor) b.driver).executeScript(script); }

    static String text(Browser b, String id) { return b.driver.findElement(By.id(id)).getText(); }

    static void waitFor(Browser b, String script) { b.wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(script))); }

    @Test
    void aFacilitatorAndAParticipantRunAnExerciseTogether() {
        facilitator.page("/exercises.html");
        new Select(facilitator.driver.findElement(By.id("exercise-select"))).selectByValue("snow-and-flu-desktop-exercise.json");
        facilitator.driver.findElement(By.id("start")).click();
        facilitator.visible(By.id("join-box"));
        facilitator.wait.until(d -> !d.findElement(By.id("join-code")).getText().isBlank());
        String code = facilitator.driver.findElement(By.id("join-code")).getText();
        String id = String.valueOf(js(facilitator, "return location.hash.slice(1)"));
        assertTrue(id.length() > 10, "the exercise has its own address: " + id);

        participant.width(420, 900);   // a phone
        participant.page("/room.html#" + id);
        participant.driver.findElement(By.id("join-code")).sendKeys(code);
        participant.driver.findElement(By.id("join-name")).sendKeys("Sam Patel");
        participant.driver.findElement(By.id("join-org")).sendKeys("LTHT");
        participant.driver.findElement(By.id("join-button")).click();
        participant.visible(By.id("room"));
        facilitator.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("participants"), "Sam Patel (LTHT)"));

        // the facilitator steps; the participant's page follows without a reload
        facilitator.driver.findElement(By.id("next-step")).click();
        waitFor(participant, "return document.getElementById('current').dataset.steps === '1'");
        assertTrue(participant.driver.findElement(By.id("step-title")).getText().startsWith("Step 0"));
        // the room has the icon and the navigation of every other page, and reads actions by their titles
        assertEquals("/favicon.svg", participant.driver.findElement(By.cssSelector("link[rel='icon']")).getDomAttribute("href"));
        assertEquals(List.of("/", "/exercises.html", "/rules.html", "/audit.html", "/api-docs"),
                participant.driver.findElements(By.cssSelector(".site-header nav a")).stream().map(a -> a.getDomAttribute("href")).toList());
        List<WebElement> recommended = participant.driver.findElements(By.cssSelector("#my-recommendations li[data-action]"));
        for (WebElement li : recommended) {
            assertFalse(li.getText().contains(li.getDomAttribute("data-action")), "the title, not the id: " + li.getText());
            assertEquals(li.getDomAttribute("data-action"), li.getDomAttribute("title"), "the id on hover");
        }
        for (WebElement o : new Select(participant.driver.findElement(By.id("decision-answers"))).getOptions()) {
            assertFalse(o.getText().matches(".*[A-Z]+_[A-Z_]+.*"), "an answer offered by its title: " + o.getText());
        }
        assertFalse(text(participant, "org-levels").contains("OPEL -"), text(participant, "org-levels"));
        assertFalse(text(participant, "my-recommendations").matches("(?s).*\\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d.*"),
                "dates read dd/mm/yyyy: " + text(participant, "my-recommendations"));

        // the exercise clock: before anyone starts it, both pages show it standing at the step's time
        waitFor(participant, "return document.getElementById('clock').dataset.state === 'not started'");
        assertTrue(text(participant, "clock-time").contains("07/01/2019, 08:00:00"), text(participant, "clock-time"));
        // the facilitator starts it at 60x; both pages show it running and each runs it on by itself
        new Select(facilitator.driver.findElement(By.id("clock-speed"))).selectByValue("60");
        facilitator.driver.findElement(By.id("clock-start")).click();
        for (Browser b : List.of(facilitator, participant)) {
            waitFor(b, "const c = document.getElementById('clock'); return c.dataset.state === 'running' && c.dataset.speed === '60'");
            assertTrue(text(b, "clock-state").contains("running, 60×"), text(b, "clock-state"));
            assertTrue(text(b, "clock-time").contains("07/01/2019"), text(b, "clock-time"));
        }
        String shown = text(participant, "clock-time");
        participant.wait.until(d -> !d.findElement(By.id("clock-time")).getText().equals(shown));   // ticks between updates
        facilitator.screenshot("room-facilitator-clock");
        participant.screenshot("room-participant-clock");
        // paused, both stand at the same exercise time
        facilitator.driver.findElement(By.id("clock-pause")).click();
        for (Browser b : List.of(facilitator, participant)) waitFor(b, "return document.getElementById('clock').dataset.state === 'paused'");
        assertEquals(text(facilitator, "clock-time"), text(participant, "clock-time"));

        // the participant decides; the facilitator's decision log shows it at once
        participant.driver.findElement(By.id("decision-text")).sendKeys("Suspend elective orthopaedics to free beds");
        new Select(participant.driver.findElement(By.id("decision-action"))).selectByValue("SUSPEND_SERVICE");
        participant.driver.findElement(By.id("decision-service")).sendKeys("elective orthopaedics");
        participant.driver.findElement(By.id("decision-send")).click();
        participant.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Decision recorded"));
        facilitator.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("decisions-body"), "Suspend elective orthopaedics"));
        assertTrue(text(facilitator, "decisions-body").startsWith("07/01/2019"), "the decision log leads with the exercise time: " + text(facilitator, "decisions-body"));
        facilitator.screenshot("room-facilitator-decision");
        participant.screenshot("room-participant-decision");

        // the next step judges the room's decision: a suspension without recovery breaches P15
        facilitator.driver.findElement(By.id("next-step")).click();
        waitFor(facilitator, "const r = document.querySelector(\"#steps-body tr[data-index='1']\"); return !!r && r.textContent.includes('P15')");
        waitFor(participant, "return document.getElementById('current').dataset.steps === '2'");
        facilitator.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("decisions-body"), "fact of step 1"));
        // day 2 is later than the paused clock: it moves on to the step's time on both pages
        for (Browser b : List.of(facilitator, participant)) {
            b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("clock-time"), "08/01/2019, 08:00:00"));
        }

        // a prepared inject from the master events list
        facilitator.driver.findElement(By.cssSelector("#prepared-injects button[data-prepared='0']")).click();
        waitFor(participant, "return document.getElementById('current').dataset.steps === '3'");
        assertTrue(participant.driver.findElement(By.id("step-title")).getText().contains("Inject: flood in ED"));

        // the end keeps it; a reload opens it where it stands
        facilitator.driver.findElement(By.id("end")).click();
        facilitator.wait.until(ExpectedConditions.textToBe(By.id("status"), "The exercise has ended."));
        participant.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("room-title"), "(ended)"));
        waitFor(participant, "return document.getElementById('clock').dataset.state === 'ended'");
        facilitator.driver.findElement(By.id("lesson-text")).sendKeys("Pair every suspension with its recovery plan");
        facilitator.driver.findElement(By.id("lesson-owner")).sendKeys("LTHT COO");
        facilitator.driver.findElement(By.id("lesson-add")).click();
        facilitator.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lessons-list"), "LTHT COO"));
        facilitator.page("/exercises.html#" + id);
        facilitator.wait.until(ExpectedConditions.textToBe(By.id("exercise-state"), "ended"));
        assertEquals("3", js(facilitator, "return document.getElementById('opel-chart').getAttribute('data-steps')"));
        assertTrue(facilitator.driver.findElement(By.id("lessons-list")).getText().contains("recovery plan"));
        facilitator.screenshot("room-facilitator-ended");
        assertEquals(List.of(), facilitator.unlabelled());
        assertEquals(List.of(), participant.unlabelled());
    }
}
