/** Control of the simulator plugin (fault injection and introspection). */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.ovm.plugin.simulator;
