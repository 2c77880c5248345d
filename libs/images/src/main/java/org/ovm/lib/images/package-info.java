/**
 * Shared image checks for OVM's storage plugins (local storage, NFS storage): an uploaded
 * image's header is checked before any byte reaches a pool. A library, not a plugin: each plugin
 * embeds a private copy of this package, so each can be upgraded alone.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.lib.images;
