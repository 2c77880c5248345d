package org.ovm.plugin.kvm.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.libvirt.Domain;
import org.libvirt.DomainSnapshot;
import org.libvirt.LibvirtException;
import org.ovm.lib.libvirt.LibvirtErrors;
import org.ovm.lib.libvirt.Xml;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.SnapshotInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** libvirt domain snapshots: created, listed, reverted and deleted; their XML read back into {@link SnapshotInfo}. */
final class Snapshots {

    private Snapshots() {
    }

    /** Creates the snapshot; an existing one of that name is returned as it is. */
    static SnapshotInfo create(Domain domain, String name, String description) throws LibvirtException {
        DomainSnapshot existing = snapshot(domain, name);
        if (existing != null) {
            return info(existing.getXMLDesc());
        }
        return info(domain.snapshotCreateXML(xml(name, description), 0).getXMLDesc());
    }

    /** The domain's snapshots, oldest first. */
    static List<SnapshotInfo> list(Domain domain) throws LibvirtException {
        List<SnapshotInfo> all = new ArrayList<>();
        for (String name : domain.snapshotListNames()) {
            DomainSnapshot snapshot = snapshot(domain, name);
            if (snapshot != null) {
                all.add(info(snapshot.getXMLDesc()));
            }
        }
        all.sort(Comparator.comparing(SnapshotInfo::createdAt));
        return all;
    }

    static void revert(Domain domain, String name) throws LibvirtException {
        DomainSnapshot snapshot = snapshot(domain, name);
        if (snapshot == null) {
            throw new DriverException(ErrorCode.NOT_FOUND, "no snapshot " + name + " of " + domain.getName());
        }
        domain.revertToSnapshot(snapshot);
    }

    /** Deletes the snapshot; nothing when the domain (null) or the snapshot is gone. */
    static void delete(Domain domain, String name) throws LibvirtException {
        DomainSnapshot snapshot = domain == null ? null : snapshot(domain, name);
        if (snapshot != null) {
            snapshot.delete(0);
        }
    }

    private static DomainSnapshot snapshot(Domain domain, String name) throws LibvirtException {
        try {
            return domain.snapshotLookupByName(name);
        } catch (LibvirtException e) {
            if (LibvirtErrors.is(e, org.libvirt.Error.ErrorNumber.VIR_ERR_NO_DOMAIN_SNAPSHOT)) {
                return null;
            }
            throw e;
        }
    }

    static String xml(String name, String description) {
        Document doc = Xml.newDocument();
        Element root = Xml.add(doc, "domainsnapshot", null);
        Xml.add(root, "name", name);
        if (description != null) {
            Xml.add(root, "description", description);
        }
        return Xml.write(doc);
    }

    static SnapshotInfo info(String xml) {
        Element root = Xml.parse(xml).getDocumentElement();
        String created = Xml.text(root, "creationTime");
        String state = Xml.text(root, "state");
        PowerState power = "running".equals(state) ? PowerState.RUNNING : "paused".equals(state) ? PowerState.PAUSED
                : PowerState.STOPPED;
        return new SnapshotInfo(Xml.text(root, "name"), Xml.text(root, "description"),
                created == null ? Instant.EPOCH : Instant.ofEpochSecond(Long.parseLong(created)), power);
    }
}
