/**
 * The engine's shared API for the REST and shell bundles: the caller and its role, pages and
 * filters, errors, health and idempotency. Each capability has its own API package beside this
 * one ({@code org.ovm.core.host}, {@code .instance}, ...) and its implementation in that
 * package's {@code .internal}, which is private.
 */
@org.osgi.annotation.versioning.Version("2.3.0")
package org.ovm.core;
