/**
 * Shared libvirt plumbing for OVM's libvirt-based plugins (KVM hypervisor, local storage):
 * one connection per host, error mapping and safe XML. A library, not a plugin: each plugin
 * embeds a private copy of this package and of libvirt-java, so each can be upgraded alone.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.lib.libvirt;
