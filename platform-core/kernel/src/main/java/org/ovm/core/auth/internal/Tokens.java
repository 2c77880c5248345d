package org.ovm.core.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.persistence.EntityManager;

import org.ovm.core.internal.inventory.ApiTokenEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Times;

/**
 * Bearer tokens: 32 random bytes, kept as their SHA-256 only. A token renewed with a token keeps
 * the presented one's expiry (a stolen token cannot prolong itself); each user keeps at most
 * {@value #MAX_PER_USER} (the oldest go first); expired ones are deleted whenever one is issued.
 */
final class Tokens {

    static final Duration TTL = Duration.ofHours(12);
    static final int MAX_PER_USER = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** The new token's text; its row is persisted with the given expiry. */
    static String issue(EntityManager em, String userId, long expiresAt) {
        long now = Times.now();
        em.createQuery("DELETE FROM ApiTokenEntity t WHERE t.expiresAt < ?1").setParameter(1, now).executeUpdate();
        List<ApiTokenEntity> kept = em.createQuery("SELECT t FROM ApiTokenEntity t WHERE t.userId = ?1 "
                + "ORDER BY t.createdAt", ApiTokenEntity.class).setParameter(1, userId).getResultList();
        for (int i = 0; i <= kept.size() - MAX_PER_USER; i++) {
            em.remove(kept.get(i));
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        ApiTokenEntity entity = new ApiTokenEntity();
        entity.setId(Ids.newId());
        entity.setTokenHash(sha256(token));
        entity.setUserId(userId);
        entity.setExpiresAt(expiresAt);
        entity.setCreatedAt(now);
        em.persist(entity);
        return token;
    }

    /** The row of a token that is still valid, or null. */
    static ApiTokenEntity find(EntityManager em, String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        List<ApiTokenEntity> found = em.createQuery("SELECT t FROM ApiTokenEntity t WHERE t.tokenHash = ?1",
                ApiTokenEntity.class).setParameter(1, sha256(token)).getResultList();
        return found.isEmpty() || found.get(0).getExpiresAt() < Times.now() ? null : found.get(0);
    }

    /** Deletes one token; true if it existed. */
    static boolean revoke(EntityManager em, String token) {
        return token != null && em.createQuery("DELETE FROM ApiTokenEntity t WHERE t.tokenHash = ?1")
                .setParameter(1, sha256(token)).executeUpdate() > 0;
    }

    /** Deletes a user's tokens but the one kept (null: all); how many went. */
    static int revokeAll(EntityManager em, String userId, String keep) {
        if (keep == null) {
            return em.createQuery("DELETE FROM ApiTokenEntity t WHERE t.userId = ?1").setParameter(1, userId)
                    .executeUpdate();
        }
        return em.createQuery("DELETE FROM ApiTokenEntity t WHERE t.userId = ?1 AND t.tokenHash <> ?2")
                .setParameter(1, userId).setParameter(2, sha256(keep)).executeUpdate();
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
