/**
 * Types shared by every SPI area: operation context, driver errors, host endpoints.
 *
 * <p>1.1: {@link org.ovm.spi.common.Progress}.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.ovm.spi.common;
