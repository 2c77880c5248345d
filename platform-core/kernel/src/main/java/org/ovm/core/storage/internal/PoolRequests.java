package org.ovm.core.storage.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.ovm.core.OvmException;
import org.ovm.core.internal.support.Json;
import org.ovm.core.storage.StoragePoolRequest;

/** The checks of a pool request that need no inventory: fields, placement, ratio and settings. */
final class PoolRequests {

    static final double MAX_RATIO = 100;
    static final int MAX_HOSTS = 256;

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern SETTING = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

    private PoolRequests() {
    }

    /** The checked request's name, type and uri (400 naming the field otherwise). */
    static void requireBasics(StoragePoolRequest request) {
        if (request.type() == null || !TYPE.matcher(request.type()).matches()) {
            throw OvmException.invalid("type", "type is required: a storage type such as local or nfs");
        }
        if (request.uri() == null || request.uri().length() > 1024 || !request.uri().matches("[a-z][a-z0-9+.-]*://\\S+")) {
            throw OvmException.invalid("uri", "uri is required, e.g. file:///var/lib/ovm/pool or nfs://server/export");
        }
        if ("local".equals(request.type()) && (!request.uri().startsWith("file:///") || request.uri().contains(".."))) {
            throw OvmException.invalid("uri", "a local pool's uri is file:///absolute/directory");
        }
    }

    /**
     * Exactly one of hostId, clusterId and hostIds; a driver that is not shared needs hostId.
     *
     * @return the distinct host ids of {@code hostIds}, or null when it is not the placement given
     */
    static List<String> placement(StoragePoolRequest request, boolean shared) {
        int given = (request.hostId() != null ? 1 : 0) + (request.clusterId() != null ? 1 : 0)
                + (request.hostIds() != null ? 1 : 0);
        if (given != 1) {
            throw OvmException.invalid("hostId", "give exactly one of hostId (one host), clusterId (every host of a "
                    + "cluster) or hostIds (a list of hosts)");
        }
        if (!shared && request.hostId() == null) {
            throw OvmException.invalid("hostId", "a " + request.type() + " pool is used by one host only: give "
                    + "hostId (clusterId and hostIds are for shared pools such as nfs)");
        }
        if (request.hostIds() == null) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String id : request.hostIds()) {
            if (id == null || id.isBlank()) {
                throw OvmException.invalid("hostIds", "hostIds holds an empty host id");
            }
            ids.add(id);
        }
        if (ids.isEmpty() || ids.size() > MAX_HOSTS) {
            throw OvmException.invalid("hostIds", "hostIds lists 1 to " + MAX_HOSTS + " hosts");
        }
        return List.copyOf(ids);
    }

    /** Null (no limit) or 1.0..100. */
    static Double ratio(Double ratio) {
        if (ratio != null && (ratio.isNaN() || ratio < 1.0 || ratio > MAX_RATIO)) {
            throw OvmException.invalid("overcommitRatio", "overcommitRatio is null (no limit) or between 1.0 and "
                    + (int) MAX_RATIO + ", e.g. 1.0 to never promise more than the pool holds");
        }
        return ratio;
    }

    /** The settings as stored (JSON; null when none), checked. */
    static String settings(Map<String, String> settings) {
        if (settings == null || settings.isEmpty()) {
            return null;
        }
        if (settings.size() > 32) {
            throw OvmException.invalid("settings", "at most 32 settings");
        }
        settings.forEach((key, value) -> {
            if (key == null || !SETTING.matcher(key).matches()) {
                throw OvmException.invalid("settings", "setting names are letters, digits, '.', '_' and '-' (at most "
                        + "64), starting with a letter: " + key);
            }
            if (value == null || value.length() > 512) {
                throw OvmException.invalid("settings." + key, "a setting's value is text of at most 512 characters");
            }
        });
        String json = Json.write(settings);
        if (json.length() > 4096) {
            throw OvmException.invalid("settings", "the settings take more than 4096 characters");
        }
        return json;
    }
}
