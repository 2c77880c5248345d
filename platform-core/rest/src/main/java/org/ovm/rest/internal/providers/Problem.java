package org.ovm.rest.internal.providers;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 7807 problem: {@code type}, {@code title}, {@code status}, {@code detail}, plus
 * {@code code} (the engine's error name) and {@code field} (the offending request field).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String field,
        String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
