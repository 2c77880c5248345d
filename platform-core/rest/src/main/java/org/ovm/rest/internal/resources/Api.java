package org.ovm.rest.internal.resources;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.IdempotencyService;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.PageRequest;
import org.ovm.core.auth.UserRequest;
import org.ovm.core.host.HostRequest;
import org.ovm.core.task.TaskView;
import org.ovm.rest.internal.providers.CallerPrincipal;
import org.ovm.rest.internal.providers.OvmJsonProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Helpers every resource uses: the caller, paging and filters, 202/201 answers, idempotency. */
final class Api {

    /** Query parameters every list takes that are not filters: paging, the search and the order. */
    private static final Set<String> PAGING = Set.of("limit", "offset", "q", "sort");
    private static final ObjectMapper JSON = OvmJsonProvider.mapper();

    private Api() {
    }

    static Caller caller(SecurityContext security) {
        if (security == null || !(security.getUserPrincipal() instanceof CallerPrincipal principal)) {
            throw new OvmException(OvmError.UNAUTHENTICATED, "authentication required");
        }
        return principal.caller();
    }

    static PageRequest page(UriInfo uri) {
        return PageRequest.of(integer(uri, "limit"), integer(uri, "offset"), uri.getQueryParameters().getFirst("sort"));
    }

    /** Every query parameter except paging and the order, for the service to check against its filters; {@code q} is the search. */
    static Filters filters(UriInfo uri) {
        Map<String, String> values = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((key, list) -> {
            if (!PAGING.contains(key) && !list.isEmpty()) {
                values.put(key, list.get(0));
            }
        });
        return new Filters(values, uri.getQueryParameters().getFirst("q"));
    }

    /** {@code 202 Accepted} with the task as body and its URL as {@code Location}. */
    static Response accepted(TaskView task) {
        // relative to the API's base URI, which the JAX-RS runtime resolves (…/api/v1/tasks/{id})
        return Response.accepted(task).location(URI.create("tasks/" + task.id())).build();
    }

    /**
     * Answers a create, replaying the first answer if the same Idempotency-Key was seen with the
     * same request; a key reused for a different request (endpoint or body) is a 409.
     */
    static Response idempotent(IdempotencyService store, Caller caller, String key, String endpoint, Object body,
            Supplier<Response> create) {
        if (key == null) {
            return create.get();
        }
        String request = endpoint + " " + fingerprint(body);
        Optional<IdempotencyService.StoredResponse> seen = store.find(caller, key, request);
        if (seen.isPresent()) {
            Response.ResponseBuilder replay = Response.status(seen.get().status()).type("application/json")
                    .entity(seen.get().body()).header("Idempotent-Replayed", "true");
            if (seen.get().location() != null) {
                replay.location(URI.create(seen.get().location()));
            }
            return replay.build();
        }
        Response response = create.get();
        try {
            String answer = JSON.writeValueAsString(response.getEntity());
            store.store(caller, key, request, new IdempotencyService.StoredResponse(response.getStatus(),
                    response.getLocation() == null ? null : response.getLocation().toString(), answer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    /** A short hash of the request body as JSON, so a reused key with another body is noticed. */
    private static String fingerprint(Object body) {
        // secrets never enter the stored fingerprint
        if (body instanceof UserRequest user) {
            body = new UserRequest(user.username(), null, user.role(), user.vdcId());
        } else if (body instanceof HostRequest host) {
            body = new HostRequest(host.name(), host.type(), host.uri(), host.clusterId(),
                    host.username(), null, host.settings());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(body));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Integer integer(UriInfo uri, String name) {
        String value = uri.getQueryParameters().getFirst(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw OvmException.invalid(name, name + " must be an integer, got '" + value + "'");
        }
    }
}
