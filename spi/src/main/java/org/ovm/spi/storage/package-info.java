/**
 * Storage drivers: pools and volumes on hosts or shared exports.
 *
 * <p>2.0: {@code inspectVolume} (added in 1.0 without a bump), {@code volumeFormats}, and
 * {@code uploadVolume} takes the declared format and checks the header itself.
 *
 * <p>2.1: optional {@link org.ovm.spi.storage.SharedPoolSupport} (the engine probes a shared pool
 * itself) and {@link org.ovm.spi.storage.VolumeTransferSupport} (whole-volume copies between
 * pools).
 */
@org.osgi.annotation.versioning.Version("2.1.0")
package org.ovm.spi.storage;
