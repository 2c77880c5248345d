/** The audit log and engine events: what happened, by whom, to which resource. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.ovm.core.event;
