/** Placement: policies, affinity groups, scheduler plugins and the explanation of a choice. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.core.placement;
