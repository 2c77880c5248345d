/**
 * Storage drivers: pools and volumes on hosts or shared exports.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.spi.storage;
