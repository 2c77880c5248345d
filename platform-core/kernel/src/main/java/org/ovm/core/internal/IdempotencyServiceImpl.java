package org.ovm.core.internal;

import java.time.Duration;
import java.util.Optional;

import org.ovm.core.Caller;
import org.ovm.core.IdempotencyService;
import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.IdempotencyEntity;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;

/** Stores create answers per (user, Idempotency-Key) for 24 hours. */
public final class IdempotencyServiceImpl implements IdempotencyService {

    static final Duration KEEP = Duration.ofHours(24);

    private final Tx tx;

    public IdempotencyServiceImpl(Tx tx) {
        this.tx = tx;
    }

    @Override
    public Optional<StoredResponse> find(Caller caller, String key, String request) {
        validate(key);
        return tx.call(em -> {
            IdempotencyEntity entity = em.find(IdempotencyEntity.class, id(caller, key));
            if (entity == null) {
                return Optional.empty();
            }
            if (entity.getCreatedAt() < Times.now() - KEEP.toMillis()) {
                em.remove(entity);
                return Optional.empty();
            }
            if (!entity.getRequest().equals(request)) {
                throw OvmException.conflict("Idempotency-Key", "this Idempotency-Key was already used for "
                        + entity.getRequest());
            }
            return Optional.of(new StoredResponse(entity.getStatus(), entity.getLocation(), entity.getBody()));
        });
    }

    @Override
    public void store(Caller caller, String key, String request, StoredResponse response) {
        tx.run(em -> {
            em.createQuery("DELETE FROM IdempotencyEntity e WHERE e.createdAt < ?1")
                    .setParameter(1, Times.now() - KEEP.toMillis()).executeUpdate();
            IdempotencyEntity entity = new IdempotencyEntity();
            entity.setId(id(caller, key));
            entity.setRequest(request);
            entity.setStatus(response.status());
            entity.setLocation(response.location());
            entity.setBody(response.body());
            entity.setCreatedAt(Times.now());
            em.persist(entity);
        });
    }

    static String id(Caller caller, String key) {
        // by user id: a deleted user's name can be taken again, and must not replay the old user's answers
        return (caller.userId() != null ? caller.userId() : caller.username()) + ":" + key;
    }

    private static void validate(String key) {
        if (key.isBlank() || key.length() > 128) {
            throw OvmException.invalid("Idempotency-Key", "Idempotency-Key must have 1 to 128 characters");
        }
    }
}
