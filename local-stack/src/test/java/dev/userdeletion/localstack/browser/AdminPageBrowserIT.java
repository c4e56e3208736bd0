package dev.userdeletion.localstack.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.localstack.ApiClient;
import dev.userdeletion.localstack.RunningStack;
import dev.userdeletion.localstack.Stack;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The help article, walked end to end in a real headless Chromium against the real stack (the four services, the
 * admin gateway, Kafka, PostgreSQL): an admin searches, filters, ticks users on two pages, reviews, is refused a
 * wrong number, confirms the right one, watches the progress, is told how many users could not be deleted and
 * who; the CSM removes those from the platform; the admin is told all users have been removed. One stack and one
 * browser for all steps, in order; each step writes a screenshot to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPageBrowserIT {

    private static final String DATE_FILTER = "2024-06-30";

    private Stack stack;
    private Browser browser;
    private String page;
    private ApiClient membership;
    private ApiClient admin;
    private final String platform = "walk-" + UUID.randomUUID().toString().substring(0, 8);
    private final String otherPlatform = platform + "-other";
    private final Map<String, String> ids = new LinkedHashMap<>();
    private String requestId;

    @BeforeAll
    void stackAndBrowser() {
        browser = Browser.open(Path.of("target", "screenshots"));
        stack = RunningStack.get();
        page = stack.baseUrl(Stack.GATEWAY);
        membership = new ApiClient(stack.baseUrl(Stack.MEMBERSHIP), stack.callers().backEnd());
        admin = new ApiClient(stack.baseUrl(Stack.ORCHESTRATOR), stack.callers().adminOf(platform));
        seed();
    }

    /** What the page asked the services for (through the gateway) conforms to their published documents. */
    @AfterEach
    void everyExchangeOfThePageConformsToThePublishedContracts() {
        assertThat(RunningStack.takeGatewayContractViolations()).isEmpty();
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        assertThat(RunningStack.gatewayExchangesChecked()).as("exchanges between the gateway and the services checked")
                .isPositive();
    }

    /**
     * 48 users: 30 mentees who last logged in early in 2024, 2 more ("alumni") who are also on another platform, 3
     * who never logged in, 5 recent mentees and 8 mentors. Filtered by mentee and "on or before 2024-06-30": 35.
     */
    private void seed() {
        ApiClient provisioning = new ApiClient(stack.baseUrl(Stack.MEMBERSHIP), stack.callers().provisioner());
        for (String p : List.of(platform, otherPlatform)) {
            provisioning.put("/api/platforms/" + p, Map.of("name", p.equals(platform) ? "Walkthrough Academy" : "Other",
                    "csmEmail", "csm@example.com", "adminEmail", "admin@example.com"));
        }
        for (int i = 1; i <= 30; i++) {
            user(String.format("mentee-%02d", i), "MENTEE", "2024-01-%02dT10:00:00Z".formatted(i % 28 + 1));
        }
        user("alumni-1", "MENTEE", "2024-02-01T10:00:00Z");
        user("alumni-2", "MENTEE", "2024-03-01T10:00:00Z");
        for (String alumnus : List.of("alumni-1", "alumni-2")) {
            assertThat(membership.post("/api/platforms/" + otherPlatform + "/members",
                    Map.of("email", email(alumnus), "role", "MENTEE")).status()).isEqualTo(201);
        }
        for (int i = 1; i <= 3; i++) {
            user("never-" + i, "MENTEE", null);
        }
        for (int i = 1; i <= 5; i++) {
            user("recent-" + i, "MENTEE", Instant.now().minusSeconds(3600L * i).toString());
        }
        for (int i = 1; i <= 8; i++) {
            user("mentor-" + i, "MENTOR", "2024-01-15T10:00:00Z");
        }
        ApiClient userQuery = new ApiClient(stack.baseUrl(Stack.USER_QUERY), stack.callers().adminOf(platform));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                userQuery.get("/api/platforms/" + platform + "/users/count").body().get("count").asInt() == 48
                        && userQuery.get("/api/platforms/" + platform + "/users/count?email=alumni").body().get("count").asInt() == 2
                        && userQuery.get("/api/platforms/" + platform + "/users?email=alumni").body().get("items").get(0)
                        .get("platformCount").asInt() == 2);
    }

    private void user(String name, String role, String lastLogin) {
        ApiClient.Response created = membership.post("/api/platforms/" + platform + "/members",
                Map.of("email", email(name), "role", role));
        assertThat(created.status()).isEqualTo(201);
        String userId = created.body().get("userId").asString();
        ids.put(name, userId);
        if (lastLogin != null) {
            assertThat(membership.post("/api/users/" + userId + "/logins", Map.of("at", lastLogin)).status()).isEqualTo(204);
        }
    }

    private String email(String name) {
        return name + "@" + platform + ".example";
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theAdminSignsInAndSeesTheUsersOfTheirPlatform() {
        browser.driver.get(page + "/");
        browser.find("#sign-in");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/sign-in");
        browser.find("#other-platform").sendKeys(platform);
        browser.screenshot("sign-in");
        browser.find("#sign-in-button").click();

        browser.text("#match-count", "48 users on this platform");
        browser.text(".platform", "Walkthrough Academy");
        assertThat(browser.find("#delete-all").getText()).isEqualTo("Delete all 48 users of the platform");
        assertThat(actionButtons()).isEmpty();
        assertEveryControlIsLabelled();
        browser.screenshot("users");
    }

    @Test
    @Order(2)
    void theEmailSearchFindsSubstringsAndSaysWhenNothingMatches() {
        WebElement search = browser.find("#email-search");
        search.sendKeys("ALUMNI", Keys.ENTER);
        browser.text("#match-count", "2 users match");
        assertThat(emails()).containsExactly(email("alumni-1"), email("alumni-2"));
        assertThat(browser.find("tr[data-user-id] .badge").getText()).isEqualTo("2 platforms");
        browser.screenshot("search");

        search = browser.find("#email-search");
        search.clear();
        search.sendKeys("nobody-by-that-name", Keys.ENTER);
        browser.text("#no-users", "No users match these filters");
        browser.find("#clear-filters").click();
        browser.text("#match-count", "48 users on this platform");
    }

    @Test
    @Order(3)
    void filtersByRoleAndLastLoginAndPagesWithTheTotal() {
        browser.find("#role-mentee").click();
        browser.text("#match-count", "40 users match");
        WebElement date = browser.find("#last-login");
        date.sendKeys("06302024");
        browser.text("#match-count", "35 users match");
        assertThat(browser.find("#last-login").getDomProperty("value")).isEqualTo(DATE_FILTER);
        new Select(browser.find("#page-size")).selectByValue("25");
        browser.text("#page-status", "Page 1 of 2 · 35 users");
        assertThat(emails()).hasSize(25).startsWith(email("alumni-1"), email("alumni-2"), email("mentee-01"));
        assertThat(browser.find("#delete-filtered").getText()).isEqualTo("Delete all 35 filtered users");
        browser.screenshot("filtered");

        new Select(browser.find("#sort")).selectByValue("lastLoginAt,desc");
        browser.until(d -> firstEmailIs("alumni-2")); // newest login first, never logged in last
        assertThat(emails().get(1)).isEqualTo(email("alumni-1"));
        new Select(browser.find("#sort")).selectByValue("email,asc");
        browser.until(d -> firstEmailIs("alumni-1"));
    }

    @Test
    @Order(4)
    void nextAndPreviousPageByCursorAndAddressesThatCannotBeShownAsTheyAre() {
        browser.text("#page-status", "Page 1 of 2 · 35 users");
        browser.find("#next-page").click();
        browser.text("#page-status", "Page 2 of 2 · 35 users");
        // the next page starts after the shown page's last row (keyset), not at an offset
        assertThat(browser.driver.getCurrentUrl()).contains("page=1").contains("after=");
        browser.until(d -> emails().size() == 10);
        List<String> second = emails();
        assertThat(second).contains(email("mentee-30"), email("never-3")).doesNotContain(email("alumni-1"));

        browser.find("#prev-page").click();
        browser.text("#page-status", "Page 1 of 2");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("after=");
        browser.until(d -> firstEmailIs("alumni-1"));

        // a cursor the service refuses (not one it made): the same page by number, and the address drops it
        browser.find("#next-page").click();
        browser.text("#page-status", "Page 2 of 2");
        String forged = browser.driver.getCurrentUrl().replaceAll("after=[^&]*", "after=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        ((JavascriptExecutor) browser.driver).executeScript("location.hash = arguments[0]",
                forged.substring(forged.indexOf('#')));
        browser.until(d -> !d.getCurrentUrl().contains("after="));
        browser.text("#page-status", "Page 2 of 2 · 35 users");
        browser.until(d -> emails().equals(second));
        assertThat(browser.driver.findElement(By.id("error")).isDisplayed()).as("an error banner").isFalse();
        browser.find("#prev-page").click();
        browser.text("#page-status", "Page 1 of 2");

        // a page number past the end shows the last page in its place: Back then leaves it instead of landing on
        // the address that redirects forward again
        String first = browser.driver.getCurrentUrl();
        ((JavascriptExecutor) browser.driver).executeScript("location.hash = arguments[0]",
                first.substring(first.indexOf('#')) + "&page=99");
        browser.text("#page-status", "Page 2 of 2");
        browser.until(d -> d.getCurrentUrl().contains("page=1") && !d.getCurrentUrl().contains("page=99"));
        browser.driver.navigate().back();
        browser.text("#page-status", "Page 1 of 2");
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(first);
    }

    @Test
    @Order(5)
    void selectAllVisibleDeleteAllFilteredAndClear() {
        browser.find("#next-page").click();
        browser.text("#page-status", "Page 2 of 2");
        browser.find("#select-visible").click();
        browser.text("#delete-selected", "Delete 10 users");
        browser.find("#select-visible").click();
        browser.until(d -> actionButtons().isEmpty());
        browser.find("#prev-page").click();
        browser.text("#page-status", "Page 1 of 2");

        browser.find("#delete-filtered").click();
        browser.text("#review-count", "You are about to permanently delete 35 users");
        browser.find("#back-to-list").click();
        browser.text("#delete-selected", "Delete 35 users");
        browser.until(d -> checkbox("mentee-02").isSelected() && checkbox("alumni-1").isSelected());
        checkbox("mentee-02").click(); // excluded from "all filtered"
        browser.text("#delete-selected", "Delete 34 users");
        browser.until(d -> !checkbox("mentee-02").isSelected());
        browser.find("#clear-selection").click();
        browser.until(d -> actionButtons().isEmpty());
        browser.until(d -> !checkbox("alumni-1").isSelected());
    }

    @Test
    @Order(6)
    void ticksAreKeptAcrossPagesAndReloadsAndTheButtonSaysHowMany() {
        // by keyboard: focus the box and press space
        checkbox("alumni-1").sendKeys(Keys.SPACE);
        browser.text("#delete-selected", "Delete 1 user");
        checkbox("alumni-2").click();
        browser.text("#delete-selected", "Delete 2 users");
        checkbox("mentee-01").click();
        browser.text("#delete-selected", "Delete 3 users");

        browser.find("#next-page").click();
        browser.text("#page-status", "Page 2 of 2");
        assertThat(emails()).contains(email("mentee-30"), email("never-3"));
        checkbox("mentee-30").click();
        browser.text("#delete-selected", "Delete 4 users");

        browser.find("#prev-page").click();
        browser.text("#page-status", "Page 1 of 2");
        browser.until(d -> checkbox("alumni-1").isSelected() && checkbox("alumni-2").isSelected()
                && checkbox("mentee-01").isSelected() && !checkbox("mentee-02").isSelected());
        checkbox("mentee-01").click(); // untick one
        browser.text("#delete-selected", "Delete 3 users");

        browser.driver.navigate().refresh(); // the selection lives in the server's draft
        browser.text("#delete-selected", "Delete 3 users");
        browser.until(d -> checkbox("alumni-1").isSelected() && !checkbox("mentee-01").isSelected());
        WebElement button = browser.find("#delete-selected");
        Dimension window = browser.driver.manage().window().getSize();
        // the bottom right-hand corner
        assertThat(button.getRect().getX() + button.getRect().getWidth()).isGreaterThan(window.getWidth() * 3 / 4);
        assertThat(button.getRect().getY()).isGreaterThan(window.getHeight() / 2);
        browser.screenshot("selected");
    }

    @Test
    @Order(7)
    void theReviewShowsTheFrozenListAndRefusesAWrongNumber() {
        browser.find("#delete-selected").click();
        browser.text("#review-count", "You are about to permanently delete 3 users from Walkthrough Academy.");
        requestId = browser.driver.getCurrentUrl().replaceAll(".*#/review/", "");
        assertThat(browser.find("#irreversible").getText()).contains("User deletion is irreversible")
                .contains("We recommend you let users know before deleting them");
        assertThat(browser.find("#predicted-rejections").getText())
                .startsWith("2 users of these belong to several platforms and will not be deleted");
        assertThat(emails()).containsExactlyInAnyOrder(email("alumni-1"), email("alumni-2"), email("mentee-30"));
        assertEveryControlIsLabelled();

        WebElement typed = browser.find("#typed-count");
        typed.sendKeys("2");
        browser.text("#count-hint", "That is not the number of users shown (3).");
        assertThat(browser.find("#confirm").isEnabled()).isFalse();
        browser.screenshot("review-wrong-number");
        typed.clear();
        typed.sendKeys("3");
        browser.until(d -> d.findElement(By.id("confirm")).isEnabled());
        browser.screenshot("review");
    }

    @Test
    @Order(8)
    void aConfirmationTheServerRefusesIsShownAndDeletesNothing() {
        // the same selection reviewed again elsewhere (another tab): this page's review is no longer the current one
        assertThat(admin.post("/api/platforms/" + platform + "/deletion-requests/" + requestId + "/review", null).status())
                .isEqualTo(200);
        browser.find("#confirm").click();
        browser.text("#review-message", "nothing was deleted");
        assertThat(admin.get("/api/platforms/" + platform + "/deletion-requests/" + requestId).body().get("state").asString())
                .isEqualTo("REVIEWED");
        assertThat(membership.get("/api/users/" + ids.get("mentee-30")).status()).isEqualTo(200);
        assertThat(browser.find("#confirm").isEnabled()).isFalse();

        // paging on through a review that was reviewed again meanwhile: the new review, from its first page, said
        String path = "/api/platforms/" + platform + "/deletion-requests/" + requestId;
        int looking = admin.get(path).body().get("reviewVersion").asInt();
        assertThat(admin.post(path + "/review", null).status()).isEqualTo(200);
        ((JavascriptExecutor) browser.driver).executeScript("location.hash = arguments[0]",
                "#/review/" + requestId + "?page=1&seen=" + looking);
        browser.text("#review-message", "this is the new review, from its first page");
        browser.until(d -> d.getCurrentUrl().endsWith("#/review/" + requestId));
        browser.text("#review-count", "You are about to permanently delete 3 users");
        assertThat(emails()).containsExactlyInAnyOrder(email("alumni-1"), email("alumni-2"), email("mentee-30"));
    }

    @Test
    @Order(9)
    void theRightNumberDeletesAndTheProgressReachesTheEnd() {
        browser.find("#typed-count").sendKeys("3");
        browser.until(d -> d.findElement(By.id("confirm")).isEnabled());
        browser.find("#confirm").click();
        browser.text("h1", "Deletion finished");
        assertThat(browser.find("#count-deleted").getText()).isEqualTo("1");
        assertThat(browser.find("#count-not-deleted").getText()).isEqualTo("2");
        assertThat(browser.find("#count-pending").getText()).isEqualTo("0");
        assertThat(browser.find("#progress").getAttribute("aria-valuenow")).isEqualTo("100");
        assertThat(membership.get("/api/users/" + ids.get("mentee-30")).status()).isEqualTo(404);

        browser.driver.navigate().refresh(); // the progress is the server's
        browser.text("h1", "Deletion finished");
        assertThat(browser.find("#count-not-deleted").getText()).isEqualTo("2");
    }

    @Test
    @Order(10)
    void aNoticeTopRightSaysHowManyCouldNotBeDeletedAndListsThemOnDemand() {
        WebElement notice = browser.find("#not-deleted-notice");
        assertThat(notice.getText()).startsWith("2 users could not be deleted: they belong to several platforms and were"
                + " passed to your Customer Success Manager");
        Dimension window = browser.driver.manage().window().getSize();
        assertThat(notice.getRect().getX()).isGreaterThan(window.getWidth() / 2);
        assertThat(notice.getRect().getY()).isLessThan(window.getHeight() / 4);
        browser.screenshot("finished-with-notice");

        browser.find("#show-not-deleted").click();
        browser.find("#not-deleted-table");
        assertThat(emails()).containsExactlyInAnyOrder(email("alumni-1"), email("alumni-2"));
        browser.screenshot("could-not-be-deleted");
    }

    @Test
    @Order(11)
    void theHistoryListsTheRequestWithItsStateAndCounts() {
        browser.find("a[href='#/history']").click();
        WebElement row = browser.find("#history tr[data-request-id='" + requestId + "']");
        assertThat(row.getText()).contains("Finished").contains("3").contains("1").contains("2");
        browser.screenshot("history");
    }

    @Test
    @Order(12)
    void theCsmSeesTheCaseDownloadsTheEmailsAndRemovesTheUsers() {
        signOut();
        browser.driver.get(page + "/");
        browser.find("label[for='account-csm']").click();
        browser.find("#sign-in-button").click();
        WebElement platformFilter = browser.find("#case-platform");
        platformFilter.sendKeys(platform, Keys.ENTER);
        WebElement caseSection = browser.find("section.case");
        String caseId = caseSection.getAttribute("data-case-id");
        browser.text("section.case h2", platform + ": 2 users");
        assertThat(emails()).containsExactlyInAnyOrder(email("alumni-1"), email("alumni-2"));
        String csv = (String) ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(document.getElementById('csv-" + caseId + "').href).then(r => r.text()).then(done);");
        assertThat(csv).contains(email("alumni-1")).contains(email("alumni-2"));
        browser.screenshot("csm-case");

        for (String alumnus : List.of("alumni-1", "alumni-2")) {
            browser.find("#remove-" + caseId + "-" + ids.get(alumnus)).click();
            browser.until(d -> d.findElement(By.cssSelector("tr[data-user-id='" + ids.get(alumnus) + "'] .item-state"))
                    .getText().equals("Removed"));
        }
        browser.text("section.case h2", "Closed");
        browser.screenshot("csm-closed");
        browser.driver.navigate().refresh(); // the open cases of this platform: none left
        browser.text("#no-cases", "No open cases");
    }

    @Test
    @Order(13)
    void theAdminIsToldThatAllUsersHaveBeenRemoved() {
        signOut();
        signInAsAdmin();
        browser.find("a[href='#/notifications']").click();
        browser.text("#notification-list", "All users have been removed: the 2 users that could not be deleted are no"
                + " longer on your platform");
        browser.driver.get(page + "/#/requests/" + requestId);
        browser.text("#all-removed-notice", "All users have been removed");
        browser.screenshot("all-removed");
    }

    @Test
    @Order(14)
    void thePageIsUsableOnANarrowWindow() {
        signInAsAdminIfNeeded();
        browser.viewport(new Dimension(400, 800));
        try {
            browser.driver.get(page + "/#/users?role=MENTEE&size=25");
            browser.text("#match-count", "users match");
            checkbox("mentee-02"); // the rows are there
            Long overflow = (Long) ((JavascriptExecutor) browser.driver).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).isLessThanOrEqualTo(0L);
            assertEveryControlIsLabelled();
            browser.screenshot("narrow-window");
        } finally {
            browser.viewport(Browser.DESKTOP);
        }
    }

    @Test
    @Order(15)
    void aServiceThatIsDownGivesAClearMessageNotAnError500() {
        signInAsAdminIfNeeded();
        stack.whileDown(Stack.USER_QUERY, () -> {
            browser.driver.get(page + "/#/users");
            browser.driver.navigate().refresh();
            String message = browser.text("#error-message", "cannot be reached");
            assertThat(message).isEqualTo("The user directory cannot be reached right now; nothing was changed by this"
                    + " request. Try again in a minute");
            browser.screenshot("service-down");
        });
    }

    @Test
    @Order(16)
    void aPagePastTheEndOfAListCountedAsALowerBoundSaysTheListHasEnded() throws Exception {
        // 1,025 users matching a term: the total is shown as "1,000+", and page 41 of 25 is full, so Next is offered
        String big = platform + "-big";
        new ApiClient(stack.baseUrl(Stack.MEMBERSHIP), stack.callers().provisioner()).put("/api/platforms/" + big,
                Map.of("name", "Big", "csmEmail", "csm@example.com", "adminEmail", "admin@example.com"));
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> created = new ArrayList<>();
            for (int i = 0; i < 1_025; i++) {
                String address = "many-%04d@%s.example".formatted(i, big);
                created.add(pool.submit(() -> membership.post("/api/platforms/" + big + "/members",
                        Map.of("email", address, "role", "MENTEE")).status()));
            }
            for (Future<Integer> status : created) {
                assertThat(status.get()).isEqualTo(201);
            }
        }
        ApiClient userQuery = new ApiClient(stack.baseUrl(Stack.USER_QUERY), stack.callers().adminOf(big));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                userQuery.get("/api/platforms/" + big + "/users/count?email=many").body().get("count").asInt() == 1_025);

        signOut();
        browser.driver.get(page + "/");
        browser.find("#other-platform").sendKeys(big);
        browser.find("#sign-in-button").click();
        browser.text("#match-count", "users");
        browser.driver.get(page + "/#/users?email=many&size=25&page=40");
        browser.text("#page-status", "Page 41 of 40+");
        browser.until(d -> emails().size() == 25);
        assertThat(emails().getLast()).isEqualTo("many-1024@" + big + ".example");
        browser.find("#next-page").click();
        browser.text("#no-users", "No more users: the list ends before this page.");
        // nothing after the cursor: the page is asked for by number (its rows could have been deleted since), and
        // with a lower-bound total an empty page by number is the end of the list
        assertThat(browser.driver.getCurrentUrl()).contains("page=41").doesNotContain("after=");
        browser.text("#page-status", "Page 42 of 40+");
        assertThat(browser.driver.findElement(By.id("error")).isDisplayed()).as("an error banner").isFalse();
        browser.screenshot("no-more-users");
        browser.find("#prev-page").click();
        browser.until(d -> emails().size() == 25 && emails().getLast().equals("many-1024@" + big + ".example"));
        signOut();
    }

    // ------------------------------------------------------------------------------------------------------------

    private void signInAsAdmin() {
        browser.driver.get(page + "/");
        browser.find("#other-platform").sendKeys(platform);
        browser.find("#sign-in-button").click();
        browser.text("#match-count", "users");
    }

    /** Steps after a failed one start from a known place. */
    private void signInAsAdminIfNeeded() {
        browser.driver.get(page + "/");
        if (browser.until(d -> d.getCurrentUrl().endsWith("/sign-in") || !d.findElements(By.cssSelector("#nav a")).isEmpty())
                && browser.driver.getCurrentUrl().endsWith("/sign-in")) {
            browser.find("#other-platform").sendKeys(platform);
            browser.find("#sign-in-button").click();
        }
        browser.find("#nav a");
    }

    private boolean firstEmailIs(String name) {
        List<String> emails = emails();
        return !emails.isEmpty() && emails.getFirst().equals(email(name));
    }

    private void signOut() {
        browser.find("#sign-out button").click();
        browser.text("h1", "You are signed out");
        browser.driver.get(page + "/");
        browser.find("#sign-in");
    }

    private WebElement checkbox(String name) {
        return browser.find("#select-" + ids.get(name));
    }

    private List<String> emails() {
        return browser.driver.findElements(By.cssSelector("td.email")).stream().map(WebElement::getText).toList();
    }

    private List<WebElement> actionButtons() {
        return browser.driver.findElements(By.cssSelector("#actions button"));
    }

    /** Every visible input and select has a label (or an aria-label) a screen reader announces. */
    private void assertEveryControlIsLabelled() {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) ((JavascriptExecutor) browser.driver).executeScript(
                "return [...document.querySelectorAll('input:not([type=hidden]), select')]"
                        + ".filter(e => e.offsetParent !== null && e.labels.length === 0 && !e.getAttribute('aria-label'))"
                        + ".map(e => e.id || e.name);");
        assertThat(unlabelled).isEmpty();
    }
}
