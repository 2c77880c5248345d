/** Backups of volumes into a backup pool, their restore, and per-instance backup schedules. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.core.backup;
