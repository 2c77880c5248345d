package org.ovm.core.image.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.ovm.core.OvmException;
import org.ovm.core.host.HostState;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.image.ImageView;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.HostImageEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.ImageInfo;
import org.ovm.spi.hypervisor.ImageSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container images of the image center: what each container host keeps, as its driver last
 * listed it (periodically, and right after a pull, an import or a removal). One image (one
 * content digest) on several hosts is one entry with their ids.
 */
public final class ContainerImages {

    public static final String KIND = "container";
    private static final Logger LOG = LoggerFactory.getLogger(ContainerImages.class);
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(60);

    private final Tx tx;
    private final HostAccess access;
    private final DriverRegistry<HypervisorDriver> drivers;
    private final Executor executor;
    private final Set<String> syncing = ConcurrentHashMap.newKeySet();

    public ContainerImages(Tx tx, HostAccess access, DriverRegistry<HypervisorDriver> drivers, Executor executor) {
        this.tx = tx;
        this.access = access;
        this.drivers = drivers;
        this.executor = executor;
    }

    /** Lists every UP container host's images every {@code period}, the first time soon after the start. */
    /** Numbers each listing as it starts; per host, the number of the last listing stored. */
    private final AtomicLong epochs = new AtomicLong();
    private final Map<String, Long> storedEpochs = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public void start(ScheduledExecutorService scheduler, Duration period) {
        scheduler.scheduleWithFixedDelay(this::syncAll, Math.min(2000, period.toMillis()), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void syncAll() {
        try {
            for (HostEntity host : tx.call(em -> em.createQuery("SELECT h FROM HostEntity h WHERE h.state = ?1",
                    HostEntity.class).setParameter(1, HostState.UP.name()).getResultList())) {
                if (drivers.find(host.getType()).orElse(null) instanceof ImageSupport && syncing.add(host.getId())) {
                    sync(host.getId()).whenComplete((v, e) -> syncing.remove(host.getId()));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Image sync round failed", e);
        }
    }

    /** Lists one host's images and stores them; never fails (a failed listing keeps the last one). */
    public CompletionStage<Void> sync(String hostId) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        if (host == null || !(drivers.find(host.getType()).orElse(null) instanceof ImageSupport images)) {
            return CompletableFuture.completedFuture(null);
        }
        OperationContext ctx = new OperationContext("image-sync-" + UUID.randomUUID(),
                Instant.now().plus(LIST_TIMEOUT), "system", executor);
        long epoch = epochs.incrementAndGet();
        return images.listImages(ctx, access.endpoint(host)).toCompletableFuture()
                .orTimeout(LIST_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .thenAccept(list -> store(hostId, list, epoch))
                .exceptionally(e -> {
                    LOG.debug("Image sync of host {} failed: {}", hostId, e.getMessage());
                    return null;
                });
    }

    /**
     * Stores a host's listing unless a listing that started later was stored already: a periodic
     * sync that listed before an image was removed (or pulled) and finishes after the removal's
     * own sync must not bring the old list back.
     */
    private void store(String hostId, List<ImageInfo> images, long epoch) {
        synchronized (locks.computeIfAbsent(hostId, k -> new Object())) {
            if (epoch < storedEpochs.getOrDefault(hostId, 0L)) {
                return;
            }
            write(hostId, images);
            storedEpochs.put(hostId, epoch);
        }
    }

    private void write(String hostId, List<ImageInfo> images) {
        long now = Times.now();
        tx.run(em -> {
            if (em.find(HostEntity.class, hostId) == null) {
                return;
            }
            Map<String, HostImageEntity> known = new HashMap<>();
            em.createQuery("SELECT i FROM HostImageEntity i WHERE i.hostId = ?1", HostImageEntity.class)
                    .setParameter(1, hostId).getResultList().forEach(i -> known.put(i.getImageRef(), i));
            for (ImageInfo image : images) {
                HostImageEntity row = known.remove(image.id());
                if (row == null) {
                    row = new HostImageEntity();
                    row.setId(Ids.newId());
                    row.setHostId(hostId);
                    row.setImageRef(image.id());
                    em.persist(row);
                }
                row.setTags(String.join(",", image.references()));
                row.setSizeBytes(image.sizeBytes());
                row.setCreated(image.created());
                row.setSeenAt(now);
            }
            known.values().forEach(em::remove);
        });
    }

    /** Container images, grouped by content digest, filtered by a reference ({@code name}) and a host. */
    public List<ImageView> views(String name, String hostId) {
        List<HostImageEntity> rows = tx.call(em -> em.createQuery("SELECT i FROM HostImageEntity i ORDER BY i.imageRef",
                HostImageEntity.class).getResultList());
        Map<String, List<HostImageEntity>> byImage = new LinkedHashMap<>();
        rows.forEach(r -> byImage.computeIfAbsent(r.getImageRef(), k -> new ArrayList<>()).add(r));
        List<ImageView> out = new ArrayList<>();
        for (List<HostImageEntity> copies : byImage.values()) {
            ImageView view = view(copies);
            if ((name == null || view.name().equals(name) || view.references().contains(name))
                    && (hostId == null || view.hostIds().contains(hostId))) {
                out.add(view);
            }
        }
        out.sort(Comparator.comparing(ImageView::name));
        return out;
    }

    /** One container image by its id. */
    public Optional<ImageView> find(String id) {
        List<HostImageEntity> copies = tx.call(em -> em.createQuery(
                "SELECT i FROM HostImageEntity i WHERE i.imageRef = ?1", HostImageEntity.class)
                .setParameter(1, id).getResultList());
        return copies.isEmpty() ? Optional.empty() : Optional.of(view(copies));
    }

    /** The host, checked: it exists, is UP and keeps images. */
    public HostEntity imageHost(String hostId, String field) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        if (host == null) {
            throw OvmException.invalid(field, "host " + hostId + " does not exist");
        }
        if (!(drivers.find(host.getType()).orElse(null) instanceof ImageSupport)) {
            throw OvmException.invalid(field, "host " + host.getName() + " (" + host.getType()
                    + ") keeps no container images");
        }
        if (host.getState() != HostState.UP) {
            throw OvmException.conflict(field, "host " + host.getName() + " is " + host.getState()
                    + "; images can be changed on UP hosts only");
        }
        return host;
    }

    private static ImageView view(List<HostImageEntity> copies) {
        HostImageEntity first = copies.get(0);
        Set<String> references = new LinkedHashSet<>();
        copies.forEach(c -> {
            if (c.getTags() != null && !c.getTags().isEmpty()) {
                references.addAll(List.of(c.getTags().split(",")));
            }
        });
        List<String> refs = references.stream().sorted().toList();
        String id = first.getImageRef();
        String name = refs.isEmpty() ? shortId(id) : refs.get(0);
        return new ImageView(id, name, KIND, "oci", null, null, first.getSizeBytes(), Map.of(), first.getCreated(),
                refs, copies.stream().map(HostImageEntity::getHostId).sorted().toList());
    }

    private static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
