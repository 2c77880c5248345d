/** Plugins: the features installed at runtime and the driver services they register. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.ovm.core.plugin;
