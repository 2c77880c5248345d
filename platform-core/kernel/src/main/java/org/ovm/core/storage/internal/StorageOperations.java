package org.ovm.core.storage.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.ImageEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Sizes;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperations;
import org.ovm.core.task.internal.StepContext;

/** Pool and image tasks: attach and detach a pool on its hosts, inspect and register a template. */
public final class StorageOperations {

    public static final String POOL_ATTACH = "pool.attach";
    public static final String POOL_DETACH = "pool.detach";
    public static final String POOL_HOST_ATTACH = "pool.host-attach";
    public static final String POOL_HOST_DETACH = "pool.host-detach";
    public static final String IMAGE_REGISTER = "image.register";

    private final Tx tx;
    private final StorageAccess access;
    private final EventPublisher events;
    private final PoolAttachments attachments;

    public StorageOperations(Tx tx, StorageAccess access, EventPublisher events) {
        this.tx = tx;
        this.access = access;
        this.events = events;
        this.attachments = new PoolAttachments(tx, access, events);
    }

    public List<Operation> all() {
        return List.of(
                SimpleOperations.single(POOL_ATTACH, "attach", Operation.Recovery.RESUME, attachments::attachAll),
                SimpleOperations.single(POOL_HOST_ATTACH, "attach", Operation.Recovery.RESUME,
                        attachments::attachOne),
                SimpleOperations.single(POOL_HOST_DETACH, "detach", Operation.Recovery.RESUME,
                        attachments::detachOne),
                SimpleOperations.single(POOL_DETACH, "detach", Operation.Recovery.RESUME, ctx -> attachments
                        .detachAll(ctx)
                        .thenApply(v -> {
                            tx.run(em -> {
                                StoragePoolEntity pool = em.find(StoragePoolEntity.class, ctx.resourceId());
                                if (pool != null) {
                                    em.remove(pool);
                                }
                            });
                            events.record("pool/removed", ctx.resourceId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null, "storage pool removed");
                            return Map.of();
                        })),
                SimpleOperations.single(IMAGE_REGISTER, "inspect", Operation.Recovery.RESUME, this::register));
    }

    /** Longest state reason stored (the column's width). */
    static final int MAX_REASON = 1024;

    /**
     * Why an attach failed on a host, in at most {@link #MAX_REASON} characters (never empty, so a
     * host's row in {@code ERROR}, and a pool in {@code ERROR}, always say why).
     */
    static String reason(Throwable error) {
        String message = Failures.message(error);
        String reason = "attaching the pool failed: " + (message == null || message.isBlank() ? "no reason given (see "
                + "the task and the engine's log)" : message);
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...";
    }

    private CompletionStage<Map<String, String>> register(StepContext ctx) {
        StorageParams.ImageRegister params = ctx.params(StorageParams.ImageRegister.class);
        String poolId = params.poolId();
        String volume = params.volume();
        return access.target(poolId, ctx.recovering())
                .thenCompose(t -> t.driver().inspectVolume(ctx.operation(), t.pool(), t.host(), volume))
                .thenApply(info -> {
                    String declared = params.format();
                    boolean iso = "iso".equals(params.kind());
                    String detected = info.format() == null ? "unknown" : info.format();
                    if (!iso && !declared.equals(detected)) {
                        throw new OvmException(OvmError.INVALID_INPUT, "format", volume + " is " + detected
                                + ", not " + declared + " as declared");
                    }
                    if (info.backingPath() != null) {
                        throw new OvmException(OvmError.INVALID_INPUT, "volume", volume + " names a backing file ("
                                + info.backingPath() + "); templates must be self-contained");
                    }
                    Sizes.requireImageSize("volume", info.sizeBytes());
                    ImageEntity image = tx.call(em -> {
                        ImageEntity registered = em.find(ImageEntity.class, ctx.resourceId());
                        if (registered != null) {
                            return registered; // resumed after a crash that followed the insert
                        }
                        Ids.requireUnusedName(em, ImageEntity.class, "image", params.name());
                        ImageEntity entity = new ImageEntity();
                        entity.setId(ctx.resourceId());
                        entity.setName(params.name());
                        entity.setKind(iso ? "iso" : "template");
                        entity.setFormat(iso ? "iso" : declared);
                        entity.setPoolId(poolId);
                        entity.setSourceVolume(volume);
                        entity.setPath(info.path());
                        entity.setSizeBytes(info.sizeBytes());
                        entity.setProperties(params.properties() == null ? Json.write(Map.of())
                                : params.properties());
                        entity.setCreatedAt(Times.now());
                        em.persist(entity);
                        return entity;
                    });
                    events.record("image/registered", image.getId(), ctx.caller(), ctx.source(), Outcome.SUCCEEDED, null, "image " + image.getName()
                            + " registered (" + image.getFormat() + ", " + image.getSizeBytes() + " bytes)");
                    return Map.of("path", info.path());
                });
    }
}
