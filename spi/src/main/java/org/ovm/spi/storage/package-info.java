/**
 * Storage drivers: pools and volumes on hosts or shared exports.
 *
 * <p>2.0: {@code inspectVolume} (added in 1.0 without a bump), {@code volumeFormats}, and
 * {@code uploadVolume} takes the declared format and checks the header itself.
 */
@org.osgi.annotation.versioning.Version("2.0.0")
package org.ovm.spi.storage;
