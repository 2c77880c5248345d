package org.ovm.core.auth.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.Role;
import org.ovm.core.auth.AuthService;
import org.ovm.core.auth.TokenView;
import org.ovm.core.auth.UserRequest;
import org.ovm.core.auth.UserUpdate;
import org.ovm.core.auth.UserView;
import org.ovm.core.event.Outcome;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.KernelConfig.LoginLimits;
import org.ovm.core.internal.inventory.ApiTokenEntity;
import org.ovm.core.internal.inventory.UserEntity;
import org.ovm.core.internal.inventory.VdcEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;

/**
 * Users, PBKDF2 password checks and bearer tokens. Successful password checks are remembered
 * for a minute (keyed by a hash of the credentials) so HTTP Basic clients do not pay the KDF on
 * every request.
 */
public final class AuthServiceImpl implements AuthService {

    private static final Duration CACHE_TTL = Duration.ofSeconds(60);

    /** Verified for unknown users, so that an unknown name costs what a wrong password costs. */
    private static final String DUMMY_HASH = PasswordHasher.hash("not a password of anyone");

    private final Tx tx;
    private final EventPublisher events;
    private final LoginGuard guard;
    private final int passwordMinLength;
    private final Map<String, CachedLogin> verified = new ConcurrentHashMap<>();
    private final UserAccounts accounts;

    private record CachedLogin(Caller caller, long expiresAt) {
    }

    public AuthServiceImpl(Tx tx, EventPublisher events) {
        this(tx, events, LoginLimits.DEFAULT, PasswordPolicy.MIN_LENGTH);
    }

    public AuthServiceImpl(Tx tx, EventPublisher events, LoginLimits limits, int passwordMinLength) {
        this.tx = tx;
        this.events = events;
        this.guard = new LoginGuard(Times::now, limits);
        this.passwordMinLength = passwordMinLength;
        this.accounts = new UserAccounts(tx, events, this::forgetVerified, verified::clear);
    }

    @Override
    public Caller authenticate(String username, String password) {
        return login(username, password, null);
    }

    /**
     * A password check as {@link LoginGuard} throttles it: credentials verified within the last
     * minute pass at once; otherwise a waiting account or address is refused (429) before the
     * check, and every check that runs is audited (events {@code auth/login},
     * {@code auth/login-failed}, {@code auth/locked}).
     */
    @Override
    public Caller login(String username, String password, String source) {
        if (username == null || password == null) {
            throw unauthenticated();
        }
        String cacheKey = Tokens.sha256(username + '\0' + password);
        CachedLogin cached = verified.get(cacheKey);
        if (cached != null && cached.expiresAt() > Times.now()) {
            return cached.caller().withSource(source);
        }
        UserEntity user = tx.call(em -> findUser(em, username));
        if (!guardedCheck(username, user, password, source, null, "failed login as " + username)) {
            throw unauthenticated();
        }
        String from = source == null ? "" : " from " + source;
        guard.succeeded(username, source);
        Caller caller = toCaller(user).withSource(source);
        verified.put(cacheKey, new CachedLogin(caller, Times.now() + CACHE_TTL.toMillis()));
        events.record("auth/login", user.getId(), user.getUsername(), source, Outcome.SUCCEEDED, user.getVdcId(),
                "login as " + user.getUsername() + from);
        return caller;
    }

    /**
     * A password check under the {@link LoginGuard}: 429 while the account or address must wait;
     * false when wrong (counted, audited as {@code failure} in {@code vdcId}'s events, and the lockout it
     * may cause too). An
     * unknown user ({@code user} null) is checked against a dummy hash, so it costs the same.
     */
    private boolean guardedCheck(String username, UserEntity user, String password, String source, String vdcId,
            String failure) {
        guard.check(username, source);
        boolean valid = PasswordHasher.verify(password, user == null ? DUMMY_HASH : user.getPasswordHash());
        if (user != null && valid) {
            return true;
        }
        String from = source == null ? "" : " from " + source;
        String userId = user == null ? null : user.getId();
        boolean locked = guard.failed(username, source);
        events.record("auth/login-failed", userId, username, source, Outcome.FAILED, vdcId, failure + from);
        if (locked) {
            events.record("auth/locked", userId, username, source, Outcome.REFUSED, null, "account " + username
                    + " locked for " + guard.limits().lockMinutes() + " minutes after " + guard.limits().lockFailures()
                    + " failed logins"
                    + from);
        }
        return false;
    }

    @Override
    public void unlock(Caller caller, String userId) {
        caller.requireAdmin();
        UserEntity user = tx.call(em -> em.find(UserEntity.class, userId));
        if (user == null) {
            throw OvmException.notFound("user", userId);
        }
        boolean was = guard.unlock(user.getUsername());
        events.publish(caller, "auth/unlocked", user.getId(), user.getVdcId(), "account "
                + user.getUsername() + (was ? " unlocked" : " was not locked; its failed logins are forgotten"));
    }

    @Override
    public TokenView issueToken(Caller caller) {
        return issueToken(caller, null);
    }

    @Override
    public TokenView issueToken(Caller caller, String presentedToken) {
        long[] expires = new long[1];
        String token = tx.call(em -> {
            UserEntity user = findUser(em, caller.username());
            if (user == null) {
                throw unauthenticated();
            }
            expires[0] = Times.now() + Tokens.TTL.toMillis();
            if (presentedToken != null) {
                ApiTokenEntity presented = Tokens.find(em, presentedToken);
                if (presented == null) {
                    throw unauthenticated();
                }
                expires[0] = presented.getExpiresAt(); // renewal never outlives the token it renews
            }
            return Tokens.issue(em, user.getId(), expires[0]);
        });
        events.publish(caller, presentedToken == null ? "auth/token-issued" : "auth/token-renewed", caller.userId(),
                caller.vdcId(), "token for " + caller.username() + (presentedToken == null ? " issued" : " renewed")
                        + ", expires " + Times.iso(expires[0]));
        return new TokenView(token, "Bearer", Times.iso(expires[0]), caller.username(), caller.role().id());
    }

    @Override
    public void revokeToken(Caller caller, String token) {
        boolean revoked = tx.call(em -> Tokens.revoke(em, token));
        if (revoked) {
            events.publish(caller, "auth/logout", caller.userId(), caller.vdcId(), "token of " + caller.username()
                    + " revoked (logout)");
        }
    }

    @Override
    public int revokeTokens(Caller caller, String userId) {
        UserEntity user = tx.call(em -> userId == null ? findUser(em, caller.username())
                : em.find(UserEntity.class, userId));
        if (user == null || !user.getUsername().equals(caller.username()) && !manages(caller, user)) {
            throw OvmException.notFound("user", userId);
        }
        int revoked = tx.call(em -> Tokens.revokeAll(em, user.getId(), null));
        forgetVerified(user.getUsername());
        events.publish(caller, "auth/tokens-revoked", user.getId(), user.getVdcId(), revoked + " token(s) of "
                + user.getUsername() + " revoked by " + caller.username());
        return revoked;
    }

    /**
     * Changes a password: the user's own needs the current one (a wrong one counts as a failed
     * login); an admin (or the user's vdc-admin) resets another's without it. Every other token
     * of the user is revoked (the one used for this request stays) and cached logins forgotten.
     */
    @Override
    public void changePassword(Caller caller, String userId, String currentPassword, String newPassword,
            String keepToken, String source) {
        UserEntity user = tx.call(em -> em.find(UserEntity.class, userId));
        boolean self = user != null && user.getUsername().equals(caller.username());
        if (user == null || !self && !manages(caller, user)) {
            throw OvmException.notFound("user", userId);
        }
        if (self) {
            if (currentPassword == null) {
                throw OvmException.invalid("currentPassword", "give your current password to change it");
            }
            if (!guardedCheck(user.getUsername(), user, currentPassword, source, user.getVdcId(), "wrong current password in a "
                    + "password change of " + user.getUsername())) {
                throw OvmException.invalid("currentPassword", "the current password is wrong");
            }
        }
        PasswordPolicy.check(user.getUsername(), newPassword, "password", passwordMinLength);
        int revoked = tx.call(em -> {
            em.find(UserEntity.class, userId).setPasswordHash(PasswordHasher.hash(newPassword));
            return Tokens.revokeAll(em, userId, self ? keepToken : null);
        });
        forgetVerified(user.getUsername());
        guard.unlock(user.getUsername());
        events.publish(caller, self ? "auth/password-changed" : "auth/password-reset", userId, user.getVdcId(), "password of " + user.getUsername() + (self ? " changed" : " reset by "
                        + caller.username()) + "; " + revoked + " other token(s) revoked");
    }

    /** An admin manages every user; a vdc-admin those of their VDC. */
    private static boolean manages(Caller caller, UserEntity user) {
        return caller.isAdmin() || caller.role() == Role.VDC_ADMIN && caller.vdcId() != null
                && caller.vdcId().equals(user.getVdcId());
    }

    private void forgetVerified(String username) {
        verified.values().removeIf(c -> c.caller().username().equals(username));
    }

    @Override
    public Caller verifyToken(String token, String source) {
        if (source != null) {
            guard.check(null, source);
        }
        try {
            return verifyToken(token).withSource(source);
        } catch (OvmException e) {
            if (source != null) {
                guard.failed(null, source); // guessing tokens counts against the address
            }
            throw e;
        }
    }

    @Override
    public Caller verifyToken(String token) {
        return tx.call(em -> {
            ApiTokenEntity found = Tokens.find(em, token);
            UserEntity user = found == null ? null : em.find(UserEntity.class, found.getUserId());
            if (user == null) {
                throw unauthenticated();
            }
            return toCaller(user);
        });
    }

    @Override
    public Caller caller(String username) {
        UserEntity user = tx.call(em -> findUser(em, username));
        if (user == null) {
            throw unauthenticated();
        }
        return toCaller(user);
    }

    /** q searches the username; sorts: name (the username), username, role, createdAt. */
    private static final Lists.Spec USER_LIST = new Lists.Spec(Map.of("username", "username", "role", "role",
            "vdcId", "vdcId"), List.of("username"), Map.of("name", "username", "username", "username", "role", "role",
                    "createdAt", "createdAt"), "username");

    @Override
    public Page<UserView> listUsers(Caller caller, Filters filters, PageRequest page) {
        caller.requireUserManager();
        List<Lists.Condition> fixed = caller.isAdmin() ? List.of() : List.of(new Lists.Condition("vdcId",
                caller.vdcId()));
        return tx.call(em -> Lists.page(em, UserEntity.class, USER_LIST, filters, fixed, page, AuthServiceImpl::view,
                null));
    }

    @Override
    public UserView createUser(Caller caller, UserRequest asked) {
        caller.requireUserManager();
        if (asked == null) {
            throw OvmException.invalid(null, "a JSON body with username, password and role is required");
        }
        UserRequest request = caller.isAdmin() ? asked : withinOwnVdc(caller, asked);
        String username = Ids.requireName("username", request.username());
        PasswordPolicy.check(username, request.password(), "password", passwordMinLength);
        Role role = Role.fromId(request.role() == null ? "user" : request.role());
        if (role != Role.ADMIN && request.vdcId() == null) {
            throw OvmException.invalid("vdcId", "a " + role.id() + " must belong to a VDC: set vdcId");
        }
        UserView created = tx.call(em -> {
            if (!sameName(em, username).isEmpty()) {
                throw OvmException.conflict("username", Usernames.TAKEN);
            }
            if (request.vdcId() != null && em.find(VdcEntity.class, request.vdcId()) == null) {
                throw OvmException.invalid("vdcId", "VDC " + request.vdcId() + " does not exist");
            }
            UserEntity user = newUser(username, request.password(), role, role == Role.ADMIN ? null : request.vdcId());
            em.persist(user);
            return view(user);
        });
        events.publish(caller, "user/created", created.id(), created.vdcId(), "user " + created.username() + " ("
                + created.role() + (created.vdcId() == null ? "" : " of VDC " + created.vdcId()) + ") created by "
                + caller.username());
        return created;
    }

    /** A VDC admin creates users and VDC admins of their own VDC only. */
    private static UserRequest withinOwnVdc(Caller caller, UserRequest asked) {
        if (Role.ADMIN.id().equals(asked.role())) {
            throw OvmException.forbidden("only an admin can create admins");
        }
        if (asked.vdcId() != null && !asked.vdcId().equals(caller.vdcId())) {
            throw OvmException.forbidden("a vdc-admin creates users in their own VDC only");
        }
        return new UserRequest(asked.username(), asked.password(), asked.role(), caller.vdcId());
    }

    @Override
    public UserView updateUser(Caller caller, String id, UserUpdate update) {
        return accounts.update(caller, id, update);
    }

    @Override
    public void deleteUser(Caller caller, String id) {
        accounts.delete(caller, id);
    }

    /** The user with {@code userId} as a caller (current role and VDC), or null if there is no such user. */
    public Caller callerById(String userId) {
        UserEntity user = tx.call(em -> em.find(UserEntity.class, userId));
        return user == null ? null : toCaller(user);
    }

    /** Creates the first admin if there is no user at all; returns true if it did. */
    public boolean bootstrapAdmin(String password) {
        return tx.call(em -> {
            long users = em.createQuery("SELECT COUNT(u) FROM UserEntity u", Long.class).getSingleResult();
            if (users > 0) {
                return false;
            }
            em.persist(newUser("admin", password, Role.ADMIN, null));
            return true;
        });
    }

    static UserEntity newUser(String username, String password, Role role, String vdcId) {
        UserEntity user = new UserEntity();
        user.setId(Ids.newId());
        user.setUsername(username);
        user.setPasswordHash(PasswordHasher.hash(password));
        user.setRole(role.id());
        user.setVdcId(vdcId);
        user.setCreatedAt(Times.now());
        return user;
    }

    /** The user a login or lookup names, compared without case ({@link Usernames}). */
    private static UserEntity findUser(EntityManager em, String username) {
        return username == null ? null : Usernames.pick(sameName(em, username), UserEntity::getUsername, username);
    }

    private static List<UserEntity> sameName(EntityManager em, String username) {
        return em.createQuery("SELECT u FROM UserEntity u WHERE LOWER(u.username) = ?1", UserEntity.class)
                .setParameter(1, Usernames.key(username)).getResultList();
    }

    private static Caller toCaller(UserEntity user) {
        return new Caller(user.getUsername(), Role.fromId(user.getRole()), user.getVdcId(), user.getId());
    }

    static UserView view(UserEntity user) {
        return new UserView(user.getId(), user.getUsername(), user.getRole(), user.getVdcId(),
                Times.iso(user.getCreatedAt()));
    }

    private static OvmException unauthenticated() {
        return new OvmException(OvmError.UNAUTHENTICATED, "invalid credentials or token");
    }
}
