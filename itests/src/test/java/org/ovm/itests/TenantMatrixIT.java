package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.FakeRegistry;
import org.ovm.itests.support.Json;
import org.ovm.itests.support.OpenApi;
import org.ovm.itests.support.OpenApi.Operation;
import org.ovm.itests.support.OpenApi.Parameter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The tenant matrix (issue 13, review rows 2a and 2b) over the engine's OpenAPI document, on a
 * distribution of its own: every operation with a path parameter is called with VDC B's
 * resource of the kind its path names ({@link #KINDS}), as VDC A's vdc-admin and as A's user;
 * every list is called as both with B's VDC, user, names and ids as filters. A new endpoint is
 * covered as soon as the document has it, and one whose kind or body the tables do not know
 * fails the test until they do.
 *
 * <p>Asserted: a call on a resource of B is refused with 403, 404 or 405 (never 2xx, never 5xx;
 * a 400 or 409 only where {@link #REFUSED_BEFORE_LOOKUP} says why); a change to shared
 * infrastructure (hosts, pools, networks, ...) likewise, while reading it may succeed; no
 * answer names one of B's resources or carries an id of B the caller did not send; a list
 * shows none of B's rows; and afterwards every resource of B reads as before and B's users
 * still log in. All violations are reported at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantMatrixIT {

    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);
    /** Every name of B's resources contains it, so an answer that names one is found by it. */
    private static final String B_MARK = "bsecret";
    private static final String PASSWORD = "Matrix-pass-2026";

    /** Whose a kind of resource is: VDC B's own, or infrastructure every VDC shares. */
    enum Owner {
        TENANT, SHARED
    }

    /** A kind of resource: the fixture whose id stands for it, and its owner. */
    record Kind(String fixture, Owner owner) {
    }

    /**
     * The kind of a path parameter, by the path segment before it. A path parameter after a
     * segment not listed here fails the test: add B's resource of that kind (in
     * {@link #createTheTenants}) and a row here.
     */
    static final Map<String, Kind> KINDS = Map.ofEntries(Map.entry("instances", new Kind("b-instance", Owner.TENANT)),
            Map.entry("snapshots", new Kind("b-snapshot", Owner.TENANT)),
            Map.entry("backups", new Kind("b-backup", Owner.TENANT)),
            Map.entry("volumes", new Kind("b-volume", Owner.TENANT)),
            Map.entry("affinity-groups", new Kind("b-affinity-group", Owner.TENANT)),
            Map.entry("vapps", new Kind("b-vapp", Owner.TENANT)), Map.entry("tasks", new Kind("b-task", Owner.TENANT)),
            Map.entry("security-groups", new Kind("b-security-group", Owner.TENANT)),
            Map.entry("rules", new Kind("b-rule", Owner.TENANT)), Map.entry("nics", new Kind("b-nic", Owner.TENANT)),
            Map.entry("users", new Kind("b-user", Owner.TENANT)), Map.entry("vdcs", new Kind("b-vdc", Owner.TENANT)),
            Map.entry("networks", new Kind("network", Owner.SHARED)), Map.entry("hosts", new Kind("host", Owner.SHARED)),
            Map.entry("clusters", new Kind("cluster", Owner.SHARED)), Map.entry("zones", new Kind("zone", Owner.SHARED)),
            Map.entry("storage-pools", new Kind("pool", Owner.SHARED)),
            Map.entry("images", new Kind("image", Owner.SHARED)),
            Map.entry("registries", new Kind("registry", Owner.SHARED)),
            Map.entry("placement-policies", new Kind("policy", Owner.SHARED)),
            Map.entry("plugins", new Kind("plugin", Owner.SHARED)), Map.entry("kars", new Kind("kar", Owner.SHARED)));

    /**
     * A valid body for each operation with a path parameter and a request body (the document's
     * schemas name no required fields). {@code ${a-vdc}} and {@code ${a-instance}} are A's own,
     * {@code ${pool}} and {@code ${host}} the shared ones.
     * An operation with a body that is not listed fails the test until it is.
     */
    static final Map<String, String> BODIES = Map.ofEntries(
            Map.entry("POST /instances/{id}/adopt", "{\"vdcId\": \"${a-vdc}\"}"),
            Map.entry("POST /instances/{id}/resize", "{\"cpus\": 2, \"memoryMiB\": 128}"),
            Map.entry("POST /instances/{id}/snapshots", "{\"name\": \"a-snap\"}"),
            Map.entry("PATCH /clusters/{id}", "{\"cpuOvercommit\": 1.5}"),
            Map.entry("PATCH /hosts/{id}", "{\"name\": \"a-host\"}"),
            Map.entry("PUT /hosts/{id}/power-management", "{\"type\": \"ipmi\", \"address\": \"10.0.0.5\", "
                    + "\"username\": \"a\", \"password\": \"a-bmc\"}"),
            Map.entry("POST /hosts/{id}/power-management/test", "{\"type\": \"ipmi\", \"address\": \"10.0.0.5\", "
                    + "\"username\": \"a\", \"password\": \"a-bmc\"}"),
            Map.entry("PATCH /zones/{id}", "{\"name\": \"a-zone\", \"defaultZone\": true}"),
            Map.entry("PATCH /users/{id}", "{\"role\": \"vdc-admin\"}"),
            Map.entry("PATCH /instances/{id}", "{\"tags\": [\"mine\"]}"),
            Map.entry("PUT /placement-policies/{id}", "{\"name\": \"a-policy\", \"description\": \"taken over\"}"),
            Map.entry("PUT /users/{id}/password", "{\"password\": \"A-took-it-over-77\"}"),
            Map.entry("PUT /vdcs/{id}/quota", "{\"cpus\": 1, \"instances\": 1}"),
            Map.entry("POST /volumes/{id}/attach", "{\"instanceId\": \"${a-instance}\"}"),
            Map.entry("POST /volumes/{id}/resize", "{\"sizeGiB\": 5}"),
            Map.entry("POST /storage-pools/{id}/hosts", "{\"hostId\": \"a-host\"}"),
            Map.entry("POST /volumes/{id}/copy", "{\"poolId\": \"${pool}\", \"name\": \"a-copy\"}"),
            Map.entry("POST /volumes/{id}/migrate", "{\"poolId\": \"${pool}\"}"),
            Map.entry("POST /instances/{id}/migrate", "{\"hostId\": \"${host}\"}"),
            Map.entry("POST /volumes/{id}/backups", "{\"poolId\": \"${pool}\"}"),
            Map.entry("POST /instances/{id}/backups", "{\"poolId\": \"${pool}\"}"),
            Map.entry("PUT /instances/{id}/backup-schedule", "{\"poolId\": \"${pool}\", \"kind\": \"daily\", "
                    + "\"at\": \"03:00\", \"keep\": 2}"),
            Map.entry("POST /backups/{id}/restore", "{\"mode\": \"new\", \"poolId\": \"${pool}\", \"name\": "
                    + "\"a-restored\"}"),
            Map.entry("PATCH /security-groups/{id}", "{\"description\": \"taken over\"}"),
            Map.entry("POST /security-groups/{id}/rules", "{\"direction\": \"ingress\", \"protocol\": \"tcp\", "
                    + "\"portMin\": 22, \"portMax\": 22}"),
            Map.entry("PUT /instances/{id}/nics/{index}/security-groups", "{\"securityGroupIds\": []}"));

    /**
     * Operations that may answer 400 or 409 to A because they refuse the request before looking
     * the resource up (so the answer says nothing about B's resource), with why. None today:
     * the bodies above are valid, and every operation checks the caller or finds the resource
     * before it checks the state.
     */
    static final Map<String, Set<Integer>> REFUSED_BEFORE_LOOKUP = Map.of();

    /** List filters given B's values: the VDC, B's user and a resource's name and id. */
    private static final List<String> LIST_FILTERS = List.of("vdcId", "user", "username", "resourceId", "instanceId",
            "name");

    private Distribution dist;
    private Api api;
    private FakeRegistry registry;
    /** Ids by fixture name (see {@link #KINDS}), and A's own VDC and instance. */
    private final Map<String, String> ids = new LinkedHashMap<>();
    /** Every id of B's resources: no answer to A may carry one A did not send. */
    private final Set<String> bIds = new LinkedHashSet<>();
    private Api aAdmin;
    private Api aUser;

    @BeforeAll
    void createTheTenants() throws Exception {
        dist = Distribution.unpack("tenant-matrix", 44000);
        dist.start();
        api = dist.api();
        registry = FakeRegistry.start();
        api.installPlugins("ovm-plugin-simulator");

        // shared infrastructure
        ids.put("zone", created(api.post("/zones", Json.object("name", "tm-zone"))));
        ids.put("cluster", created(api.post("/clusters", Json.object("name", "tm-cluster", "zoneId", ids.get("zone"),
                "hypervisorType", "simulator"))));
        ids.put("host", api.addHost(Json.object("name", "tm-host", "type", "simulator", "uri",
                "sim://tm-host?cpus=64&memoryMiB=262144", "clusterId", ids.get("cluster"))));
        ids.put("pool", finished(api, api.post("/storage-pools", Json.object("name", "tm-pool", "type", "simulator",
                "uri", "sim://tm-pool", "hostId", ids.get("host")))));
        ids.put("network", created(api.post("/networks", Json.object("name", "tm-net", "type", "simulator", "cidr",
                "10.66.0.0/24"))));
        Path file = Files.createTempFile("tm-image", ".raw");
        try {
            Files.write(file, new byte[4096]);
            ids.put("image", created(api.upload("/images/upload?name=tm-image&format=raw&poolId=" + ids.get("pool"),
                    file)));
        } finally {
            Files.deleteIfExists(file);
        }
        ids.put("registry", created(api.post("/registries", Json.object("name", "tm-registry", "url",
                registry.url()))));
        ids.put("policy", api.get("/placement-policies").json().get("items").get(0).get("id").asText());
        ids.put("plugin", "ovm-plugin-simulator");
        // no KAR is uploaded: a name that is not one; only admins may remove one anyway
        ids.put("kar", "tm-none.kar");

        // VDC A: a vdc-admin, a user and an instance of theirs
        ids.put("a-vdc", created(api.post("/vdcs", Json.object("name", "tm-a"))));
        created(api.post("/users", Json.object("username", "tm-a-admin", "password", PASSWORD, "role", "vdc-admin",
                "vdcId", ids.get("a-vdc"))));
        created(api.post("/users", Json.object("username", "tm-a-user", "password", PASSWORD, "role", "user", "vdcId",
                ids.get("a-vdc"))));
        aAdmin = login("tm-a-admin");
        aUser = login("tm-a-user");
        ids.put("a-instance", finished(aUser, aUser.post("/instances", Json.object("name", "tm-a-vm", "cpus", 1,
                "memoryMiB", 64, "hostId", ids.get("host")))));

        // VDC B: users, and every kind of resource the simulator allows
        ids.put("b-vdc", created(api.post("/vdcs", Json.object("name", B_MARK + "-vdc"))));
        ids.put("b-admin", created(api.post("/users", Json.object("username", B_MARK + "-admin", "password", PASSWORD,
                "role", "vdc-admin", "vdcId", ids.get("b-vdc")))));
        ids.put("b-user", created(api.post("/users", Json.object("username", B_MARK + "-user", "password", PASSWORD,
                "role", "user", "vdcId", ids.get("b-vdc")))));
        Api bUser = login(B_MARK + "-user");
        Reply instance = bUser.post("/instances", Json.object("name", B_MARK + "-vm", "cpus", 1, "memoryMiB", 64,
                "hostId", ids.get("host"), "storagePoolId", ids.get("pool"), "diskGiB", 1, "nics",
                List.of(Map.of("networkId", ids.get("network")))));
        ids.put("b-instance", finished(bUser, instance));
        ids.put("b-task", instance.text("id"));
        ids.put("b-volume", finished(bUser, bUser.post("/volumes", Json.object("name", B_MARK + "-vol", "poolId",
                ids.get("pool"), "sizeGiB", 1))));
        String snapshots = "/instances/" + ids.get("b-instance") + "/snapshots";
        finished(bUser, bUser.post(snapshots, Json.object("name", B_MARK + "-snap")));
        ids.put("b-snapshot", bUser.get(snapshots).json().get("items").get(0).get("id").asText());
        finished(bUser, bUser.post("/volumes/" + ids.get("b-volume") + "/backups", Json.object("poolId",
                ids.get("pool"))));
        ids.put("b-backup", bUser.get("/backups?volumeId=" + ids.get("b-volume")).json().get("items").get(0).get("id")
                .asText());
        assertThat(bUser.put("/instances/" + ids.get("b-instance") + "/backup-schedule", Json.object("poolId",
                ids.get("pool"), "kind", "weekly", "dayOfWeek", "SUNDAY", "at", "03:30", "keep", 2)).status())
                .isEqualTo(200);
        ids.put("b-affinity-group", created(api.post("/affinity-groups", Json.object("name", B_MARK + "-ag", "kind",
                "anti-affinity", "vdcId", ids.get("b-vdc")))));
        ids.put("b-vapp", finished(api, api.post("/vapps", Json.object("name", B_MARK + "-app", "clusterId",
                ids.get("cluster"), "vdcId", ids.get("b-vdc"), "instances",
                List.of(Map.of("name", B_MARK + "-app-m1", "cpus", 1, "memoryMiB", 64))))));

        ids.put("b-security-group", created(api.post("/security-groups", Json.object("name", B_MARK + "-sg", "vdcId",
                ids.get("b-vdc")))));
        ids.put("b-rule", created(api.post("/security-groups/" + ids.get("b-security-group") + "/rules", Json.object(
                "direction", "ingress", "protocol", "tcp", "portMin", 443, "portMax", 443))));
        // B's instance's first NIC (an index, not an id: kept out of the ids no answer may carry)
        ids.put("b-nic", "0");

        ids.forEach((name, id) -> {
            if (name.startsWith("b-") && !name.equals("b-nic")) {
                bIds.add(id);
            }
        });
        // and what B's resources brought with them: the instance's disk, the vApp's member
        api.get("/volumes?limit=100").json().get("items").forEach(v -> {
            if (ids.get("b-vdc").equals(v.path("vdcId").asText())) {
                bIds.add(v.get("id").asText());
            }
        });
        api.get("/vapps/" + ids.get("b-vapp")).json().get("instanceIds").forEach(i -> bIds.add(i.asText()));
    }

    @AfterAll
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (dist != null) {
            dist.close();
        }
    }

    @Test
    void anotherVdcsResourcesAreOutOfReachForEveryEndpoint() throws Exception {
        OpenApi openApi = new OpenApi(api.get("/openapi.json").json());
        List<Operation> operations = openApi.operations();
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(50);
        Map<String, String> before = bState();
        Map<String, Api> callers = new LinkedHashMap<>();
        callers.put("A's vdc-admin", aAdmin);
        callers.put("A's user", aUser);
        List<String> violations = new ArrayList<>();
        int calls = 0;

        for (Operation op : operations) {
            List<Parameter> params = op.parameters("path");
            if (params.isEmpty()) {
                continue;
            }
            String path = op.path();
            Owner owner = Owner.SHARED;
            boolean known = true;
            for (Parameter p : params) {
                String segment = op.segmentBefore(p.name());
                Kind kind = KINDS.get(segment);
                if (kind == null) {
                    violations.add(op.key() + ": NOT EXERCISED: no kind for '/" + segment + "/{" + p.name()
                            + "}' in TenantMatrixIT.KINDS; add B's resource of that kind and a row");
                    known = false;
                    continue;
                }
                path = path.replace("{" + p.name() + "}", ids.get(kind.fixture()));
                if (kind.owner() == Owner.TENANT) {
                    owner = Owner.TENANT;
                }
            }
            String body = null;
            if (op.hasBody()) {
                body = BODIES.get(op.key());
                if (body == null) {
                    violations.add(op.key() + ": NOT EXERCISED: it takes a body and TenantMatrixIT.BODIES has none"
                            + " for it; add a valid one");
                    known = false;
                } else {
                    body = body.replace("${a-vdc}", ids.get("a-vdc")).replace("${a-instance}", ids.get("a-instance"))
                            .replace("${pool}", ids.get("pool")).replace("${host}", ids.get("host"));
                }
            }
            if (!known) {
                continue;
            }
            for (Map.Entry<String, Api> caller : callers.entrySet()) {
                Reply reply = send(caller.getValue(), op.method(), path, body);
                calls++;
                if (reply == null) {
                    violations.add(op.key() + ": NOT EXERCISED: TenantMatrixIT.send has no client for " + op.method());
                    break;
                }
                String where = op.key() + " as " + caller.getKey() + " on " + (owner == Owner.TENANT ? "B's" : "shared")
                        + " " + path;
                String problem = checkStatus(op, owner, reply.status());
                if (problem != null) {
                    violations.add(where + ": " + problem + ": " + abbreviate(reply.body()));
                }
                String leak = leak(reply.body(), path);
                if (leak != null) {
                    violations.add(where + ": the answer (" + reply.status() + ") " + leak + ": " + abbreviate(
                            reply.body()));
                }
            }
        }

        // lists, unfiltered and filtered with B's values
        Map<String, String> filterValues = Map.of("vdcId", ids.get("b-vdc"), "user", B_MARK + "-user", "username",
                B_MARK + "-user", "resourceId", ids.get("b-instance"), "instanceId", ids.get("b-instance"), "name",
                B_MARK + "-vm");
        for (Operation op : operations) {
            if (!op.method().equals("GET") || !op.parameters("path").isEmpty()) {
                continue;
            }
            List<String> queries = new ArrayList<>(List.of("", "?vdcId=" + ids.get("b-vdc")));
            for (Parameter p : op.parameters("query")) {
                if (LIST_FILTERS.contains(p.name()) && !p.name().equals("vdcId")) {
                    queries.add("?" + p.name() + "=" + filterValues.get(p.name()));
                }
            }
            for (String query : queries) {
                for (Map.Entry<String, Api> caller : callers.entrySet()) {
                    Reply reply = caller.getValue().get(op.path() + query);
                    calls++;
                    String where = "GET " + op.path() + query + " as " + caller.getKey();
                    if (reply.status() >= 500) {
                        violations.add(where + ": " + reply.status() + ": " + abbreviate(reply.body()));
                    } else if (reply.status() < 300) {
                        String leak = leak(withoutOwnEvents(op.path(), reply.body()), "");
                        if (leak != null) {
                            violations.add(where + ": " + leak + ": " + abbreviate(reply.body()));
                        }
                    }
                }
            }
        }

        // B is as it was
        Map<String, String> after = bState();
        for (Map.Entry<String, String> resource : before.entrySet()) {
            String now = after.get(resource.getKey());
            if (!resource.getValue().equals(now)) {
                violations.add("B's " + resource.getKey() + " changed during the matrix:\n      before: "
                        + resource.getValue() + "\n      after:  " + now);
            }
        }
        for (String user : List.of(B_MARK + "-admin", B_MARK + "-user")) {
            int status = new Api(dist.baseUrl(), user, PASSWORD).get("/instances").status();
            if (status != 200) {
                violations.add("B's " + user + " cannot log in with their password after the matrix: " + status);
            }
        }
        System.out.println("TenantMatrixIT: " + calls + " calls as A's vdc-admin and user");
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " violation(s) of tenant isolation in " + calls + " calls:\n  "
                    + String.join("\n  ", violations));
        }
    }

    /** What is wrong with A's status for an operation on B's (or shared) resource, or null. */
    private static String checkStatus(Operation op, Owner owner, int status) {
        if (status >= 500) {
            return "server error " + status;
        }
        if (status == 401) {
            return "401: A's credentials were refused, so the call did not reach the operation";
        }
        if (owner == Owner.SHARED && op.method().equals("GET")) {
            // reading shared infrastructure may be allowed; the answer is checked for B's data
            return null;
        }
        if (status == 403 || status == 404 || status == 405) {
            return null;
        }
        if ((status == 400 || status == 409) && REFUSED_BEFORE_LOOKUP.getOrDefault(op.key(), Set.of()).contains(status)) {
            return null;
        }
        return status < 300 ? "ACCEPTED with " + status + " (must be 403, 404 or 405)"
                : status + " (must be 403, 404 or 405; a 400 or 409 only where REFUSED_BEFORE_LOOKUP says why)";
    }

    /**
     * An event list or export without A's own events: the audit log records A's refused attempts
     * above (`auth/refused`, "GET /api/v1/instances/<B's id> refused for tm-a-user"), so they
     * carry ids A itself sent, which tell A nothing new.
     */
    private static String withoutOwnEvents(String path, String body) {
        if (body == null || !path.startsWith("/events")) {
            return body;
        }
        StringBuilder kept = new StringBuilder();
        for (String piece : body.split("(?<=\\}),(?=\\{\"id\")|\n")) {
            if (!piece.contains("\"user\":\"tm-a-") && !piece.contains(",tm-a-")) {
                kept.append(piece).append('\n');
            }
        }
        return kept.toString();
    }

    /** How an answer gives B away: one of B's names, or an id of B's not in {@code sent}; or null. */
    private String leak(String body, String sent) {
        if (body == null) {
            return null;
        }
        if (body.contains(B_MARK)) {
            int at = body.indexOf(B_MARK);
            return "names a resource of B ('" + body.substring(at, Math.min(body.length(), at + 30)) + "')";
        }
        for (String id : bIds) {
            if (body.contains(id) && !sent.contains(id)) {
                return "carries B's id " + id;
            }
        }
        return null;
    }

    /** B's resources as admin reads them, without the times that change by themselves. */
    private Map<String, String> bState() throws Exception {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("VDC", read("/vdcs/" + ids.get("b-vdc")));
        state.put("instance", read("/instances/" + ids.get("b-instance")));
        state.put("volume", read("/volumes/" + ids.get("b-volume")));
        state.put("snapshots", read("/instances/" + ids.get("b-instance") + "/snapshots"));
        state.put("affinity group", read("/affinity-groups/" + ids.get("b-affinity-group")));
        state.put("vApp", read("/vapps/" + ids.get("b-vapp")));
        state.put("task", read("/tasks/" + ids.get("b-task")));
        state.put("users", read("/users?vdcId=" + ids.get("b-vdc")));
        state.put("security group", read("/security-groups/" + ids.get("b-security-group")));
        for (JsonNode volume : api.get("/volumes?limit=100").json().get("items")) {
            if (ids.get("b-vdc").equals(volume.path("vdcId").asText())) {
                stripTimes(volume);
                state.put("volume " + volume.get("id").asText(), volume.toString());
            }
        }
        state.put("network addresses", read("/networks/" + ids.get("network") + "/addresses"));
        return state;
    }

    private String read(String path) throws Exception {
        Reply reply = api.get(path);
        assertThat(reply.status()).as("GET " + path + ": " + reply.body()).isEqualTo(200);
        JsonNode json = reply.json();
        stripTimes(json);
        return json.toString();
    }

    private static void stripTimes(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> times = new ArrayList<>();
            Iterator<String> names = object.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (name.equals("updatedAt") || name.equals("lastProbe")) {
                    times.add(name);
                }
            }
            object.remove(times);
            object.forEach(TenantMatrixIT::stripTimes);
        } else if (node instanceof ArrayNode array) {
            array.forEach(TenantMatrixIT::stripTimes);
        }
    }

    private static Reply send(Api caller, String method, String path, String body) throws Exception {
        return switch (method) {
            case "GET" -> caller.get(path);
            case "DELETE" -> caller.delete(path);
            case "POST" -> caller.post(path, body);
            case "PUT" -> caller.put(path, body == null ? "" : body);
            case "PATCH" -> caller.patch(path, body == null ? "" : body);
            default -> null;
        };
    }

    private Api login(String username) throws Exception {
        Api basic = new Api(dist.baseUrl(), username, PASSWORD);
        Reply token = basic.post("/auth/tokens", null);
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        return basic.withToken(token.text("token"));
    }

    private static String created(Reply reply) {
        return Api.created(reply);
    }

    private static String finished(Api caller, Reply reply) throws Exception {
        return caller.finished(reply, TASK_TIMEOUT);
    }

    private static String abbreviate(String text) {
        String line = text == null ? "" : text.replace('\n', ' ');
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
