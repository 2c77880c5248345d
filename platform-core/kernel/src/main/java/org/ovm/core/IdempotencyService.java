package org.ovm.core;

import java.util.Optional;

/**
 * Remembers the answers to create requests sent with an {@code Idempotency-Key} header for 24
 * hours, so a retried request returns the first answer instead of creating twice.
 */
public interface IdempotencyService {

    /**
     * The stored answer for this caller and key.
     *
     * @param request method and path of the request; a key reused for another request fails with 409
     */
    Optional<StoredResponse> find(Caller caller, String key, String request);

    void store(Caller caller, String key, String request, StoredResponse response);

    /** An answer as it was sent. */
    record StoredResponse(int status, String location, String body) {
    }
}
