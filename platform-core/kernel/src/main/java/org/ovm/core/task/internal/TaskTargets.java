package org.ovm.core.task.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.ovm.core.internal.inventory.BackupEntity;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.ImageEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.VAppEntity;
import org.ovm.core.internal.inventory.VolumeEntity;

/**
 * What a task acts on, as its row records it when it is created: the type and the name of the
 * resource its id names (kept once the resource is gone, so a failure still says what failed).
 * A task's resource is the row it queues on, so {@code volume.attach} acts on an instance.
 */
final class TaskTargets {

    /** The type and name of a task's resource; either may be null when the id names nothing known. */
    record Target(String type, String name) {
    }

    private record Kind<E>(String type, Class<E> entity, Function<E, String> name) {

        String find(EntityManager em, String id) {
            E row = em.find(entity, id);
            return row == null ? null : name.apply(row);
        }
    }

    private static final String PLUGIN = "plugin:";

    private static final List<Kind<?>> KINDS = List.of(
            new Kind<>("instance", InstanceEntity.class, InstanceEntity::getName),
            new Kind<>("volume", VolumeEntity.class, VolumeEntity::getName),
            new Kind<>("host", HostEntity.class, HostEntity::getName),
            new Kind<>("pool", StoragePoolEntity.class, StoragePoolEntity::getName),
            new Kind<>("image", ImageEntity.class, ImageEntity::getName),
            new Kind<>("vapp", VAppEntity.class, VAppEntity::getName),
            new Kind<>("cluster", ClusterEntity.class, ClusterEntity::getName),
            new Kind<>("backup", BackupEntity.class, BackupEntity::getName));

    private TaskTargets() {
    }

    /**
     * The resource {@code resourceId} names: looked up first among the rows of the type the
     * operation's name begins with ({@code instance.start} → instances), then among the others; a
     * resource not written yet (an image being registered) takes that type and the {@code name}
     * parameter of the task, if any.
     */
    static Target resolve(EntityManager em, String operation, String resourceId, Map<String, String> params) {
        String prefix = operation.contains(".") ? operation.substring(0, operation.indexOf('.')) : operation;
        if (resourceId == null) {
            return new Target(prefix, params.get("name"));
        }
        if (resourceId.startsWith(PLUGIN)) {
            return new Target("plugin", resourceId.substring(PLUGIN.length()));
        }
        List<Kind<?>> order = new ArrayList<>(KINDS);
        order.sort((a, b) -> Boolean.compare(!a.type().equals(prefix), !b.type().equals(prefix)));
        for (Kind<?> kind : order) {
            String name = kind.find(em, resourceId);
            if (name != null) {
                return new Target(kind.type(), name);
            }
        }
        return new Target(prefix, params.get("name"));
    }
}
