/** Storage pools and volumes: create, attach, resize and delete disks on a pool. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.ovm.core.storage;
