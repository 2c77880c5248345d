/**
 * Shared libvirt plumbing for OVM's libvirt-based plugins (KVM hypervisor, local storage):
 * one connection per host, error mapping and safe XML. Also exports the embedded libvirt-java.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.plugin.libvirt;
