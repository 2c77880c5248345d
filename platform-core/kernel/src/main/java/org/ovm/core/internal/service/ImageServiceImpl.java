package org.ovm.core.internal.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.ImageRequest;
import org.ovm.core.ImageUpload;
import org.ovm.core.ImageService;
import org.ovm.core.ImageView;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.TaskView;
import org.ovm.core.internal.Ids;
import org.ovm.core.internal.ImageHeaders;
import org.ovm.core.internal.ops.StorageAccess;
import org.ovm.core.internal.task.Failures;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.core.internal.Json;
import org.ovm.core.internal.Lists;
import org.ovm.core.internal.Times;
import org.ovm.core.internal.Tx;
import org.ovm.core.internal.event.EventPublisher;
import org.ovm.core.internal.inventory.ImageEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.ops.StorageOperations;
import org.ovm.core.internal.task.TaskEngine;

/** The image center. */
public final class ImageServiceImpl implements ImageService {

    private static final Map<String, String> FILTERS = Map.of("name", "name", "kind", "kind", "poolId", "poolId");
    /** Largest upload accepted through the API. */
    static final long MAX_UPLOAD_BYTES = 64L << 30;
    private static final Set<String> BOOT_PROPERTIES = Set.of("kernel", "initrd", "cmdline");

    private final Tx tx;
    private final TaskEngine engine;
    private final StorageAccess storage;
    private final EventPublisher events;

    public ImageServiceImpl(Tx tx, TaskEngine engine, StorageAccess storage, EventPublisher events) {
        this.tx = tx;
        this.engine = engine;
        this.storage = storage;
        this.events = events;
    }

    @Override
    public Page<ImageView> list(Caller caller, Filters filters, PageRequest page) {
        return tx.call(em -> Lists.page(em, ImageEntity.class, FILTERS, filters, List.of(), "name", page,
                ImageServiceImpl::view));
    }

    @Override
    public ImageView get(Caller caller, String id) {
        ImageEntity image = tx.call(em -> em.find(ImageEntity.class, id));
        if (image == null) {
            throw OvmException.notFound("image", id);
        }
        return view(image);
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
        if ("template".equals(kind) && !Set.of("qcow2", "raw").contains(format)) {
            throw OvmException.invalid("format", "a template's format is qcow2 or raw (it is checked against the file)");
        }
        Ids.requireName("volume", request.volume());
        Map<String, String> properties = request.properties() == null ? Map.of() : request.properties();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (!BOOT_PROPERTIES.contains(property.getKey())) {
                throw OvmException.invalid("properties." + property.getKey(), "known image properties: "
                        + BOOT_PROPERTIES);
            }
            if (property.getValue() == null || property.getValue().length() > 1024
                    || !"cmdline".equals(property.getKey()) && !property.getValue().startsWith("/")) {
                throw OvmException.invalid("properties." + property.getKey(), property.getKey()
                        + " must be an absolute path on the host");
            }
        }
        TaskEntity task = tx.call(em -> {
            if (em.find(StoragePoolEntity.class, request.poolId() == null ? "" : request.poolId()) == null) {
                throw OvmException.invalid("poolId", "storage pool " + request.poolId() + " does not exist");
            }
            Ids.requireUnusedName(em, ImageEntity.class, "image", name);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("name", name);
            params.put("kind", kind);
            params.put("format", format);
            params.put("poolId", request.poolId());
            params.put("volume", request.volume());
            params.put("properties", Json.write(properties));
            return engine.create(em, StorageOperations.IMAGE_REGISTER, Ids.newId(), caller, null, params);
        });
        engine.start(task);
        return TaskServiceImpl.view(task, List.of());
    }

    @Override
    public ImageView upload(Caller caller, ImageUpload upload, long sizeBytes, java.io.InputStream data) {
        caller.requireAdmin();
        if (upload == null) {
            throw OvmException.invalid(null, "name, format and poolId are required");
        }
        String name = Ids.requireName("name", upload.name());
        String kind = upload.kind() == null ? ("iso".equals(upload.format()) ? "iso" : "template") : upload.kind();
        if (!Set.of("template", "iso").contains(kind)) {
            throw OvmException.invalid("kind", "kind is template or iso");
        }
        String format = upload.format() == null ? "qcow2" : upload.format();
        if ("iso".equals(kind) != "iso".equals(format)) {
            throw OvmException.invalid("format", "an iso has format iso; a template qcow2 or raw");
        }
        if (sizeBytes <= 0) {
            throw OvmException.invalid(null, "send the file as the request body with a Content-Length");
        }
        if (sizeBytes > MAX_UPLOAD_BYTES) {
            throw new OvmException(org.ovm.core.OvmError.PAYLOAD_TOO_LARGE, "images are limited to "
                    + (MAX_UPLOAD_BYTES >> 30) + " GiB; put larger ones into the pool and register them");
        }
        String poolId = upload.poolId() == null ? "" : upload.poolId();
        tx.run(em -> {
            StoragePoolEntity pool = em.find(StoragePoolEntity.class, poolId);
            if (pool == null) {
                throw OvmException.invalid("poolId", "storage pool " + upload.poolId() + " does not exist");
            }
            if (!"UP".equals(pool.getState())) {
                throw OvmException.conflict("poolId", "storage pool " + pool.getName() + " is " + pool.getState());
            }
            Ids.requireUnusedName(em, ImageEntity.class, "image", name);
        });
        java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(data, ImageHeaders.NEEDED * 2);
        try {
            buffered.mark(ImageHeaders.NEEDED + 1);
            byte[] header = buffered.readNBytes(ImageHeaders.NEEDED);
            buffered.reset();
            ImageHeaders.check(format, header);
        } catch (java.io.IOException e) {
            throw OvmException.invalid(null, "cannot read the upload: " + e.getMessage());
        }
        String volume = name + "." + ("iso".equals(format) ? "iso" : format);
        OperationContext ctx = new OperationContext("upload-" + Ids.newId(), java.time.Instant.now().plusSeconds(3600),
                caller.username(), engine.executor());
        StorageAccess.Target target = await(storage.target(poolId, false));
        VolumeInfo info = await(target.driver().uploadVolume(ctx, target.pool(), target.host(), volume, sizeBytes,
                buffered));
        try {
            if (info.backingPath() != null || !"iso".equals(format) && !format.equals(info.format())) {
                throw OvmException.invalid("file", "the stored file is " + info.format()
                        + (info.backingPath() == null ? "" : " with a backing file") + ", not a self-contained "
                        + format);
            }
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
            events.publish("image/registered", image.getId(), caller.username(), null, "image " + name
                    + " uploaded (" + format + ", " + info.sizeBytes() + " bytes)");
            storage.refreshCapacity(poolId, ctx);
            return view(image);
        } catch (RuntimeException e) {
            await(target.driver().deleteVolume(ctx, target.pool(), target.host(), volume));
            throw e;
        }
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new OvmException(Failures.code(e), Failures.message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvmException(org.ovm.core.OvmError.INTERNAL, "interrupted");
        }
    }

    @Override
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        tx.run(em -> {
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
        });
    }

    static ImageView view(ImageEntity i) {
        return new ImageView(i.getId(), i.getName(), i.getKind(), i.getFormat(), i.getPoolId(), i.getPath(),
                i.getSizeBytes(), Json.read(i.getProperties()), Times.iso(i.getCreatedAt()));
    }
}
