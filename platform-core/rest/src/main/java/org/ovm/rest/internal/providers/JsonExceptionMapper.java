package org.ovm.rest.internal.providers;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** Jackson's "Cannot coerce String value ("7") to ..." (a refused coercion). */
    private static final Pattern COERCED = Pattern.compile(
            "^Cannot coerce (String|Integer|Floating-point|Boolean) value \\((.*)\\) to ", Pattern.DOTALL);
    /** Jackson's "Cannot deserialize value of type `X` from Object value". */
    private static final Pattern FROM = Pattern.compile(
            "^Cannot deserialize value of type `[^`]*` from (Object|Array|String|Boolean|Integer|Floating-point) value");

    /** What a refused body gets: the field (a dotted path, or null) and the problem's detail. */
    record Refusal(String field, String detail) {
    }

    @Override
    public Response toResponse(JsonProcessingException e) {
        Refusal refusal = describe(e);
        return Problems.of(OvmError.INVALID_INPUT, refusal.field(), refusal.detail(), null);
    }

    /** The field and the message for an unreadable body, e.g. "field 'cpus': expected an integer, got 1.9". */
    static Refusal describe(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        if (e instanceof JsonParseException) {
            return new Refusal(null, "malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        String field = e instanceof JsonMappingException mapping ? path(mapping) : null;
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new Refusal(field, "unknown field '" + unknown.getPropertyName() + "'; known fields: "
                    + unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                            .collect(Collectors.joining(", ")));
        }
        if (e instanceof InvalidFormatException format && field != null) {
            return new Refusal(field, "field '" + field + "': expected " + expected(format.getTargetType())
                    + ", got " + shown(format.getValue()));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null && field != null) {
            String got = got(mismatch);
            return new Refusal(field, "field '" + field + "': expected " + expected(mismatch.getTargetType())
                    + (got == null ? "" : ", got " + got));
        }
        return new Refusal(field, "unreadable JSON body" + where + ": " + e.getOriginalMessage());
    }

    /** The JSON type a Java type is read from, as a message says it. */
    static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == Byte.class || type == byte.class
                || type == BigInteger.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "a string";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "an object" : "a " + type.getSimpleName();
    }

    /** A refused value as the client sent it: strings quoted, cut short, control characters escaped. */
    private static String shown(Object value) {
        if (value instanceof CharSequence text) {
            StringBuilder out = new StringBuilder("\"");
            text.codePoints().limit(40).forEach(c -> {
                if (c < 0x20 || c == 0x7f || c >= 0xd800 && c <= 0xdfff) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.appendCodePoint(c);
                }
            });
            return out.append(text.length() > 40 ? "...\"" : "\"").toString();
        }
        return String.valueOf(value);
    }

    /**
     * What the client sent instead, when Jackson's message tells (the parser has moved on by
     * the time the exception arrives): a refused scalar as sent, else the kind of JSON value.
     */
    private static String got(MismatchedInputException e) {
        String message = String.valueOf(e.getOriginalMessage());
        Matcher coerced = COERCED.matcher(message);
        if (coerced.find()) {
            String value = coerced.group(2);
            return "String".equals(coerced.group(1)) && value.length() >= 2 && value.startsWith("\"")
                    && value.endsWith("\"") ? shown(value.substring(1, value.length() - 1)) : shown(value);
        }
        Matcher from = FROM.matcher(message);
        if (from.find()) {
            return switch (from.group(1)) {
                case "Object" -> "an object";
                case "Array" -> "an array";
                case "String" -> "a string";
                case "Boolean" -> "a boolean";
                default -> "a number";
            };
        }
        return null;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }
}
