/**
 * Types shared by every SPI area: operation context, driver errors, host endpoints.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.spi.common;
