package org.ovm.plugin.kvm.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainJobInfo;
import org.libvirt.DomainJobStats;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.TypedParameter;
import org.libvirt.TypedStringParameter;
import org.libvirt.TypedUlongParameter;
import org.ovm.lib.libvirt.LibvirtErrors;
import org.ovm.lib.libvirt.Xml;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Live migration that copies disks along (shared nothing): a managed direct {@code virDomainMigrate3}
 * with {@code VIR_MIGRATE_NON_SHARED_DISK}. The disks to copy are named by their target devices
 * ({@code migrate_disks}); the destination's live definition ({@code destination_xml}) names the new
 * volumes, which exist already (libvirt precreates nothing for a file that exists, nor for network
 * disks), and its persistent one is rewritten to name them once the domain runs there
 * ({@link #persistNewVolumes}). The target's QEMU exports them over NBD on
 * {@code disks_uri} = {@code tcp://<address>} (the address of {@link KvmMigration#migrationUri}), the
 * source's QEMU mirrors the disks into them, then migrates the memory; {@code bandwidth} (MiB/s) caps
 * both. Progress (memory and disks) comes from the job info; at the deadline the job is aborted.
 * Blocking.
 */
final class KvmStorageMigration {

    private static final Logger LOG = LoggerFactory.getLogger(KvmStorageMigration.class);

    /** {@code VIR_MIGRATE_NON_SHARED_DISK}: full copy of the disks named by {@code migrate_disks}. */
    static final long NON_SHARED_DISK = 64;
    /** {@code VIR_DOMAIN_XML_*} flags. */
    static final int XML_SECURE = 1;
    static final int XML_INACTIVE = 2;
    static final int XML_MIGRATABLE = 8;
    /** {@code VIR_DOMAIN_JOB_BOUNDED}, {@code _UNBOUNDED}: a job runs. */
    static final int JOB_BOUNDED = 1;
    static final int JOB_UNBOUNDED = 2;
    /** {@code VIR_DOMAIN_JOB_OPERATION_MIGRATION_OUT}. */
    static final int OPERATION_MIGRATION_OUT = Domain.JobOperation.MIGRATION_OUT;

    private KvmStorageMigration() {
    }

    /** Flags of a live migration; with {@code copyDisks} the named disks are copied. */
    static long flags(boolean copyDisks) {
        return KvmMigration.LIVE | KvmMigration.PERSIST_DEST | KvmMigration.UNDEFINE_SOURCE
                | (copyDisks ? NON_SHARED_DISK : 0);
    }

    /**
     * Migrates the running domain {@code backendId} with the disks {@code disks} names; returns it as
     * the target reports it. Idempotent like {@link KvmMigration#migrateOrFind}: a domain the source no
     * longer has but the target does is reported as migrated. A domain that does not run, a migration
     * the target refuses or one that was aborted ({@link #abort}) is a {@link ErrorCode#CONFLICT}; one
     * past the deadline is aborted ({@link ErrorCode#TIMEOUT}). The domain then stays on the source.
     * With no disks named it is a plain live migration (all disks shared), capped like the others.
     */
    static InstanceInfo migrateOrFind(Connect source, Connect target, HostEndpoint sourceHost, HostEndpoint targetHost,
            String backendId, Map<String, DiskSpec> disks, long bandwidthMiBps, OperationContext ctx,
            Progress progress) throws LibvirtException {
        Domain domain = KvmDomains.lookup(source, backendId);
        if (domain == null) {
            Domain there = KvmDomains.lookup(target, backendId);
            if (there == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "no domain " + backendId + " on "
                        + sourceHost.uri() + " nor on " + targetHost.uri());
            }
            persistNewVolumes(target, there, disks); // a retry after the definition could not be updated
            return KvmDomains.info(there);
        }
        String name = domain.getName();
        if (domain.isActive() != 1) {
            Domain there = KvmDomains.lookup(target, backendId);
            if (there != null && there.isActive() == 1) {
                // a retry after the migration itself succeeded: finish it
                KvmMigration.ensureGone(source, domain.getUUIDString(), name);
                persistNewVolumes(target, there, disks);
                return KvmDomains.info(there);
            }
            throw new DriverException(ErrorCode.CONFLICT, "domain " + name + " does not run: a migration with "
                    + "storage moves running instances only; stop it and move its volumes, or start it");
        }
        try {
            return KvmDomains.info(migrate(source, target, targetHost, domain, disks, bandwidthMiBps,
                    ctx.deadline(), progress, ctx.executor()));
        } catch (LibvirtException e) {
            String stays = "; it stays, running, on " + sourceHost.uri() + " (" + e.getMessage() + ")";
            if (ctx.expired()) {
                throw new DriverException(ErrorCode.TIMEOUT, "the migration with storage of " + name + " to "
                        + targetHost.uri() + " did not finish by the deadline and was aborted" + stays, true, e);
            }
            if (LibvirtErrors.is(e, ErrorNumber.VIR_ERR_OPERATION_ABORTED)) {
                throw new DriverException(ErrorCode.CONFLICT, "the migration with storage of " + name + " to "
                        + targetHost.uri() + " was aborted" + stays, false, e);
            }
            DriverException error = LibvirtErrors.translate("migrate " + name + " with its storage to "
                    + targetHost.uri(), e);
            // the target refusing (a volume it cannot open, a name it has) is a conflict, not an outage
            throw error.code() == ErrorCode.UNREACHABLE || error.code() == ErrorCode.TIMEOUT ? error
                    : new DriverException(ErrorCode.CONFLICT, error.getMessage(), false, e);
        }
    }

    /** Migrates the running {@code domain} with its disks; returns the domain on the target. */
    static Domain migrate(Connect source, Connect target, HostEndpoint targetHost, Domain domain,
            Map<String, DiskSpec> disks, long bandwidthMiBps, Instant deadline, Progress progress, Executor executor)
            throws LibvirtException {
        String name = domain.getName();
        String uuid = domain.getUUIDString();
        String live = domain.getXMLDesc(XML_SECURE | XML_MIGRATABLE);
        List<String> targets = targets(live, disks);
        List<TypedParameter> params = new ArrayList<>();
        String address = KvmMigration.migrationUri(targetHost);
        if (address != null) {
            params.add(new TypedStringParameter("migrate_uri", address));
        }
        if (!targets.isEmpty()) {
            params.add(new TypedStringParameter("destination_xml", destinationXml(live, disks, true)));
            for (String dev : targets) {
                params.add(new TypedStringParameter("migrate_disks", dev));
            }
            if (address != null) {
                // the NBD server of the target's QEMU listens there, on a port of its migration range
                params.add(new TypedStringParameter("disks_uri", address));
            }
        }
        if (bandwidthMiBps > 0) {
            params.add(new TypedUlongParameter("bandwidth", bandwidthMiBps));
        }
        LOG.info("live migration with storage of {} to {} (disks {}, stream {}, bandwidth {} MiB/s)", name,
                targetHost.uri(), targets, address, bandwidthMiBps > 0 ? bandwidthMiBps : "unlimited");
        progress.report(0, "live migration of " + name + " with " + targets.size() + " disk(s) to "
                + targetHost.hostId());
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> KvmMigration.watch(domain, deadline, progress, done,
                job -> "migrating disks: " + mib(job.getFileProcessed()) + " of " + mib(job.getFileTotal())
                        + " MiB, memory: " + mib(job.getMemProcessed()) + " of " + mib(job.getMemTotal()) + " MiB"),
                executor);
        Domain migrated;
        try {
            migrated = domain.migrate(target, params.toArray(TypedParameter[]::new), flags(!targets.isEmpty()));
        } finally {
            done.set(true);
        }
        watcher.join();
        if (migrated == null) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "libvirt reported no domain after migrating " + name);
        }
        try {
            KvmMigration.ensureGone(source, uuid, name);
            persistNewVolumes(target, migrated, disks);
        } catch (LibvirtException e) {
            // not a failed migration: the domain runs on the target, on the new volumes
            throw new DriverException(ErrorCode.BACKEND_FAILURE, name + " migrated and runs on " + targetHost.uri()
                    + " with the new volumes, but checking the source or updating its definition there failed; "
                    + "retry (the retry finishes both): " + e.getMessage(), true, e);
        }
        progress.report(100, name + " now runs on " + targetHost.uri() + " with its disks");
        return migrated;
    }

    /**
     * Makes the target's persistent definition name the new volumes. A client-driven (not peer-to-peer)
     * {@code virDomainMigrate3} refuses {@code persist_xml}, and with {@code VIR_MIGRATE_PERSIST_DEST}
     * libvirt defines the source's persistent XML (the old paths) on the target, although the domain
     * runs on the new volumes ({@code destination_xml}): measured with libvirt 9.0. So it is redefined
     * here (a running domain's definition only changes what its next start uses).
     */
    static void persistNewVolumes(Connect target, Domain domain, Map<String, DiskSpec> disks)
            throws LibvirtException {
        if (disks.isEmpty() || domain.isPersistent() != 1) {
            return;
        }
        String persistent = domain.getXMLDesc(XML_SECURE | XML_INACTIVE);
        String rewritten = destinationXml(persistent, disks, false);
        if (!rewritten.equals(persistent)) {
            LOG.info("the definition of {} on the target names the source's volumes; redefining it with the new "
                    + "ones", domain.getName());
            target.domainDefineXML(rewritten);
        }
    }

    /**
     * Aborts the migration job of the domain on {@code source}: true when one ran and was aborted,
     * false when none runs (also when the host does not know the domain: it migrated meanwhile, or
     * never ran there). A job that is no migration (a backup, a save) is left alone (false).
     */
    static boolean abort(Connect source, String backendId) throws LibvirtException {
        Domain domain = KvmDomains.lookup(source, backendId);
        if (domain == null) {
            return false;
        }
        try {
            if (!migrating(domain)) {
                return false;
            }
            domain.abortJob();
            LOG.info("aborted the migration of {}", domain.getName());
            return true;
        } catch (LibvirtException e) {
            // finished (or gone) between the look and the abort
            if (LibvirtErrors.isMissingDomain(e) || LibvirtErrors.is(e, ErrorNumber.VIR_ERR_OPERATION_INVALID)) {
                return false;
            }
            throw e;
        }
    }

    /** Whether an outgoing migration job runs on the domain. */
    private static boolean migrating(Domain domain) throws LibvirtException {
        DomainJobInfo info = domain.getJobInfo();
        if (info.getType() != JOB_BOUNDED && info.getType() != JOB_UNBOUNDED) {
            return false;
        }
        try {
            DomainJobStats stats = domain.getJobStats(0);
            for (TypedParameter p : stats.stats) {
                if ("operation".equals(p.field)) {
                    return Integer.parseInt(p.getValueAsString()) == OPERATION_MIGRATION_OUT;
                }
            }
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("job statistics of {}: {}", domain.getName(), e.getMessage());
        }
        return true; // a libvirt that does not name the operation: the job is taken for the migration
    }

    /** The target devices of the disks whose sources are the keys of {@code disks}; NOT_FOUND for one it lacks. */
    static List<String> targets(String xml, Map<String, DiskSpec> disks) {
        List<String> targets = new ArrayList<>();
        for (String path : disks.keySet()) {
            String dev = DomainXml.diskTarget(xml, path);
            if (dev == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "the domain has no disk " + path);
            }
            targets.add(dev);
        }
        return targets;
    }

    /**
     * The domain XML with each disk whose source is a key of {@code disks} switched to the volume the value
     * names (a file or an {@code nfs://} network disk, its format; no backing chain: the copy is
     * self-contained); the disk keeps its target, address, alias, boot order, serial, cache mode and the
     * rest. With {@code requireAll} a disk the XML lacks is NOT_FOUND, else it is skipped (a disk
     * attached live only is not in the persistent definition); the XML as it was when none matched.
     */
    static String destinationXml(String xml, Map<String, DiskSpec> disks, boolean requireAll) {
        Document doc = Xml.parse(xml);
        Element devices = Xml.child(doc.getDocumentElement(), "devices");
        boolean changed = false;
        for (Map.Entry<String, DiskSpec> e : disks.entrySet()) {
            Element old = devices == null ? null : Xml.children(devices, "disk").stream()
                    .filter(d -> DomainXml.hasSource(d, e.getKey())).findFirst().orElse(null);
            if (old == null) {
                if (requireAll) {
                    throw new DriverException(ErrorCode.NOT_FOUND, "the domain has no disk " + e.getKey());
                }
                continue;
            }
            Element fresh = DomainXml.diskElement(doc.createDocumentFragment(), e.getValue(),
                    old.getAttribute("device"));
            copyAttributes(old, fresh, Set.of("type", "device"));
            Element oldDriver = Xml.child(old, "driver");
            if (oldDriver != null) {
                // cache, io, discard... stay; the format and the error policy are the new volume's
                copyAttributes(oldDriver, Xml.child(fresh, "driver"), Set.of("name", "type", "error_policy"));
            }
            NodeList children = old.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element child
                        && !Set.of("driver", "source", "backingStore").contains(child.getTagName())) {
                    fresh.appendChild(child.cloneNode(true));
                }
            }
            devices.replaceChild(fresh, old);
            changed = true;
        }
        return changed ? Xml.write(doc) : xml;
    }

    private static void copyAttributes(Element from, Element to, Set<String> except) {
        NamedNodeMap attributes = from.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            if (!except.contains(a.getNodeName()) && !to.hasAttribute(a.getNodeName())) {
                to.setAttribute(a.getNodeName(), a.getNodeValue());
            }
        }
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
