package org.ovm.core.image.internal;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.image.ImagePullRequest;
import org.ovm.core.image.ImageRequest;
import org.ovm.core.image.ImageService;
import org.ovm.core.image.ImageUpload;
import org.ovm.core.image.ImageView;
import org.ovm.core.internal.inventory.ImageEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Checks;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Sizes;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.storage.internal.PoolHosts;
import org.ovm.core.storage.internal.StorageAccess;
import org.ovm.core.storage.internal.StorageOperations;
import org.ovm.core.storage.internal.StorageParams;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.storage.VolumeInfo;

/** The image center. */
public final class ImageServiceImpl implements ImageService {

    private static final Map<String, String> FILTERS = Map.of("name", "name", "kind", "kind", "poolId", "poolId");
    /** Largest upload accepted through the API. */
    static final long MAX_UPLOAD_BYTES = 64L << 30;
    private static final Set<String> BOOT_PROPERTIES = Set.of("kernel", "initrd", "cmdline");
    /** The guest OS id the template's instances get unless a create names one (a vSphere guest id). */
    private static final String GUEST_ID = "guestId";

    private final Tx tx;
    private final TaskEngine engine;
    private final StorageAccess storage;
    private final EventPublisher events;
    private final ContainerImages containerImages;
    private final ContainerImageActions containerActions;

    public ImageServiceImpl(Tx tx, TaskEngine engine, StorageAccess storage, EventPublisher events,
            ContainerImages containerImages, ContainerImageActions containerActions) {
        this.containerImages = containerImages;
        this.containerActions = containerActions;
        this.tx = tx;
        this.engine = engine;
        this.storage = storage;
        this.events = events;
    }

    @Override
    public Page<ImageView> list(Caller caller, Filters filters, PageRequest page) {
        String kind = filters.get("kind");
        String hostId = filters.get("hostId");
        if (hostId != null && kind != null && !ContainerImages.KIND.equals(kind)) {
            throw OvmException.invalid("hostId", "hostId filters container images only");
        }
        if (ContainerImages.KIND.equals(kind) || hostId != null) {
            if (filters.get("poolId") != null) {
                throw OvmException.invalid("poolId", "container images are in no pool");
            }
            return slice(searchAndSort(containerImages.views(filters.get("name"), hostId), filters, page), page);
        }
        if (kind != null || filters.get("poolId") != null) {
            return tx.call(em -> Lists.page(em, ImageEntity.class, FILTERS, filters, List.of(), "name", page,
                    ImageServiceImpl::view));
        }
        // templates, ISOs and container images: few enough to merge in memory
        List<ImageView> all = new ArrayList<>(tx.call(em -> Lists.page(em, ImageEntity.class, FILTERS, filters,
                List.of(), "name", new PageRequest(PageRequest.MAX_LIMIT, 0, page.sort()),
                ImageServiceImpl::view)).items());
        all.addAll(containerImages.views(filters.get("name"), null));
        return slice(searchAndSort(all, filters, page), page);
    }

    /** Searched by name and sorted by name or createdAt, as the templates' query is. */
    private static List<ImageView> searchAndSort(List<ImageView> images, Filters filters, PageRequest page) {
        return Lists.searchAndSort(images, filters.query(), ImageView::name, Map.of("name",
                Comparator.comparing(ImageView::name), "createdAt", Comparator.comparing(ImageView::createdAt,
                        Comparator.nullsFirst(Comparator.naturalOrder()))), Comparator.comparing(ImageView::name),
                page.sort());
    }

    private static Page<ImageView> slice(List<ImageView> all, PageRequest page) {
        int from = Math.min(page.offset(), all.size());
        return new Page<>(all.subList(from, Math.min(all.size(), from + page.limit())), all.size());
    }

    @Override
    public ImageView get(Caller caller, String id) {
        ImageEntity image = tx.call(em -> em.find(ImageEntity.class, id));
        if (image == null) {
            return containerImages.find(id).orElseThrow(() -> OvmException.notFound("image", id));
        }
        return view(image);
    }

    @Override
    public TaskView pull(Caller caller, ImagePullRequest request) {
        return containerActions.pull(caller, request);
    }

    @Override
    public ImageView importImage(Caller caller, String hostId, String reference, InputStream data) {
        return containerActions.importImage(caller, hostId, reference, data);
    }

    @Override
    public void delete(Caller caller, String id, String hostId) {
        caller.requireAdmin();
        var container = containerImages.find(id);
        if (container.isPresent()) {
            containerActions.remove(caller, container.get(), hostId);
            return;
        }
        if (hostId != null) {
            throw OvmException.invalid("hostId", "hostId is for container images; image " + id + " is not one");
        }
        delete(caller, id);
    }

    @Override
    public TaskView register(Caller caller, ImageRequest request) {
        caller.requireAdmin();
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name, kind, format, poolId and volume is required");
        }
        String name = Ids.requireName("name", request.name());
        String kind = request.kind() == null ? "template" : request.kind();
        if (!Set.of("template", "iso").contains(kind)) {
            throw OvmException.invalid("kind", "kind is template or iso");
        }
        String format = request.format() == null ? ("iso".equals(kind) ? "iso" : null) : request.format();
        Ids.requireName("volume", request.volume());
        Map<String, String> properties = request.properties() == null ? Map.of() : request.properties();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (GUEST_ID.equals(property.getKey())) {
                if (property.getValue() == null || !property.getValue().matches("[A-Za-z0-9_]{1,64}")) {
                    throw OvmException.invalid("properties.guestId", "guestId is a guest operating system id such as "
                            + "ubuntu64Guest (letters, digits and '_', at most 64)");
                }
                continue;
            }
            if (!BOOT_PROPERTIES.contains(property.getKey())) {
                throw OvmException.invalid("properties." + property.getKey(), "known image properties: "
                        + BOOT_PROPERTIES + " and " + GUEST_ID);
            }
            if (property.getValue() == null || property.getValue().length() > 1024
                    || !"cmdline".equals(property.getKey()) && !property.getValue().startsWith("/")) {
                throw OvmException.invalid("properties." + property.getKey(), property.getKey()
                        + " must be an absolute path on the host");
            }
            Checks.requireText("properties." + property.getKey(), property.getValue(), 1024);
        }
        TaskEntity task = tx.call(em -> {
            StoragePoolEntity pool = em.find(StoragePoolEntity.class, request.poolId() == null ? "" : request.poolId());
            if (pool == null) {
                throw OvmException.invalid("poolId", "storage pool " + request.poolId() + " does not exist");
            }
            PoolHosts.requireUsable(em, pool, "poolId");
            String checked = format;
            if ("template".equals(kind)) {
                List<String> formats = storage.driver(pool).volumeFormats();
                checked = format == null && !formats.isEmpty() ? formats.get(0) : format;
                requireTemplateFormat(checked, formats, "it is checked against the file");
            }
            Ids.requireUnusedName(em, ImageEntity.class, "image", name);
            return engine.create(em, StorageOperations.IMAGE_REGISTER, Ids.newId(), caller, null,
                    new StorageParams.ImageRegister(name, kind, checked, request.poolId(), request.volume(),
                            Json.write(properties)));
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public ImageView upload(Caller caller, ImageUpload upload, long sizeBytes, InputStream data) {
        caller.requireAdmin();
        if (upload == null) {
            throw OvmException.invalid(null, "name, format and poolId are required");
        }
        String name = Ids.requireName("name", upload.name());
        String kind = upload.kind() == null ? ("iso".equals(upload.format()) ? "iso" : "template") : upload.kind();
        if (!Set.of("template", "iso").contains(kind)) {
            throw OvmException.invalid("kind", "kind is template or iso");
        }
        if (upload.format() != null && "iso".equals(kind) != "iso".equals(upload.format())) {
            throw OvmException.invalid("format", "an iso has format iso; a template the format of its file");
        }
        if (sizeBytes <= 0) {
            throw OvmException.invalid(null, "send the file as the request body with a Content-Length");
        }
        if (sizeBytes > MAX_UPLOAD_BYTES) {
            throw new OvmException(OvmError.PAYLOAD_TOO_LARGE, "images are limited to "
                    + (MAX_UPLOAD_BYTES >> 30) + " GiB; put larger ones into the pool and register them");
        }
        String poolId = upload.poolId() == null ? "" : upload.poolId();
        List<String> formats = tx.call(em -> {
            StoragePoolEntity pool = em.find(StoragePoolEntity.class, poolId);
            if (pool == null) {
                throw OvmException.invalid("poolId", "storage pool " + upload.poolId() + " does not exist");
            }
            PoolHosts.requireUsable(em, pool, "poolId");
            Ids.requireUnusedName(em, ImageEntity.class, "image", name);
            return storage.driver(pool).volumeFormats();
        });
        // the pool's driver checks the file's header against the format before it stores a byte
        String format = upload.format() != null ? upload.format() : "iso".equals(kind) ? "iso"
                : formats.isEmpty() ? "raw" : formats.get(0);
        if ("template".equals(kind)) {
            requireTemplateFormat(format, formats, "the pool's driver checks it against the file's header");
        }
        String volume = name + "." + ("iso".equals(format) ? "iso" : format);
        OperationContext ctx = new OperationContext("upload-" + Ids.newId(), Instant.now().plusSeconds(3600),
                caller.username(), engine.executor());
        StorageAccess.Target target = await(storage.target(poolId, false));
        VolumeInfo info = awaitUpload(target.driver().uploadVolume(ctx, target.pool(), target.host(), volume, format,
                sizeBytes, data));
        try {
            if (info.backingPath() != null || !"iso".equals(format) && !format.equals(info.format())) {
                throw OvmException.invalid("file", "the stored file is " + info.format()
                        + (info.backingPath() == null ? "" : " with a backing file") + ", not a self-contained "
                        + format);
            }
            Sizes.requireImageSize("file", info.sizeBytes());
            ImageEntity image = tx.call(em -> {
                ImageEntity entity = new ImageEntity();
                entity.setId(Ids.newId());
                entity.setName(name);
                entity.setKind(kind);
                entity.setFormat(format);
                entity.setPoolId(poolId);
                entity.setSourceVolume(volume);
                entity.setPath(info.path());
                entity.setSizeBytes(info.sizeBytes());
                entity.setProperties(Json.write(Map.of()));
                entity.setCreatedAt(Times.now());
                em.persist(entity);
                return entity;
            });
            events.publish(caller, "image/registered", image.getId(), null, "image " + name
                    + " uploaded (" + format + ", " + info.sizeBytes() + " bytes)");
            storage.refreshCapacity(poolId, ctx);
            return view(image);
        } catch (RuntimeException e) {
            await(target.driver().deleteVolume(ctx, target.pool(), target.host(), volume));
            throw e;
        }
    }

    /** A template's format must be one its pool's driver handles. */
    private static void requireTemplateFormat(String format, List<String> formats, String why) {
        if (format == null || !formats.contains(format)) {
            throw OvmException.invalid("format", "a template's format in this pool is one of " + formats + " (" + why
                    + ")");
        }
    }

    /** Like {@link #await}, but a refused file is the upload's fault: 400 naming the file. */
    private static <T> T awaitUpload(CompletionStage<T> stage) {
        try {
            return await(stage);
        } catch (OvmException e) {
            if (e.error() == OvmError.INVALID_INPUT && e.field() == null) {
                throw OvmException.invalid("file", e.getMessage());
            }
            throw e;
        }
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new OvmException(Failures.code(e), Failures.message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvmException(OvmError.INTERNAL, "interrupted");
        }
    }

    @Override
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        ImageEntity deleted = tx.call(em -> {
            ImageEntity image = em.find(ImageEntity.class, id);
            if (image == null) {
                throw OvmException.notFound("image", id);
            }
            long clones = em.createQuery("SELECT COUNT(v) FROM VolumeEntity v WHERE v.backingImageId = ?1",
                    Long.class).setParameter(1, id).getSingleResult();
            if (clones > 0) {
                throw OvmException.conflict(null, "image " + image.getName() + " backs " + clones
                        + " volume(s); delete them first");
            }
            em.remove(image);
            return image;
        });
        events.publish(caller, "image/deleted", id, null, "image " + deleted.getName() + " deleted from the inventory"
                + (deleted.getPath() == null ? "" : "; its file " + deleted.getPath() + " stays in the pool"));
    }

    static ImageView view(ImageEntity i) {
        return new ImageView(i.getId(), i.getName(), i.getKind(), i.getFormat(), i.getPoolId(), i.getPath(),
                i.getSizeBytes(), Json.read(i.getProperties()), Times.iso(i.getCreatedAt()));
    }
}
