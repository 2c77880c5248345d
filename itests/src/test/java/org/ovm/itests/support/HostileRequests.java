package org.ovm.itests.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.ovm.itests.support.OpenApi.Operation;
import org.ovm.itests.support.OpenApi.Parameter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Hostile requests for one operation of the OpenAPI document, generated from a seed fixed per
 * operation ({@link #seed}): the same operation, fixtures and index always give the same
 * request, so a failure names its seed and index and can be replayed with
 * {@code new HostileRequests(openApi, fixtures).requests(op).get(index)}.
 *
 * <p>Per operation: index 0 has raw {@code {}/{@code }} in its path (the edge must answer 400),
 * index 1 a 2 MiB JSON body (413 before anything reads it), index 2 the documented body left
 * out (or an unexpected one where none is documented), and the rest one of: hostile path
 * parameters, wrong or extreme query values, the documented body with fields mutated or
 * replaced by non-JSON, or a wrong content type.
 */
public final class HostileRequests {

    /** Requests per operation. */
    public static final int PER_OPERATION = 32;
    /** The base every operation's seed is derived from; change it to explore other inputs. */
    public static final long BASE_SEED = 0x13F0_2026L;
    /** A body over the API's 1 MiB cap. */
    public static final int OVERSIZED_BODY_BYTES = 2 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Path parameter values inserted as they are: raw braces, dot segments, escapes, metacharacters. */
    private static final List<String> RAW_PATH_VALUES = List.of("{id}", "{", "}", "{}", "{{id}}", "..", ".", "%00",
            "%2e%2e", "%2F", "%7Bid%7D", "%C3%28", "%F0%9F%98%80", "%FF%FE", "a".repeat(300), "x".repeat(4000),
            "\u00fc\u20ac\ud83d\ude00", "$(id)", "'", "*", "~root", ";a=b", "0", "-1", "2147483648", "1e309", "NaN",
            "null", "true", "<x>", "\"", "|", "`id`", "^", "\\", "");
    /** Text values (sent percent-encoded in a URI, as they are in a body). */
    private static final List<String> HOSTILE_TEXT = List.of("", " ", "'; DROP TABLE instances;--", "\" OR \"1\"=\"1",
            "<x>]]></x><!ENTITY e SYSTEM \"file:///etc/passwd\">", "$(reboot)", "`id`", "; rm -rf /", "a b",
            "\r\nX-Injected: 1", "\u0000", "../../etc/passwd", "..", "\u00fc\u20ac\ud83d\ude00", "\u202Etxt.exe",
            "\uff46\uff55\uff4c\uff4c", "\ud800", "\uffff", "%s%s%s%n", "${jndi:ldap://127.0.0.1:1/x}", "{id}",
            "x".repeat(4000), "a".repeat(70), "null", "0", "-1");
    private static final List<String> INTEGER_VALUES = List.of("-1", "0", "-2147483649", "2147483648",
            "9223372036854775808", "1.5", "1e3", "abc", "", "0x1F", "+5", "%00", "NaN", "99999999999999999999999999",
            "60", "61", "%7B%7D");
    private static final List<String> BOOLEAN_VALUES = List.of("maybe", "", "1", "yes", "TRUE", "null", "%00");
    /** JSON literals written into a body as they are (not all of them are valid JSON). */
    private static final List<String> RAW_JSON_VALUES = List.of("1e400", "-1e400", "9223372036854775808123", "-0",
            "0.0000001", "1.9", "-0.5", "-1", "2147483648", "-2147483649", "\"7\"", "\"\"", "true", "\"true\"", "null",
            "[]", "{}", "[1,2,3]", "{\"a\":{\"b\":[null]}}", "\"\\ud800\"", "\"\\u0000\"", "NaN", "01",
            "[".repeat(50) + "]".repeat(50), "[".repeat(5000) + "]".repeat(5000));
    /** Whole bodies that replace the documented one. */
    private static final List<String> RAW_BODIES = List.of("", "null", "[]", "\"x\"", "123", "{", "{\"a\":",
            "{\"name\": \"a\", \"name\": \"b\"}", "<xml><name>x</name></xml>", "name=x&cpus=1", "\uFEFF{}",
            "{\"a\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3001), "[" + "0,".repeat(20000) + "0]",
            "{\"\\u0000\": 1}", "{'single': 'quotes'}", "{\"a\": 1} trailing");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/json; charset=ebcdic",
            "application/json; charset=utf-16", "application/json;;;", "*/*", "garbage", "application/octet-stream",
            "application/x-tar", "");
    /** Properties whose sample value is a fixture's id, by the kind (the path segment of its resource). */
    private static final Map<String, String> ID_PROPERTIES = Map.ofEntries(Map.entry("hostId", "hosts"),
            Map.entry("vdcId", "vdcs"), Map.entry("poolId", "storage-pools"), Map.entry("storagePoolId", "storage-pools"),
            Map.entry("clusterId", "clusters"), Map.entry("zoneId", "zones"), Map.entry("instanceId", "instances"),
            Map.entry("networkId", "networks"), Map.entry("imageId", "images"), Map.entry("isoImageId", "images"),
            Map.entry("affinityGroupId", "affinity-groups"), Map.entry("registryId", "registries"));
    /**
     * Documented bodies that are valid as they stand (a mutated field then reaches the checks
     * behind the first one). {@code ${kind}} is a fixture's id, {@code ${name}} a fresh name,
     * {@code ${n}} the index. An operation not listed gets a body sampled from its schema.
     */
    private static final Map<String, String> BASE_BODIES = Map.ofEntries(
            Map.entry("POST /instances", "{\"name\": \"${name}\", \"cpus\": 1, \"memoryMiB\": 64, \"hostId\": "
                    + "\"${hosts}\", \"vdcId\": \"${vdcs}\"}"),
            Map.entry("POST /vapps", "{\"name\": \"${name}\", \"clusterId\": \"${clusters}\", \"vdcId\": \"${vdcs}\", "
                    + "\"instances\": [{\"name\": \"m1\", \"cpus\": 1, \"memoryMiB\": 64}]}"),
            Map.entry("POST /hosts", "{\"name\": \"${name}\", \"type\": \"simulator\", \"uri\": "
                    + "\"sim://${name}?cpus=2&memoryMiB=2048\", \"clusterId\": \"${clusters}\"}"),
            Map.entry("POST /hosts/certificate", "{\"uri\": \"https://127.0.0.1:1/\"}"),
            Map.entry("POST /storage-pools", "{\"name\": \"${name}\", \"type\": \"simulator\", \"uri\": "
                    + "\"sim://${name}\", \"hostId\": \"${hosts}\"}"),
            Map.entry("POST /storage-pools/{id}/hosts", "{\"hostId\": \"${hosts}\"}"),
            Map.entry("POST /networks", "{\"name\": \"${name}\", \"type\": \"simulator\", \"cidr\": \"10.88.${n}.0/24\"}"),
            Map.entry("POST /images", "{\"name\": \"${name}\", \"kind\": \"template\", \"format\": \"raw\", \"poolId\": "
                    + "\"${storage-pools}\", \"volume\": \"${name}\"}"),
            Map.entry("POST /images/pull", "{\"reference\": \"" + FakeRegistry.REPOSITORY + ":latest\", \"registryId\": "
                    + "\"${registries}\", \"hostId\": \"${hosts}\"}"),
            Map.entry("POST /registries", "{\"name\": \"${name}\", \"url\": \"${registry-url}\"}"),
            Map.entry("POST /placements/explain", "{\"clusterId\": \"${clusters}\", \"cpus\": 1, \"memoryMiB\": 64}"),
            Map.entry("POST /placement-policies", "{\"name\": \"${name}\", \"description\": \"fuzz\"}"),
            Map.entry("PUT /placement-policies/{id}", "{\"name\": \"${name}\", \"description\": \"fuzz\"}"),
            Map.entry("POST /users", "{\"username\": \"${name}\", \"password\": \"Fuzz-pass-${n}-xyz\", \"role\": "
                    + "\"user\", \"vdcId\": \"${vdcs}\"}"),
            Map.entry("PUT /users/{id}/password", "{\"password\": \"Fuzz-reset-${n}-xyz\"}"),
            Map.entry("PUT /vdcs/{id}/quota", "{\"cpus\": 1000, \"memoryMiB\": 1048576, \"diskGiB\": 10000, "
                    + "\"instances\": 1000, \"ips\": 1000}"),
            Map.entry("POST /vdcs", "{\"name\": \"${name}\", \"description\": \"fuzz\"}"),
            Map.entry("POST /clusters", "{\"name\": \"${name}\", \"zoneId\": \"${zones}\", \"hypervisorType\": "
                    + "\"simulator\"}"),
            Map.entry("PATCH /clusters/{id}", "{\"cpuOvercommit\": 2.0}"),
            Map.entry("POST /volumes", "{\"name\": \"${name}\", \"poolId\": \"${storage-pools}\", \"sizeGiB\": 1, "
                    + "\"vdcId\": \"${vdcs}\"}"),
            Map.entry("POST /volumes/{id}/copy", "{\"poolId\": \"${storage-pools}\", \"name\": \"${name}\"}"),
            Map.entry("POST /volumes/{id}/migrate", "{\"poolId\": \"${storage-pools}\"}"),
            Map.entry("POST /instances/{id}/migrate", "{\"hostId\": \"${hosts}\"}"),
            Map.entry("POST /volumes/{id}/backups", "{\"poolId\": \"${storage-pools}\"}"),
            Map.entry("POST /instances/{id}/backups", "{\"poolId\": \"${storage-pools}\"}"),
            Map.entry("PUT /instances/{id}/backup-schedule", "{\"poolId\": \"${storage-pools}\", \"kind\": "
                    + "\"weekly\", \"dayOfWeek\": \"SUNDAY\", \"at\": \"03:30\", \"keep\": 3}"),
            Map.entry("POST /backups/{id}/restore", "{\"mode\": \"new\", \"poolId\": \"${storage-pools}\", "
                    + "\"name\": \"${name}\"}"),
            Map.entry("POST /affinity-groups", "{\"name\": \"${name}\", \"kind\": \"anti-affinity\", \"vdcId\": "
                    + "\"${vdcs}\"}"));
    /**
     * Last path segments of operations that would remove or disable a fixture if given its
     * real id (besides every DELETE): they get hostile and unknown ids only.
     */
    private static final Set<String> HOSTILE_IDS_ONLY = Set.of("install", "uninstall", "upgrade", "maintenance");

    private final OpenApi api;
    private final Map<String, String> fixtures;

    /**
     * Requests for the operations of {@code api} that use {@code fixtures} where a real id or
     * value is wanted: ids by kind (the path segment of the resource: {@code instances},
     * {@code vdcs}, ...) and {@code registry-url}.
     */
    public HostileRequests(OpenApi api, Map<String, String> fixtures) {
        this.api = api;
        this.fixtures = Map.copyOf(fixtures);
    }

    /** What the answer to a request must be, besides having arrived. */
    public enum Expect {
        /** Anything below 500. */
        NO_SERVER_ERROR,
        /** A raw '{' or '}' in the path: the edge's 400. */
        BAD_REQUEST,
        /** A body over the cap: 413. */
        TOO_LARGE
    }

    /** A request as it goes on the wire, and what it tries. */
    public record Request(int index, String method, String target, Map<String, String> headers, byte[] body,
            String what, Expect expect) {
    }

    /** The seed of an operation's requests: fixed, from {@link #BASE_SEED} and the operation. */
    public static long seed(Operation op) {
        return BASE_SEED * 31 + op.key().hashCode();
    }

    /**
     * Whether requests may carry a fixture's real id for this operation: reads, and operations
     * that change rather than remove (their mutated bodies reach further with a real target).
     */
    public static boolean realIds(Operation op) {
        String last = op.path().substring(op.path().lastIndexOf('/') + 1);
        return !op.method().equals("DELETE") && !HOSTILE_IDS_ONLY.contains(last);
    }

    /** The kinds of path parameter this operation needs a fixture for (when it takes real ids). */
    public static List<String> kinds(Operation op) {
        return realIds(op) ? op.parameters("path").stream().map(p -> op.segmentBefore(p.name())).toList() : List.of();
    }

    /** The operation's {@link #PER_OPERATION} requests. */
    public List<Request> requests(Operation op) {
        Random random = new Random(seed(op));
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < PER_OPERATION; i++) {
            out.add(request(op, i, random));
        }
        return out;
    }

    private Request request(Operation op, int index, Random random) {
        Map<String, String> pathValues = new LinkedHashMap<>();
        for (Parameter p : op.parameters("path")) {
            String real = realIds(op) ? fixtures.get(op.segmentBefore(p.name())) : null;
            pathValues.put(p.name(), real != null ? real : new UUID(random.nextLong(), random.nextLong()).toString());
        }
        String name = "fz" + Integer.toHexString(op.key().hashCode() & 0xffff) + "-" + index;
        String query = "";
        String what;
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = null;
        Expect expect = Expect.NO_SERVER_ERROR;
        String path;
        if (index == 0) {
            path = op.parameters("path").isEmpty() ? op.path() + "/{}" : op.path();
            what = "raw braces in the path";
            expect = Expect.BAD_REQUEST;
            body = baseBody(op, name, index, headers);
        } else if (index == 1) {
            path = substitute(op.path(), pathValues);
            headers.put("Content-Type", "application/json");
            String filler = "a".repeat(OVERSIZED_BODY_BYTES);
            body = ("{\"name\": \"" + filler + "\"}").getBytes(StandardCharsets.UTF_8);
            what = "a 2 MiB JSON body";
            expect = Expect.TOO_LARGE;
        } else if (index == 2) {
            path = substitute(op.path(), pathValues);
            if (op.hasBody()) {
                headers.put("Content-Type", op.bodyTypes().get(0));
                what = "the documented body left out";
            } else {
                headers.put("Content-Type", "application/json");
                body = ("{\"unexpected\": true}").getBytes(StandardCharsets.UTF_8);
                what = "a body where none is documented";
            }
        } else {
            int mode = random.nextInt(6);
            if (mode == 0 && op.parameters("path").isEmpty()) {
                mode = 1;
            }
            switch (mode) {
                case 0 -> {
                    Parameter target = pick(random, op.parameters("path"));
                    String value = random.nextInt(3) == 0 ? encode(pick(random, HOSTILE_TEXT))
                            : pick(random, RAW_PATH_VALUES);
                    pathValues.put(target.name(), value);
                    what = "path parameter " + target.name() + " = " + shorten(value);
                    body = baseBody(op, name, index, headers);
                }
                case 1 -> {
                    query = hostileQuery(op, random);
                    what = "query " + shorten(query);
                    body = baseBody(op, name, index, headers);
                }
                case 5 -> {
                    String type = pick(random, CONTENT_TYPES);
                    body = op.jsonBody() || !op.hasBody() ? baseJson(op, name, index).getBytes(StandardCharsets.UTF_8)
                            : randomBytes(random, 512);
                    if (!type.isEmpty()) {
                        headers.put("Content-Type", type);
                    }
                    what = "content type '" + type + "'";
                }
                default -> {
                    String[] mutated = mutatedBody(op, name, index, random);
                    headers.put("Content-Type", op.hasBody() ? op.bodyTypes().get(0) : "application/json");
                    body = mutated[0].getBytes(StandardCharsets.UTF_8);
                    what = mutated[1];
                    if (!op.jsonBody() && op.hasBody() && random.nextBoolean()) {
                        body = randomBytes(random, 8192);
                        what = "random bytes";
                    }
                }
            }
            path = substitute(op.path(), pathValues);
        }
        return new Request(index, op.method(), "/api/v1" + path + query, headers, body, what, expect);
    }

    /** The documented body (a JSON one sampled or from the table, bytes for uploads), or none. */
    private byte[] baseBody(Operation op, String name, int index, Map<String, String> headers) {
        if (!op.hasBody()) {
            return null;
        }
        headers.put("Content-Type", op.bodyTypes().get(0));
        if (!op.jsonBody()) {
            return new byte[512];
        }
        return baseJson(op, name, index).getBytes(StandardCharsets.UTF_8);
    }

    private String baseJson(Operation op, String name, int index) {
        String template = BASE_BODIES.get(op.key());
        if (template == null) {
            return op.jsonBody() ? sample(op.bodySchema(), "body", name, index, 0).toString() : "{}";
        }
        String body = template.replace("${name}", name).replace("${n}", String.valueOf(index));
        for (Map.Entry<String, String> fixture : fixtures.entrySet()) {
            body = body.replace("${" + fixture.getKey() + "}", fixture.getValue());
        }
        if (body.contains("${")) {
            throw new IllegalStateException("no fixture for " + body.substring(body.indexOf("${")) + " in the body of "
                    + op.key());
        }
        return body;
    }

    /** The documented body with one to three fields mutated, or replaced as a whole; and what was done. */
    private String[] mutatedBody(Operation op, String name, int index, Random random) {
        if (random.nextInt(4) == 0) {
            String raw = pick(random, RAW_BODIES);
            return new String[] {raw, "body " + shorten(raw)};
        }
        JsonNode base;
        try {
            base = JSON.readTree(baseJson(op, name, index));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (!(base instanceof ObjectNode object)) {
            return new String[] {base.toString(), "body " + shorten(base.toString())};
        }
        List<String> fields = new ArrayList<>();
        object.fieldNames().forEachRemaining(fields::add);
        JsonNode schema = op.bodySchema();
        if (schema != null) {
            schema.path("properties").fieldNames().forEachRemaining(f -> {
                if (!fields.contains(f)) {
                    fields.add(f);
                }
            });
        }
        List<String> done = new ArrayList<>();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            String field = fields.isEmpty() ? "name" : pick(random, fields);
            done.add(mutate(object, field, random));
        }
        return new String[] {object.toString(), String.join("; ", done)};
    }

    private String mutate(ObjectNode object, String field, Random random) {
        switch (random.nextInt(6)) {
            case 0 -> {
                object.remove(field);
                return "without " + field;
            }
            case 1 -> {
                object.putNull(field);
                return field + " = null";
            }
            case 2 -> {
                String text = pick(random, HOSTILE_TEXT);
                object.put(field, text);
                return field + " = " + shorten(JSON.valueToTree(text).toString());
            }
            case 3 -> {
                object.put("zz" + random.nextInt(100), 1);
                return "an unknown field";
            }
            case 4 -> {
                JsonNode current = object.get(field);
                if (current instanceof ObjectNode nested && nested.size() > 0) {
                    List<String> inner = new ArrayList<>();
                    nested.fieldNames().forEachRemaining(inner::add);
                    return field + "." + mutate(nested, pick(random, inner), random);
                }
                if (current instanceof ArrayNode array && array.size() > 0 && array.get(0) instanceof ObjectNode item
                        && item.size() > 0) {
                    List<String> inner = new ArrayList<>();
                    item.fieldNames().forEachRemaining(inner::add);
                    return field + "[0]." + mutate(item, pick(random, inner), random);
                }
                String raw = pick(random, RAW_JSON_VALUES);
                object.putRawValue(field, new RawValue(raw));
                return field + " = " + shorten(raw);
            }
            default -> {
                String raw = pick(random, RAW_JSON_VALUES);
                object.putRawValue(field, new RawValue(raw));
                return field + " = " + shorten(raw);
            }
        }
    }

    /** Documented query parameters with wrong types and extreme values, and sometimes undocumented ones. */
    private static String hostileQuery(Operation op, Random random) {
        List<String> pairs = new ArrayList<>();
        for (Parameter p : op.parameters("query")) {
            if (random.nextInt(10) < 7) {
                String value = switch (p.type()) {
                    case "integer", "number" -> pick(random, INTEGER_VALUES);
                    case "boolean" -> pick(random, BOOLEAN_VALUES);
                    default -> random.nextInt(4) == 0 ? pick(random, RAW_PATH_VALUES) : encode(pick(random, HOSTILE_TEXT));
                };
                pairs.add(p.name() + "=" + value);
            }
        }
        switch (random.nextInt(5)) {
            case 0 -> pairs.add("colour=red");
            case 1 -> pairs.add("limit=-5&limit=99999999999");
            case 2 -> pairs.add(encode(pick(random, HOSTILE_TEXT)) + "=" + encode(pick(random, HOSTILE_TEXT)));
            case 3 -> pairs.add("=&&=");
            default -> {
                // only the documented ones
            }
        }
        return pairs.isEmpty() ? "?" : "?" + String.join("&", pairs);
    }

    /** A sample value for a schema: fixture ids for id properties, fresh names, small valid numbers. */
    private JsonNode sample(JsonNode schema, String property, String name, int index, int depth) {
        if (ID_PROPERTIES.containsKey(property) && fixtures.containsKey(ID_PROPERTIES.get(property))) {
            return JSON.valueToTree(fixtures.get(ID_PROPERTIES.get(property)));
        }
        JsonNode resolved = schema == null ? null : api.resolve(schema);
        String type = resolved == null ? "object" : resolved.path("type").asText("object");
        switch (type) {
            case "string" -> {
                return JSON.valueToTree(switch (property) {
                    case "name", "username", "volume" -> name;
                    case "password", "currentPassword" -> "Fuzz-pass-" + index + "-xyz";
                    case "url" -> fixtures.getOrDefault("registry-url", "http://127.0.0.1:1");
                    case "uri" -> "sim://" + name;
                    case "type", "hypervisorType" -> "simulator";
                    default -> "fuzz";
                });
            }
            case "integer" -> {
                return JSON.valueToTree(property.equals("memoryMiB") ? 64 : 1);
            }
            case "number" -> {
                return JSON.valueToTree(1.5);
            }
            case "boolean" -> {
                return JSON.valueToTree(false);
            }
            case "array" -> {
                ArrayNode array = JSON.createArrayNode();
                if (depth < 3 && resolved != null && resolved.has("items")) {
                    array.add(sample(resolved.get("items"), property, name, index, depth + 1));
                }
                return array;
            }
            default -> {
                ObjectNode object = JSON.createObjectNode();
                if (depth < 3 && resolved != null) {
                    Iterator<Map.Entry<String, JsonNode>> properties = resolved.path("properties").fields();
                    while (properties.hasNext()) {
                        Map.Entry<String, JsonNode> p = properties.next();
                        object.set(p.getKey(), sample(p.getValue(), p.getKey(), name, index, depth + 1));
                    }
                }
                return object;
            }
        }
    }

    private static String substitute(String template, Map<String, String> values) {
        String path = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        return path;
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters (UTF-8). */
    public static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] randomBytes(Random random, int max) {
        byte[] bytes = new byte[random.nextInt(max + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** A value as a report shows it: at most 60 characters, control characters escaped. */
    public static String shorten(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(60).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.length() > 60 ? out + "...(" + text.length() + " chars)" : out.toString();
    }
}
