/**
 * Engine extensions: react to engine events and add features such as billing.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.spi.engine;
