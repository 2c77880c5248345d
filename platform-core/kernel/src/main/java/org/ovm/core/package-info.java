/**
 * The engine's API for the REST and shell bundles: services, requests, views and errors.
 * Implementation lives in {@code org.ovm.core.internal}, which is private.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.core;
