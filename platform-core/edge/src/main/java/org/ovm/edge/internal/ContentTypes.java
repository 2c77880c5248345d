package org.ovm.edge.internal;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;

/** What the edge reads from a request's {@code Content-Type}. */
final class ContentTypes {

    private ContentTypes() {
    }

    /** Uploads carry their bytes as octet-stream or tar; only they may exceed the body cap. */
    static boolean isUpload(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT).trim();
        return type.startsWith("application/octet-stream") || type.startsWith("application/x-tar");
    }

    /**
     * What is wrong with the charset a content type names, or null (none named, or one this Java
     * knows). The servlets fail on an unknown charset with a 500 before any resource runs.
     */
    static String charsetProblem(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                String name = pair[1].trim().replace("\"", "");
                boolean known;
                try {
                    known = !name.isEmpty() && Charset.isSupported(name);
                } catch (IllegalCharsetNameException e) {
                    known = false;
                }
                if (!known) {
                    return "the request names the unknown charset '" + (name.length() > 40 ? name.substring(0, 40)
                            : name) + "'; send UTF-8 (Content-Type: application/json; charset=utf-8)";
                }
            }
        }
        return null;
    }
}
