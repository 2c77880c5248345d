package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the portal's lists and dashboard need (issue 14): search and sort, instance tags and the
 * names in an instance's view, a task's target and end, the summary for an admin and for a user,
 * and the installed driver types. Everything is looked at through one host of its own, so the
 * instances other classes leave on the shared engine do not count.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ListsIT extends SimulatorTestBase {

    private static final List<String> NAMES = List.of("lst-vm1", "LST-VM2", "lst_x3");

    private String hostId;
    private String vdcA;
    private Api alice;
    private Api bob;
    private final List<String> ids = new ArrayList<>();

    ListsIT(Distribution dist) {
        super(dist);
    }

    @BeforeAll
    void createThreeInstancesAsAUser() throws Exception {
        hostId = api.addSimulatorHost("lists1", 16, 32768);
        vdcA = Api.created(api.post("/vdcs", "{\"name\": \"lists-a\"}"));
        String vdcB = Api.created(api.post("/vdcs", "{\"name\": \"lists-b\"}"));
        Api.created(api.post("/users", "{\"username\": \"lists-alice\", \"password\": \"alice-password\", "
                + "\"role\": \"user\", \"vdcId\": \"" + vdcA + "\"}"));
        Api.created(api.post("/users", "{\"username\": \"lists-bob\", \"password\": \"bob-password\", "
                + "\"role\": \"user\", \"vdcId\": \"" + vdcB + "\"}"));
        alice = new Api(dist.baseUrl(), "lists-alice", "alice-password");
        bob = new Api(dist.baseUrl(), "lists-bob", "bob-password");
        List<String> tags = List.of("[\"web\", \"prod\"]", "[\"db\"]", "[]");
        for (int i = 0; i < NAMES.size(); i++) {
            ids.add(alice.finished(alice.post("/instances", "{\"name\": \"" + NAMES.get(i) + "\", \"cpus\": 1, "
                    + "\"memoryMiB\": 256, \"hostId\": \"" + hostId + "\", \"tags\": " + tags.get(i) + "}"),
                    TASK_TIMEOUT));
            Thread.sleep(5); // distinct creation times
        }
    }

    @Test
    @Order(1)
    void searchIsACaseInsensitiveSubstringAndTakesWildcardsLiterally() throws Exception {
        assertThat(names(alice, "q=vm")).containsExactlyInAnyOrder("lst-vm1", "LST-VM2");
        assertThat(names(alice, "q=VM")).containsExactlyInAnyOrder("lst-vm1", "LST-VM2");
        assertThat(names(alice, "q=" + encode("%"))).isEmpty();
        assertThat(names(alice, "q=_")).containsExactly("lst_x3");
        assertThat(names(api, "q=nothing-like-this")).isEmpty();
        assertThat(api.get("/users?q=LISTS-").json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void sortsByNameAndCreationBothWaysAndRefusesOtherFields() throws Exception {
        List<String> byName = NAMES.stream().sorted().toList();
        assertThat(names(alice, "sort=name")).containsExactlyElementsOf(byName);
        assertThat(names(alice, "sort=-name")).containsExactlyElementsOf(reversed(byName));
        assertThat(names(alice, "sort=createdAt")).containsExactlyElementsOf(NAMES);
        assertThat(names(alice, "sort=-createdAt")).containsExactlyElementsOf(reversed(NAMES));
        assertThat(names(alice, "sort=-cpus&limit=1")).hasSize(1);

        Reply unknown = alice.get("/instances?sort=colour");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("field")).isEqualTo("sort");
        assertThat(unknown.text("detail")).contains("colour", "name", "createdAt", "memoryMiB");
        assertThat(api.get("/hosts?sort=-name").status()).isEqualTo(200);
        assertThat(api.get("/events?sort=-createdAt&q=instance").status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void anInstanceViewNamesItsHostVdcAndOwnerAndCarriesItsTags() throws Exception {
        JsonNode vm1 = alice.get("/instances/" + ids.get(0)).json();
        assertThat(vm1.get("hostName").asText()).isEqualTo("lists1");
        assertThat(vm1.get("vdcName").asText()).isEqualTo("lists-a");
        assertThat(vm1.get("owner").asText()).isEqualTo("lists-alice");
        assertThat(texts(vm1.get("tags"))).containsExactly("web", "prod");
        JsonNode listed = alice.get("/instances?sort=name").json().get("items");
        assertThat(listed.get(0).get("hostName").asText()).isEqualTo("lists1");
        assertThat(listed.get(0).get("owner").asText()).isEqualTo("lists-alice");
    }

    @Test
    @Order(4)
    void tagsAreSetOnCreateReplacedByPatchAndFilterTheList() throws Exception {
        assertThat(names(alice, "tag=web")).containsExactly("lst-vm1");

        Reply patched = alice.patch("/instances/" + ids.get(0), "{\"tags\": [\"db\", \"blue\"]}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(texts(patched.json().get("tags"))).containsExactly("db", "blue");
        assertThat(names(alice, "tag=db")).containsExactlyInAnyOrder("lst-vm1", "LST-VM2");
        assertThat(names(alice, "tag=web")).isEmpty();
        assertThat(api.get("/events?topic=instance/updated&resourceId=" + ids.get(0)).body())
                .contains("lists-alice", "db, blue");

        Reply bad = alice.patch("/instances/" + ids.get(0), "{\"tags\": [\"no spaces\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("field")).isEqualTo("tags");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 17; i++) {
            many.append(i == 0 ? "" : ", ").append("\"t").append(i).append('"');
        }
        assertThat(alice.patch("/instances/" + ids.get(0), "{\"tags\": " + many + "]}").text("field"))
                .isEqualTo("tags");
        Reply badCreate = alice.post("/instances", "{\"name\": \"lst-bad\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"hostId\": \"" + hostId + "\", \"tags\": [\"" + "x".repeat(33) + "\"]}");
        assertThat(badCreate.status()).isEqualTo(400);
        assertThat(badCreate.text("field")).isEqualTo("tags");

        assertThat(bob.patch("/instances/" + ids.get(0), "{\"tags\": [\"mine\"]}").status())
                .as("another VDC's user").isEqualTo(404);
        assertThat(texts(alice.get("/instances/" + ids.get(0)).json().get("tags"))).containsExactly("db", "blue");
    }

    @Test
    @Order(5)
    void tasksNameTheirTargetAndEndAndArePagedFilteredAndSorted() throws Exception {
        JsonNode creates = alice.get("/tasks?operation=instance.create&sort=name").json();
        assertThat(creates.get("total").asInt()).isEqualTo(3);
        List<String> targets = new ArrayList<>();
        creates.get("items").forEach(t -> {
            targets.add(t.get("resourceName").asText());
            assertThat(t.get("resourceType").asText()).isEqualTo("instance");
            assertThat(t.path("finishedAt").asText("")).as("a finished task has its end").isNotBlank();
        });
        assertThat(targets).containsExactlyElementsOf(NAMES.stream().sorted().toList());

        JsonNode page = alice.get("/tasks?operation=instance.create&sort=-createdAt&limit=2").json();
        assertThat(page.get("total").asInt()).isEqualTo(3);
        assertThat(page.get("items").size()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("resourceName").asText()).isEqualTo("lst_x3");
        JsonNode rest = alice.get("/tasks?operation=instance.create&sort=-createdAt&limit=2&offset=2").json();
        assertThat(rest.get("items").size()).isEqualTo(1);
        assertThat(rest.get("items").get(0).get("resourceName").asText()).isEqualTo("lst-vm1");
        assertThat(alice.get("/tasks?q=x3").json().get("items").get(0).get("resourceName").asText())
                .isEqualTo("lst_x3");
        assertThat(alice.get("/tasks?sort=size").status()).isEqualTo(400);

        assertThat(dist.client("ovm:sim-fault --fail 1 start")).contains("start: fail next 1");
        JsonNode failed = alice.awaitTask(alice.post("/instances/" + ids.get(2) + "/start", null).text("id"),
                TASK_TIMEOUT);
        assertThat(failed.get("state").asText()).isIn("FAILED", "ROLLED_BACK");
        assertThat(failed.path("finishedAt").asText("")).isNotBlank();
        JsonNode failures = alice.get("/tasks?state=" + failed.get("state").asText()).json();
        assertThat(failures.get("total").asInt()).isEqualTo(1);
        assertThat(failures.get("items").get(0).get("resourceName").asText()).isEqualTo("lst_x3");
    }

    @Test
    @Order(6)
    void aUserSummaryCountsTheirVdcOnly() throws Exception {
        JsonNode summary = alice.get("/summary").json();
        assertThat(summary.path("hosts").isNull() || summary.path("hosts").isMissingNode()).isTrue();
        assertThat(summary.get("clusters").size()).isZero();
        assertThat(summary.get("alarms").size()).isZero();
        assertThat(summary.get("instances").get("total").asInt()).isEqualTo(3);
        assertThat(summary.get("instances").get("byType").get("vm").asInt()).isEqualTo(3);
        assertThat(summary.get("instances").get("byState").get("STOPPED").asInt()).isEqualTo(3);
        assertThat(summary.get("tasks").get("failedLast24h").asInt()).isEqualTo(1);
        JsonNode failure = summary.get("recentFailures").get(0);
        assertThat(failure.get("operation").asText()).isEqualTo("instance.start");
        assertThat(failure.get("resourceName").asText()).isEqualTo("lst_x3");
        assertThat(failure.get("user").asText()).isEqualTo("lists-alice");
        assertThat(summary.get("quota").get("name").asText()).isEqualTo("lists-a");
        assertThat(summary.get("quota").get("usage").get("instances").asInt()).isEqualTo(3);
        assertThat(bob.get("/summary").json().get("instances").get("total").asInt()).isZero();
    }

    @Test
    @Order(7)
    void anAdminSummaryCountsEverythingWithCapacityPoolsAndAlarms() throws Exception {
        String zone = Api.created(api.post("/zones", "{\"name\": \"lists-zone\"}"));
        String cluster = Api.created(api.post("/clusters", "{\"name\": \"lists-cluster\", \"zoneId\": \"" + zone
                + "\", \"hypervisorType\": \"simulator\"}"));
        String clustered = api.addHost("{\"name\": \"lists2\", \"type\": \"simulator\", \"uri\": "
                + "\"sim://lists2?cpus=4&memoryMiB=8192\", \"clusterId\": \"" + cluster + "\"}");
        api.finished(api.post("/instances", "{\"name\": \"lst-admin\", \"cpus\": 1, \"memoryMiB\": 256, "
                + "\"hostId\": \"" + clustered + "\"}"), TASK_TIMEOUT);
        String pool = api.addSimulatorPool("lists-pool", hostId);
        String idle = api.addSimulatorHost("lists3", 2, 2048);
        assertThat(api.post("/hosts/" + idle + "/maintenance", null).status()).isEqualTo(200);

        JsonNode summary = api.get("/summary").json();
        JsonNode hosts = summary.get("hosts");
        assertThat(hosts.get("total").asInt()).isEqualTo(api.get("/hosts").json().get("total").asInt());
        int byState = 0;
        for (JsonNode n : hosts.get("byState")) {
            byState += n.asInt();
        }
        assertThat(byState).isEqualTo(hosts.get("total").asInt());
        assertThat(hosts.get("byState").get("MAINTENANCE").asInt()).isPositive();
        assertThat(summary.get("instances").get("total").asInt())
                .isEqualTo(api.get("/instances").json().get("total").asInt());
        assertThat(summary.has("quota") && !summary.get("quota").isNull()).isFalse();

        JsonNode capacity = find(summary.get("clusters"), "id", cluster);
        assertThat(capacity.get("name").asText()).isEqualTo("lists-cluster");
        assertThat(capacity.get("hypervisorType").asText()).isEqualTo("simulator");
        assertThat(capacity.get("hosts").asInt()).isEqualTo(1);
        assertThat(capacity.get("hostsUp").asInt()).isEqualTo(1);
        assertThat(capacity.get("cpus").asInt()).isEqualTo(4);
        assertThat(capacity.get("allocatedCpus").asInt()).isEqualTo(1);
        assertThat(capacity.get("memoryMiB").asLong()).isEqualTo(8192);
        assertThat(capacity.get("allocatedMemoryMiB").asLong()).isEqualTo(256);
        assertThat(capacity.get("cpuOvercommit").asDouble()).isPositive();

        JsonNode listed = find(summary.get("pools"), "id", pool);
        assertThat(listed.get("name").asText()).isEqualTo("lists-pool");
        assertThat(listed.get("state").asText()).isEqualTo("UP");
        assertThat(listed.get("totalBytes").asLong()).isPositive();

        JsonNode alarm = find(summary.get("alarms"), "id", idle);
        assertThat(alarm.get("kind").asText()).isEqualTo("host");
        assertThat(alarm.get("name").asText()).isEqualTo("lists3");
        assertThat(alarm.get("state").asText()).isEqualTo("MAINTENANCE");
        assertThat(alarm.path("since").asText("")).isNotBlank();
        assertThat(summary.get("recentFailures").toString()).contains("lst_x3");
        assertThat(dist.client("ovm:summary")).contains("lists-cluster", "lists3");
    }

    @Test
    @Order(8)
    void everyUserSeesTheInstalledDriverTypes() throws Exception {
        Reply drivers = alice.get("/drivers");
        assertThat(drivers.status()).isEqualTo(200);
        assertThat(texts(drivers.json().get("hypervisor"))).contains("simulator");
        assertThat(texts(drivers.json().get("storage"))).contains("simulator");
        assertThat(texts(drivers.json().get("network"))).contains("simulator");
    }

    @Test
    @Order(9)
    void theShellTagsAndListsWithTags() throws Exception {
        assertThat(dist.client("ovm:instance-tag " + ids.get(1) + " shell-tag")).contains("db, shell-tag");
        assertThat(dist.client("ovm:instance-list --tag shell-tag")).contains("LST-VM2", "lists1", "lists-alice",
                "db,shell-tag");
        assertThat(dist.client("ovm:instance-tag --remove " + ids.get(1) + " db")).contains("tags: shell-tag");
    }

    /** The names of the instances on this class's host, as {@code caller} lists them with {@code query}. */
    private List<String> names(Api caller, String query) throws Exception {
        Reply reply = caller.get("/instances?hostId=" + hostId + "&" + query);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return texts(reply.json().get("items"), "name");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> texts(JsonNode items, String field) {
        List<String> texts = new ArrayList<>();
        items.forEach(node -> texts.add(node.get(field).asText()));
        return texts;
    }

    private static JsonNode find(JsonNode items, String field, String value) {
        for (JsonNode item : items) {
            if (value.equals(item.get(field).asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + field + " " + value + " in " + items);
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
