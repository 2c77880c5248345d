package org.ovm.plugin.kvm.internal;

import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.ovm.lib.libvirt.Xml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Freezes and thaws a guest's file systems through the QEMU guest agent: {@code virDomainFSFreeze}
 * and {@code virDomainFSThaw}, which libvirt-java 0.5.4 does not bind, called through JNA on
 * libvirt-java's domain pointer like {@link DomainStates} does. A guest without an agent channel is
 * not asked; an agent that does not answer within {@link #TIMEOUT_SECONDS} counts as absent.
 */
final class GuestAgent {

    private static final Logger LOG = LoggerFactory.getLogger(GuestAgent.class);

    /** The virtio-serial channel name of the QEMU guest agent. */
    static final String CHANNEL = "org.qemu.guest_agent.0";
    /** How long the agent may take to answer a freeze or thaw. */
    static final int TIMEOUT_SECONDS = 2;
    /** {@code VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_BLOCK}: libvirt's default for a domain (wait for the agent). */
    static final int TIMEOUT_BLOCK = -2;

    interface Api extends com.sun.jna.Library {
        int virDomainFSFreeze(Pointer domain, Pointer mountpoints, int count, int flags);

        int virDomainFSThaw(Pointer domain, Pointer mountpoints, int count, int flags);

        int virDomainAgentSetResponseTimeout(Pointer domain, int timeout, int flags);

        String virGetLastErrorMessage();
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
     * the domain has no agent channel or its agent fails or does not answer in time.
     */
    static boolean freeze(Domain domain) throws LibvirtException {
        if (!hasChannel(domain.getXMLDesc(0))) {
            return false;
        }
        Api api = Holder.API;
        Pointer pointer = pointer(domain);
        if (api.virDomainAgentSetResponseTimeout(pointer, TIMEOUT_SECONDS, 0) < 0) {
            LOG.warn("could not bound the guest agent's answer time of {}: {}", domain.getName(),
                    api.virGetLastErrorMessage());
        }
        try {
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

    /** Thaws the guest's file systems; false (logged) when the agent did not answer. */
    static boolean thaw(Domain domain) {
        Api api = Holder.API;
        Pointer pointer = pointer(domain);
        api.virDomainAgentSetResponseTimeout(pointer, TIMEOUT_SECONDS, 0);
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
