/**
 * Compute topology: zones, clusters and hosts, their state, facts and maintenance. 1.1: host and zone
 * edits ({@code HostUpdate}, {@code HostUpdated}, {@code ZoneUpdate}, {@code ZoneView.defaultZone}). 1.3: the
 * HA monitor's {@code HostState.NON_RESPONSIVE} and {@code HostService.confirmDown}. 1.4: {@code HostState.PREPARING_FOR_MAINTENANCE} (maintenance drains), power management for fencing ({@code PowerManagement},
 * {@code PowerManagementRequest}, {@code PowerTest}, {@code HostView.powerManagement}, {@code fencedAt},
 * {@code fencedBy}). 1.5: balancing settings of clusters ({@code ClusterRequest.balancing}, {@code ClusterUpdate.balancing}, {@code ClusterView.balancing}, {@code ClusterView.powerOffCandidates}).
 */
@org.osgi.annotation.versioning.Version("1.5.0")
package org.ovm.core.host;
