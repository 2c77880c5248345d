/**
 * Compute topology: zones, clusters and hosts, their state, facts and maintenance. 1.1: host and zone
 * edits ({@code HostUpdate}, {@code HostUpdated}, {@code ZoneUpdate}, {@code ZoneView.defaultZone}).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.ovm.core.host;
