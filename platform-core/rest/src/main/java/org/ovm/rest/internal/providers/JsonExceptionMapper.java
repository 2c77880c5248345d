package org.ovm.rest.internal.providers;

import java.util.stream.Collectors;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

import org.ovm.core.OvmError;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns unreadable request bodies into 400 problems that say where and what. */
@Provider
public final class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        if (e instanceof JsonParseException) {
            return Problems.of(OvmError.INVALID_INPUT, null, "malformed JSON" + where + ": " + e.getOriginalMessage(),
                    null);
        }
        String field = e instanceof JsonMappingException mapping ? path(mapping) : null;
        if (e instanceof UnrecognizedPropertyException unknown) {
            return Problems.of(OvmError.INVALID_INPUT, field, "unknown field '" + unknown.getPropertyName()
                    + "'; known fields: " + unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                            .collect(Collectors.joining(", ")), null);
        }
        if (e instanceof InvalidFormatException format) {
            return Problems.of(OvmError.INVALID_INPUT, field, "field '" + field + "' cannot be "
                    + format.getValue() + ": expected " + format.getTargetType().getSimpleName(), null);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null && field != null) {
            return Problems.of(OvmError.INVALID_INPUT, field, "field '" + field + "' has the wrong type: expected "
                    + mismatch.getTargetType().getSimpleName(), null);
        }
        return Problems.of(OvmError.INVALID_INPUT, field, "unreadable JSON body" + where + ": "
                + e.getOriginalMessage(), null);
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName()
                : "[" + ref.getIndex() + "]").collect(Collectors.joining("."));
        return path.isEmpty() ? null : path;
    }
}
