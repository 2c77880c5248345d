/**
 * Fence drivers: switch a host's power off (and on) through its out-of-band management controller,
 * so that the engine can restart the host's instances elsewhere without ever running one twice.
 *
 * <p>1.0: {@link org.ovm.spi.fence.FenceDriver}, {@link org.ovm.spi.fence.FenceEndpoint},
 * {@link org.ovm.spi.fence.PowerStatus}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.spi.fence;
