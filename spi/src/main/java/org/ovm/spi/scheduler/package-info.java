/**
 * Placement extension points: pure host filters and scorers.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.ovm.spi.scheduler;
