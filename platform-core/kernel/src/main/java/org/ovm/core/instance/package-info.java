/** Instances (VMs and containers) and vApps: create, power actions, resize, adopt, stats. */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.ovm.core.instance;
