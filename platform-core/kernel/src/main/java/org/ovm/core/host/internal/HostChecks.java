package org.ovm.core.host.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.ovm.core.OvmException;
import org.ovm.core.internal.support.Checks;

/** The checks of a host's URI, driver settings and secrets, the same for an add and an edit. Pure. */
final class HostChecks {

    private static final Pattern SETTING_KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9._-]{0,63}");

    private HostChecks() {
    }

    /** Secrets: named like settings, up to 64 KiB each (PEM certificates), never a setting's name too. */
    static Map<String, String> secrets(Map<String, String> secrets, Map<String, String> settings) {
        if (secrets == null) {
            return Map.of();
        }
        if (secrets.size() > 16) {
            throw OvmException.invalid("secrets", "at most 16 secrets per host");
        }
        secrets.forEach((key, value) -> {
            if (key == null || !SETTING_KEY.matcher(key).matches()) {
                throw OvmException.invalid("secrets", "secret name '" + key + "' is invalid");
            }
            if (value == null || value.isEmpty() || value.length() > 65536) {
                throw OvmException.invalid("secrets." + key, "secret " + key + " needs a value of at most 65536 characters");
            }
            if (settings.containsKey(key)) {
                throw OvmException.invalid("secrets." + key, key + " is given both as a setting and as a secret");
            }
        });
        return Map.copyOf(secrets);
    }

    static Map<String, String> settings(Map<String, String> settings) {
        if (settings == null) {
            return Map.of();
        }
        if (settings.size() > 32) {
            throw OvmException.invalid("settings", "at most 32 settings per host");
        }
        settings.forEach((key, value) -> {
            if (key == null || !SETTING_KEY.matcher(key).matches()) {
                throw OvmException.invalid("settings", "setting name '" + key + "' is invalid");
            }
            if (value == null || value.length() > 1024) {
                throw OvmException.invalid("settings." + key, "setting " + key + " needs a value of at most 1024 characters");
            }
            Checks.requireText("settings." + key, value, 1024);
        });
        return Map.copyOf(settings);
    }

    /**
     * {@code current} with {@code changes} applied: a key with a value sets it, a key with a null
     * value removes it. The result is not checked yet ({@link #settings}, {@link #secrets}).
     */
    static Map<String, String> merge(Map<String, String> current, Map<String, String> changes, String field) {
        Map<String, String> merged = new LinkedHashMap<>(current);
        changes.forEach((key, value) -> {
            if (key == null || !SETTING_KEY.matcher(key).matches()) {
                throw OvmException.invalid(field, field + " name '" + key + "' is invalid");
            }
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** The lengths the inventory keeps (the password is stored encrypted, which makes it longer). */
    static void credentials(String username, String password) {
        Checks.requireText("username", username, 256);
        if (password != null && password.length() > 1024) {
            throw OvmException.invalid("password", "password is limited to 1024 characters");
        }
    }

    static void uri(String uri) {
        if (uri == null || uri.isBlank()) {
            throw OvmException.invalid("uri", "uri is required, e.g. qemu+tcp://host/system");
        }
        if (uri.length() > 1024) {
            throw OvmException.invalid("uri", "uri is limited to 1024 characters");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            // the reason only: the text may hold a secret, never echoed
            throw OvmException.invalid("uri", "uri is not a valid URI: " + e.getReason().replace(uri, "<uri>"));
        }
        if (parsed.getRawUserInfo() != null && parsed.getRawUserInfo().contains(":")) {
            // it would be stored, shown and logged as the uri is: passwords go where they are encrypted
            throw OvmException.invalid("uri", "the uri holds a password (user:password@): give the user in "
                    + "username and the password in password, where it is stored encrypted and never shown");
        }
        if (parsed.getScheme() == null) {
            throw OvmException.invalid("uri", "uri '" + uri + "' has no scheme");
        }
    }
}
