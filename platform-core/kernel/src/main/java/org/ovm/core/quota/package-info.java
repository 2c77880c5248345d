/** Virtual data centers (the tenants) with their quotas and usage. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.core.quota;
