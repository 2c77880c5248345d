/** Compute topology: zones, clusters and hosts, their state, facts and maintenance. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.core.host;
