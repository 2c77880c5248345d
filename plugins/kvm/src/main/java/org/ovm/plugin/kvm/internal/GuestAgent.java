package org.ovm.plugin.kvm.internal;

import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.ovm.lib.libvirt.Xml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * Freezes and thaws a guest's file systems through the QEMU guest agent: {@code virDomainFSFreeze}
 * and {@code virDomainFSThaw}, which libvirt-java 0.5.4 does not bind, called through JNA on
 * libvirt-java's domain pointer like {@link DomainStates} does. A guest without an agent channel, or
 * whose channel libvirt knows to be disconnected (no agent opened the port), is not asked. An agent
 * that does not answer a harmless request ({@code virDomainGetTime}) within {@link #PING_SECONDS}
 * counts as absent; one that answers gets {@link #FREEZE_SECONDS} to freeze (flushing a busy guest's
 * dirty pages takes time). libvirt's own default is to wait for the agent without a bound.
 */
final class GuestAgent {

    private static final Logger LOG = LoggerFactory.getLogger(GuestAgent.class);

    /** The virtio-serial channel name of the QEMU guest agent. */
    static final String CHANNEL = "org.qemu.guest_agent.0";
    /** How long the agent may take to answer at all (libvirt's guest-sync and a request). */
    static final int PING_SECONDS = 2;
    /** How long the agent may take to freeze or thaw the file systems. */
    static final int FREEZE_SECONDS = 30;
    /** {@code VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_BLOCK}: libvirt's default for a domain (wait for the agent). */
    static final int TIMEOUT_BLOCK = -2;
    /** {@code VIR_ERR_AGENT_UNRESPONSIVE}: no agent connected, or none answered in time. */
    static final int AGENT_UNRESPONSIVE = 86;

    interface Api extends com.sun.jna.Library {
        int virDomainFSFreeze(Pointer domain, Pointer mountpoints, int count, int flags);

        int virDomainFSThaw(Pointer domain, Pointer mountpoints, int count, int flags);

        int virDomainAgentSetResponseTimeout(Pointer domain, int timeout, int flags);

        int virDomainGetTime(Pointer domain, LongByReference seconds, IntByReference nseconds, int flags);

        String virGetLastErrorMessage();

        int virGetLastErrorCode();
    }

    private static final class Holder {
        static final Api API = Native.load("virt", Api.class);
    }

    private GuestAgent() {
    }

    /**
     * Whether the live domain XML has a guest agent channel that is not known to be disconnected
     * (libvirt reports {@code state='connected'} once the agent opened its port).
     */
    static boolean hasChannel(String liveXml) {
        Element devices = Xml.child(Xml.parse(liveXml).getDocumentElement(), "devices");
        if (devices == null) {
            return false;
        }
        for (Element channel : Xml.children(devices, "channel")) {
            Element target = Xml.child(channel, "target");
            if (target != null && CHANNEL.equals(target.getAttribute("name"))) {
                return !"disconnected".equals(target.getAttribute("state"));
            }
        }
        return false;
    }

    /**
     * Freezes every file system of the guest; false (nothing frozen, the caller goes on without) when
     * the domain has no agent channel, or its agent does not answer in time or fails to freeze.
     */
    static boolean freeze(Domain domain) throws LibvirtException {
        if (!hasChannel(domain.getXMLDesc(0))) {
            return false;
        }
        Api api = Holder.API;
        Pointer pointer = pointer(domain);
        try {
            if (!answers(api, pointer, domain.getName())) {
                return false;
            }
            api.virDomainAgentSetResponseTimeout(pointer, FREEZE_SECONDS, 0);
            int frozen = api.virDomainFSFreeze(pointer, null, 0, 0);
            if (frozen >= 0) {
                LOG.info("froze {} file system(s) of {}", frozen, domain.getName());
                return true;
            }
            LOG.info("the guest agent of {} did not freeze its file systems ({}): crash-consistent copy",
                    domain.getName(), api.virGetLastErrorMessage());
            // an agent that answered late may have frozen them after all
            api.virDomainFSThaw(pointer, null, 0, 0);
            return false;
        } finally {
            api.virDomainAgentSetResponseTimeout(pointer, TIMEOUT_BLOCK, 0);
        }
    }

    /**
     * Whether the agent answers a harmless request within {@link #PING_SECONDS}: any answer counts,
     * an error too (an agent that does not offer the request); only "unresponsive" does not.
     */
    private static boolean answers(Api api, Pointer pointer, String name) {
        if (api.virDomainAgentSetResponseTimeout(pointer, PING_SECONDS, 0) < 0) {
            LOG.warn("could not bound the guest agent's answer time of {}: {}", name, api.virGetLastErrorMessage());
            return false;
        }
        if (api.virDomainGetTime(pointer, new LongByReference(), new IntByReference(), 0) >= 0) {
            return true;
        }
        if (api.virGetLastErrorCode() == AGENT_UNRESPONSIVE) {
            LOG.info("the guest agent of {} did not answer within {} s ({}): crash-consistent copy", name,
                    PING_SECONDS, api.virGetLastErrorMessage());
            return false;
        }
        LOG.debug("the guest agent of {} answered with an error: {}", name, api.virGetLastErrorMessage());
        return true;
    }

    /** Thaws the guest's file systems; false (logged) when the agent did not answer. */
    static boolean thaw(Domain domain) {
        Api api = Holder.API;
        Pointer pointer = pointer(domain);
        api.virDomainAgentSetResponseTimeout(pointer, FREEZE_SECONDS, 0);
        try {
            if (api.virDomainFSThaw(pointer, null, 0, 0) >= 0) {
                return true;
            }
            LOG.error("could not thaw the file systems of {}: {}; thaw them by hand (virsh domfsthaw)",
                    domainName(domain), api.virGetLastErrorMessage());
            return false;
        } finally {
            api.virDomainAgentSetResponseTimeout(pointer, TIMEOUT_BLOCK, 0);
        }
    }

    private static Pointer pointer(Domain domain) {
        return KvmSerialConsole.pointer(domain, Domain.class, "vdp");
    }

    private static String domainName(Domain domain) {
        try {
            return domain.getName();
        } catch (LibvirtException e) {
            return "the domain";
        }
    }
}
