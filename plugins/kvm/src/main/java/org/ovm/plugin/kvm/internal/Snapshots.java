package org.ovm.plugin.kvm.internal;

import java.time.Instant;

import org.ovm.lib.libvirt.Xml;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.SnapshotInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** libvirt domain snapshot XML: built for create, read back into {@link SnapshotInfo}. */
final class Snapshots {

    private Snapshots() {
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
