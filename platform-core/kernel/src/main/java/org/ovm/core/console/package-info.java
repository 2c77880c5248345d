/** Consoles of instances: endpoints and one-time tickets for the browser console proxy. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.ovm.core.console;
