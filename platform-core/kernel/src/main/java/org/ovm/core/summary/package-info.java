/** The dashboard's summary: counts and states of hosts, instances and tasks, capacity, failures and alarms. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.core.summary;
