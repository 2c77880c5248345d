package org.ovm.core.auth.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.Role;
import org.ovm.core.auth.UserUpdate;
import org.ovm.core.auth.UserView;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.UserEntity;
import org.ovm.core.internal.inventory.VdcEntity;
import org.ovm.core.internal.support.Tx;

/**
 * Changes and deletes of user accounts, with the rules that keep the engine administrable: nobody
 * deletes their own account or changes their own role, the last admin is never deleted or demoted,
 * and a user leaves a VDC only when they own nothing there.
 */
final class UserAccounts {

    static final String OWN_ACCOUNT = "you cannot delete your own account; another administrator can";
    static final String OWN_ROLE = "you cannot change your own role; another administrator can";

    private final Tx tx;
    private final EventPublisher events;
    /** Told the name of a user whose role or VDC changed: cached logins of it are dropped. */
    private final Consumer<String> changed;
    /** Run after a user is deleted: every cached login is dropped. */
    private final Runnable deleted;

    UserAccounts(Tx tx, EventPublisher events, Consumer<String> changed, Runnable deleted) {
        this.tx = tx;
        this.events = events;
        this.changed = changed;
        this.deleted = deleted;
    }

    UserView update(Caller caller, String id, UserUpdate update) {
        caller.requireAdmin();
        if (update == null) {
            throw OvmException.invalid(null, "a JSON body with role or vdcId is required");
        }
        Role asked = update.role() == null ? null : Role.fromId(update.role());
        List<String> changes = new ArrayList<>();
        String[] vdcs = new String[2];
        UserView updated = tx.call(em -> {
            UserEntity user = em.find(UserEntity.class, id);
            if (user == null) {
                throw OvmException.notFound("user", id);
            }
            Role before = Role.fromId(user.getRole());
            Role role = asked == null ? before : asked;
            String vdcId = update.vdcId() == null ? user.getVdcId() : update.vdcId().isEmpty() ? null : update.vdcId();
            if (role == Role.ADMIN) {
                vdcId = null; // an admin belongs to no VDC, as on create
            } else if (vdcId == null) {
                throw OvmException.invalid("vdcId", "a " + role.id() + " must belong to a VDC: set vdcId");
            }
            if (role != before) {
                if (user.getUsername().equals(caller.username())) {
                    throw OvmException.conflict("role", OWN_ROLE);
                }
                if (before == Role.ADMIN) {
                    requireAnotherAdmin(em, user, "demoted", "role");
                }
                changes.add("role " + before.id() + " -> " + role.id());
            }
            if (vdcId != null && !vdcId.equals(user.getVdcId()) && em.find(VdcEntity.class, vdcId) == null) {
                throw OvmException.invalid("vdcId", "VDC " + vdcId + " does not exist");
            }
            if (!Objects.equals(vdcId, user.getVdcId())) {
                if (user.getVdcId() != null) {
                    requireOwnsNothing(em, user);
                }
                changes.add("VDC " + vdcName(em, user.getVdcId()) + " -> " + vdcName(em, vdcId));
            }
            vdcs[0] = user.getVdcId();
            vdcs[1] = vdcId;
            user.setRole(role.id());
            user.setVdcId(vdcId);
            return AuthServiceImpl.view(user);
        });
        if (!changes.isEmpty()) {
            changed.accept(updated.username());
            events.publish(caller, "user/updated", id, vdcs[1] != null ? vdcs[1] : vdcs[0], "user "
                    + updated.username() + " updated by " + caller.username() + ": " + String.join(", ", changes));
        }
        return updated;
    }

    void delete(Caller caller, String id) {
        caller.requireUserManager();
        UserEntity removed = tx.call(em -> {
            UserEntity user = em.find(UserEntity.class, id);
            if (user == null || !caller.isAdmin() && !caller.vdcId().equals(user.getVdcId())) {
                throw OvmException.notFound("user", id);
            }
            if (Role.ADMIN.id().equals(user.getRole())) {
                requireAnotherAdmin(em, user, "deleted", null);
            }
            if (user.getUsername().equals(caller.username())) {
                throw OvmException.conflict(null, OWN_ACCOUNT);
            }
            em.createQuery("DELETE FROM ApiTokenEntity t WHERE t.userId = ?1").setParameter(1, id).executeUpdate();
            em.remove(user);
            return user;
        });
        deleted.run();
        // the console proxy closes the deleted user's consoles and terminals on this event
        events.publish(caller, "user/deleted", id, removed.getVdcId(), "user "
                + removed.getUsername() + " deleted by " + caller.username());
    }

    /** 409 when {@code admin} is the only admin (counted under a lock on the admins' rows). */
    private static void requireAnotherAdmin(EntityManager em, UserEntity admin, String what, String field) {
        // lock the admins' rows: two admins demoting each other at once must not leave none
        em.createNativeQuery("UPDATE USERS SET ROLE = ROLE WHERE ROLE = ?").setParameter(1, Role.ADMIN.id())
                .executeUpdate();
        long admins = em.createQuery("SELECT COUNT(u) FROM UserEntity u WHERE u.role = ?1", Long.class)
                .setParameter(1, Role.ADMIN.id()).getSingleResult();
        if (admins <= 1) {
            throw OvmException.conflict(field, admin.getUsername() + " is the last administrator and cannot be "
                    + what + ": make another user an administrator first");
        }
    }

    /**
     * 409 when the user owns instances or volumes in their VDC: what they created (their tasks'
     * resources) and that still exists there.
     */
    private static void requireOwnsNothing(EntityManager em, UserEntity user) {
        List<String> owned = new ArrayList<>();
        for (String entity : List.of("InstanceEntity", "VolumeEntity")) {
            owned.addAll(em.createQuery("SELECT r.name FROM " + entity + " r WHERE r.vdcId = ?1 AND r.id IN "
                    + "(SELECT t.resourceId FROM TaskEntity t WHERE t.callerId = ?2) ORDER BY r.name", String.class)
                    .setParameter(1, user.getVdcId()).setParameter(2, user.getId()).setMaxResults(6)
                    .getResultList());
        }
        if (!owned.isEmpty()) {
            throw OvmException.conflict("vdcId", "user " + user.getUsername() + " owns instances or volumes in VDC "
                    + vdcName(em, user.getVdcId()) + " (" + String.join(", ", owned.subList(0, Math.min(5,
                            owned.size()))) + (owned.size() > 5 ? ", ..." : "") + "): delete them, or have "
                    + "them deleted, before the user leaves the VDC");
        }
    }

    private static String vdcName(EntityManager em, String vdcId) {
        VdcEntity vdc = vdcId == null ? null : em.find(VdcEntity.class, vdcId);
        return vdc == null ? "(none)" : vdc.getName();
    }
}
