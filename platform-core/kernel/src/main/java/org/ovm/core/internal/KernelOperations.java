package org.ovm.core.internal;

import org.ovm.core.backup.internal.BackupOperations;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.host.internal.HostFencing;
import org.ovm.core.host.internal.InventorySync;
import org.ovm.core.instance.internal.HaRestartOperation;
import org.ovm.core.instance.internal.HaRestarts;
import org.ovm.core.instance.internal.InstanceMigrateOperation;
import org.ovm.core.instance.internal.InstanceOperations;
import org.ovm.core.network.internal.AddressClaims;
import org.ovm.core.network.internal.NetworkTargets;
import org.ovm.core.network.internal.NicMigration;
import org.ovm.core.network.internal.NicSteps;
import org.ovm.core.network.security.internal.PolicyOperations;
import org.ovm.core.network.security.internal.PortPolicies;
import org.ovm.core.placement.internal.Placer;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.snapshot.internal.SnapshotOperations;
import org.ovm.core.storage.internal.StorageAccess;
import org.ovm.core.storage.internal.StorageOperations;
import org.ovm.core.storage.internal.VolumeCopyOperations;
import org.ovm.core.storage.internal.VolumeOperations;

/**
 * Registers on the task engine the operations that the services only queue and that touch
 * hosts, pools and networks: port policies, instances (with their NICs), pools, snapshots,
 * volumes, volume copies and moves, backups and instance migration. The operations a service
 * builds together with itself (host connect, network deletion, plugins, vApps, container
 * images) are registered by {@link Kernel} where it builds that service.
 */
final class KernelOperations {

    private KernelOperations() {
    }

    static void register(KernelRuntime runtime, HostAccess access, StorageAccess storage, CapacityClaims claims,
            QuotaClaims quotas, AddressClaims addresses, InventorySync sync, Placer placer, HaRestarts haRestarts,
            HostFencing fencing) {
        var tx = runtime.tx;
        var engine = runtime.engine;
        var events = runtime.events;
        var registries = runtime.registries;
        PortPolicies portPolicies = new PortPolicies(tx, registries.networks()::find, NetworkTargets.of(access));
        NicSteps nicSteps = new NicSteps(tx, access, registries.networks(), addresses, quotas, portPolicies);
        new PolicyOperations(tx, portPolicies).all().forEach(engine::register);
        new InstanceOperations(tx, access, storage, events, claims, quotas, nicSteps, sync::forgotten).all()
                .forEach(engine::register);
        new StorageOperations(tx, storage, events).all().forEach(engine::register);
        new SnapshotOperations(tx, access, events, quotas).all().forEach(engine::register);
        new VolumeOperations(tx, access, storage, events, quotas).all().forEach(engine::register);
        new VolumeCopyOperations(tx, storage::target, access::target, events, quotas, storage::refreshCapacity).all()
                .forEach(engine::register);
        new BackupOperations(tx, storage::target, access::target, events, quotas).all().forEach(engine::register);
        NicMigration nicMigration = new NicMigration(tx, access, registries.networks(), addresses, portPolicies);
        engine.register(new InstanceMigrateOperation(tx, access::target, nicMigration, claims, events, storage::target)
                .operation());
        HaRestartOperation haRestart = new HaRestartOperation(tx, access::target, nicMigration, claims, placer, events,
                sync, haRestarts::finished);
        engine.register(haRestart.operation());
        engine.register(fencing.operation(haRestart::restartAll));
    }
}
