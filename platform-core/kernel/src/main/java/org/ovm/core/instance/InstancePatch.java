package org.ovm.core.instance;

import java.util.List;

/**
 * What {@code PATCH /instances/{id}} changes; fields left out (null) stay as they are.
 *
 * @param tags the instance's tags, replacing the ones it has (an empty list removes them all):
 *             each 1–32 letters, digits, '.', '_' or '-', at most 16
 * @param ha         restart it on another host when its host fails (see {@link InstanceRequest#ha()})
 * @param haPriority among a failed host's HA instances, higher restarts first (-1000..1000)
 * @since 1.1
 */
public record InstancePatch(List<String> tags, Boolean ha, Integer haPriority) {

    /** A change of the tags only. */
    public InstancePatch(List<String> tags) {
        this(tags, null, null);
    }
}
