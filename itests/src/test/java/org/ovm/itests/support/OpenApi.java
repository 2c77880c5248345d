package org.ovm.itests.support;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operations of the engine's OpenAPI document ({@code GET /api/v1/openapi.json}), for tests
 * that cover every endpoint without listing them: a new endpoint is covered as soon as the
 * document has it.
 */
public final class OpenApi {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonNode document;

    public OpenApi(JsonNode document) {
        if (document == null || !document.path("paths").isObject()) {
            throw new IllegalArgumentException("not an OpenAPI document: " + document);
        }
        this.document = document;
    }

    /** A parameter of an operation: where it goes ({@code path}, {@code query}, {@code header}) and its type. */
    public record Parameter(String name, String in, String type) {
    }

    /**
     * One operation: method (upper case), path template relative to the server URL
     * ({@code /instances/{id}/start}), its parameters, and the media types and schema of its
     * request body (none: an empty list and null).
     */
    public record Operation(String method, String path, List<Parameter> parameters, List<String> bodyTypes,
            JsonNode bodySchema) {

        /** {@code "POST /instances/{id}/start"}, as failure reports name an operation. */
        public String key() {
            return method + " " + path;
        }

        public List<Parameter> parameters(String in) {
            return parameters.stream().filter(p -> p.in().equals(in)).toList();
        }

        public boolean hasBody() {
            return !bodyTypes.isEmpty();
        }

        /** Whether the body is JSON (an object schema), not bytes (an upload) or free text. */
        public boolean jsonBody() {
            return bodyTypes.contains("application/json");
        }

        /**
         * The path segment before a path parameter, which names its kind ({@code instances} for
         * {@code /instances/{id}}, {@code snapshots} for {@code .../snapshots/{snapshotId}}).
         */
        public String segmentBefore(String parameter) {
            String[] segments = path.split("/");
            for (int i = 1; i < segments.length; i++) {
                if (segments[i].equals("{" + parameter + "}")) {
                    return segments[i - 1];
                }
            }
            throw new IllegalArgumentException(parameter + " is not a path parameter of " + key());
        }
    }

    /** Every operation of the document, in its order (paths, then methods). */
    public List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<Parameter> shared = parameters(path.getValue().path("parameters"));
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!METHODS.contains(method.getKey())) {
                    continue;
                }
                JsonNode op = method.getValue();
                List<Parameter> params = new ArrayList<>(shared);
                params.addAll(parameters(op.path("parameters")));
                List<String> types = new ArrayList<>();
                JsonNode schema = null;
                Iterator<Map.Entry<String, JsonNode>> content = op.path("requestBody").path("content").fields();
                while (content.hasNext()) {
                    Map.Entry<String, JsonNode> type = content.next();
                    types.add(type.getKey());
                    if (schema == null || type.getKey().equals("application/json")) {
                        schema = resolve(type.getValue().path("schema"));
                    }
                }
                out.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), List.copyOf(params),
                        List.copyOf(types), schema));
            }
        }
        return out;
    }

    /** A schema with its {@code $ref} (to {@code #/components/schemas/...}) followed. */
    public JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; current != null && current.has("$ref") && hops < 10; hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("external $ref " + ref);
            }
            JsonNode target = document;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("dangling $ref " + ref);
            }
            current = target;
        }
        return current;
    }

    private List<Parameter> parameters(JsonNode list) {
        List<Parameter> out = new ArrayList<>();
        for (JsonNode p : list) {
            JsonNode param = resolve(p);
            out.add(new Parameter(param.path("name").asText(), param.path("in").asText(),
                    resolve(param.path("schema")).path("type").asText("string")));
        }
        return out;
    }
}
