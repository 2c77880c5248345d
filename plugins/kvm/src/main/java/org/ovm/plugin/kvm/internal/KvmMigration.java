package org.ovm.plugin.kvm.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainJobInfo;
import org.libvirt.LibvirtException;
import org.libvirt.TypedParameter;
import org.libvirt.TypedStringParameter;
import org.ovm.lib.libvirt.LibvirtErrors;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a domain between two libvirt hosts whose disks both reach (shared storage): a managed direct
 * migration ({@code virDomainMigrate3}, the engine holds both connections, so the source host needs
 * no credentials of the target), live when the domain runs, offline (definition only) when it is
 * stopped, always persistent on the target and undefined on the source. QEMU's migration stream goes
 * to {@code tcp://<address>}: the target host's {@code migrationAddress} setting, else the host of its
 * libvirt URI (the target's own name may not resolve from the source: measured with a second libvirtd
 * whose host name is private). Progress comes from the job info, polled on the kernel's executor; at
 * the deadline the job is aborted. Blocking.
 */
final class KvmMigration {

    private static final Logger LOG = LoggerFactory.getLogger(KvmMigration.class);

    /** Host setting: the address QEMU on other hosts sends migration streams to (default: the libvirt URI's host). */
    static final String MIGRATION_ADDRESS_SETTING = "migrationAddress";
    /** {@code VIR_MIGRATE_*} flags from libvirt-domain.h. */
    static final long LIVE = 1;
    static final long PERSIST_DEST = 8;
    static final long UNDEFINE_SOURCE = 16;
    static final long OFFLINE = 1024;
    /** How often progress is polled. */
    static final long POLL_MILLIS = 500;

    private KvmMigration() {
    }

    /** Flags for a running ({@code live}) or stopped domain. */
    static long flags(boolean live) {
        return (live ? LIVE : OFFLINE) | PERSIST_DEST | UNDEFINE_SOURCE;
    }

    /** Where QEMU on the source sends the memory: {@code tcp://address}, or null when the target names none. */
    static String migrationUri(HostEndpoint target) {
        String address = target.settings().get(MIGRATION_ADDRESS_SETTING);
        if (address == null || address.isBlank()) {
            try {
                URI uri = new URI(target.uri());
                address = uri.getHost();
            } catch (URISyntaxException e) {
                address = null;
            }
        }
        if (address == null || address.isBlank()) {
            return null; // qemu:///system: libvirt picks the target's host name
        }
        return "tcp://" + (address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address);
    }

    /**
     * Migrates the domain {@code backendId} from {@code sourceHost} to {@code targetHost}; returns it
     * as the target reports it. Idempotent: a domain the source no longer has but the target does is
     * reported as migrated. A migration past the deadline is aborted ({@link ErrorCode#TIMEOUT}); the
     * target refusing it (a disk it cannot open, a name it has) is a {@link ErrorCode#CONFLICT}.
     */
    static InstanceInfo migrateOrFind(Connect source, Connect target, HostEndpoint sourceHost, HostEndpoint targetHost,
            String backendId, OperationContext ctx, Progress progress) throws LibvirtException {
        Domain domain = KvmDomains.lookup(source, backendId);
        if (domain == null) {
            Domain there = KvmDomains.lookup(target, backendId);
            if (there == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "no domain " + backendId + " on "
                        + sourceHost.uri() + " nor on " + targetHost.uri());
            }
            return KvmDomains.info(there);
        }
        try {
            return KvmDomains.info(migrate(source, target, targetHost, domain, ctx.deadline(), progress,
                    ctx.executor()));
        } catch (LibvirtException e) {
            if (ctx.expired()) {
                throw new DriverException(ErrorCode.TIMEOUT, "the migration of " + domain.getName() + " to "
                        + targetHost.uri() + " did not finish by the deadline and was aborted; it stays on "
                        + sourceHost.uri() + " (" + e.getMessage() + ")", true, e);
            }
            DriverException error = LibvirtErrors.translate("migrate " + domain.getName() + " to " + targetHost.uri(),
                    e);
            // the target refusing (a disk it cannot open, a name it has) is a conflict, not an outage
            throw error.code() == ErrorCode.UNREACHABLE || error.code() == ErrorCode.TIMEOUT ? error
                    : new DriverException(ErrorCode.CONFLICT, error.getMessage(), false, e);
        }
    }

    /**
     * Migrates {@code domain} (on {@code source}) to {@code target}; returns the domain on the target.
     * Afterwards the source must not know the domain any more: checked, and a left-over inactive
     * definition there is undefined.
     */
    static Domain migrate(Connect source, Connect target, HostEndpoint targetHost, Domain domain, Instant deadline,
            Progress progress, Executor executor) throws LibvirtException {
        String name = domain.getName();
        String uuid = domain.getUUIDString();
        boolean live = domain.isActive() == 1;
        TypedParameter[] params;
        String uri = live ? migrationUri(targetHost) : null;
        if (uri != null) {
            params = new TypedParameter[] {new TypedStringParameter("migrate_uri", uri)};
        } else {
            params = new TypedParameter[] {new TypedStringParameter("destination_name", name)};
        }
        LOG.info("{} migration of {} to {}{}", live ? "live" : "offline", name, targetHost.uri(),
                uri == null ? "" : " (stream " + uri + ")");
        progress.report(0, (live ? "live" : "offline") + " migration of " + name + " to " + targetHost.hostId());
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> watcher = live ? CompletableFuture.runAsync(() -> watch(domain, deadline, progress,
                done, job -> "migrating memory: " + job.getDataProcessed() / (1024 * 1024) + " of "
                        + job.getDataTotal() / (1024 * 1024) + " MiB"), executor) : CompletableFuture.completedFuture(null);
        Domain migrated;
        try {
            migrated = domain.migrate(target, params, flags(live));
        } finally {
            done.set(true);
        }
        watcher.join();
        if (migrated == null) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "libvirt reported no domain after migrating " + name);
        }
        ensureGone(source, uuid, name);
        progress.report(100, name + " now runs on " + targetHost.uri());
        return migrated;
    }

    /** Reports the job's progress, in the words of {@code describe}, until {@code done}; aborts it at the deadline. */
    static void watch(Domain domain, Instant deadline, Progress progress, AtomicBoolean done,
            Function<DomainJobInfo, String> describe) {
        while (!done.get()) {
            try {
                if (!Instant.now().isBefore(deadline)) {
                    LOG.warn("migration of {} passed its deadline; aborting it", domain.getName());
                    domain.abortJob();
                    return;
                }
                DomainJobInfo job = domain.getJobInfo();
                long total = job.getDataTotal();
                if (total > 0 && !done.get()) {
                    long percent = Math.min(99, job.getDataProcessed() * 100 / total);
                    progress.report((int) percent, describe.apply(job));
                }
            } catch (LibvirtException | RuntimeException e) {
                LOG.debug("migration progress: {}", e.getMessage());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Proves the source no longer has the domain; undefines a left-over inactive definition. */
    static void ensureGone(Connect source, String uuid, String name) throws LibvirtException {
        Domain left;
        try {
            left = source.domainLookupByUUIDString(uuid);
        } catch (LibvirtException e) {
            if (LibvirtErrors.isMissingDomain(e)) {
                return;
            }
            throw e;
        }
        if (left.isActive() == 1) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "domain " + name
                    + " still runs on the source after its migration; check both hosts before starting it anywhere");
        }
        LOG.info("domain {} stayed defined (inactive) on the source after its migration; undefining it there", name);
        left.undefine();
    }
}
