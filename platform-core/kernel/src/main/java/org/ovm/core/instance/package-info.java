/**
 * Instances (VMs and containers) and vApps: create, power actions, resize, adopt, stats. 1.3: the HA flag
 * ({@code ha}, {@code haPriority} in requests, patches and views, {@code InstanceView.haBlocker}). 1.4: shared-nothing live migration ({@code MigrateRequest.storagePoolId},
 * {@code bandwidthMiBps}) and {@code InstanceService.cancelMigration}.
 */
@org.osgi.annotation.versioning.Version("1.4.0")
package org.ovm.core.instance;
