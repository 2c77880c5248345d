/** Snapshots of instances: take, list, revert and delete. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.core.snapshot;
