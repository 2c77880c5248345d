package org.ovm.core.host.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostView;
import org.ovm.core.host.PowerManagement;
import org.ovm.core.host.PowerManagementRequest;
import org.ovm.core.host.PowerTest;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.support.Checks;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.task.internal.Failures;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.fence.FenceDriver;
import org.ovm.spi.fence.FenceEndpoint;
import org.ovm.spi.fence.PowerStatus;

/**
 * A host's power management: the out-of-band controller a {@link FenceDriver} switches it off through
 * before its HA instances restart elsewhere ({@link HostFencing}). Stores it (the password encrypted like
 * the host's own credentials), shows it without the password, and asks the controller for its status so
 * an admin can check the settings before relying on them. Admin only; every change audited.
 */
final class HostPowerManagement {

    /** How long a test waits for the controller (ipmitool gives up after its own retries before that). */
    static final Duration TEST_TIMEOUT = Duration.ofSeconds(30);
    /** A host name, an IPv4 or an IPv6 address; never starting with '-' (it would read as an option). */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9_\\[\\]][A-Za-z0-9._:\\[\\]-]{0,253}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Tx tx;
    private final HostAccess access;
    private final DriverRegistry<FenceDriver> fences;
    private final EventPublisher events;
    private final Executor executor;
    private final Function<HostEntity, HostView> view;

    HostPowerManagement(Tx tx, HostAccess access, DriverRegistry<FenceDriver> fences, EventPublisher events,
            Executor executor, Function<HostEntity, HostView> view) {
        this.tx = tx;
        this.access = access;
        this.fences = fences;
        this.events = events;
        this.executor = executor;
        this.view = view;
    }

    /** The view of a host's power management, null when it has none. */
    static PowerManagement of(HostEntity host) {
        if (host.getPmType() == null) {
            return null;
        }
        return new PowerManagement(host.getPmType(), host.getPmAddress(), host.getPmPort() == 0 ? null
                : host.getPmPort(), host.getPmUsername(), host.getPmSecret() != null, Json.read(host.getPmSettings()),
                host.isPmPowerOn());
    }

    /** The endpoint a fence driver gets for the host (password decrypted), from its stored settings. */
    FenceEndpoint endpoint(HostEntity host) {
        return new FenceEndpoint(host.getId(), host.getPmAddress(), host.getPmPort(), host.getPmUsername(),
                access.decrypt(host.getPmSecret()), Json.read(host.getPmSettings()));
    }

    HostView set(Caller caller, String id, PowerManagementRequest request) {
        caller.requireAdmin();
        Checked checked = check(request);
        fences.require(checked.type); // 503 naming the plugin to install
        List<String> changes = new ArrayList<>();
        HostEntity saved = tx.call(em -> {
            HostEntity host = em.find(HostEntity.class, id);
            if (host == null) {
                throw OvmException.notFound("host", id);
            }
            if (request.password() == null && host.getPmSecret() == null) {
                throw OvmException.invalid("password", "password is required: host " + host.getName()
                        + " has no stored power-management password yet");
            }
            boolean created = host.getPmType() == null;
            describe(host, checked, request.password() != null, changes);
            host.setPmType(checked.type);
            host.setPmAddress(checked.address);
            host.setPmPort(checked.port);
            host.setPmUsername(checked.username);
            if (request.password() != null) {
                host.setPmSecret(access.encrypt(request.password()));
            }
            host.setPmSettings(Json.write(new TreeMap<>(checked.settings)));
            host.setPmPowerOn(checked.powerOn);
            if (created) {
                changes.add(0, "configured");
            }
            return host;
        });
        if (!changes.isEmpty()) {
            events.publish(caller, "host/power-management-updated", id, null, "power management of host "
                    + saved.getName() + ": " + String.join(", ", changes));
        }
        return view.apply(saved);
    }

    HostView remove(Caller caller, String id) {
        caller.requireAdmin();
        boolean[] had = new boolean[1];
        HostEntity saved = tx.call(em -> {
            HostEntity host = em.find(HostEntity.class, id);
            if (host == null) {
                throw OvmException.notFound("host", id);
            }
            had[0] = host.getPmType() != null;
            host.setPmType(null);
            host.setPmAddress(null);
            host.setPmPort(0);
            host.setPmUsername(null);
            host.setPmSecret(null);
            host.setPmSettings(null);
            host.setPmPowerOn(true);
            return host;
        });
        if (had[0]) {
            events.publish(caller, "host/power-management-updated", id, null, "power management of host "
                    + saved.getName() + " removed: if it fails, its HA instances wait for an admin to confirm it is "
                    + "powered off");
        }
        return view.apply(saved);
    }

    PowerTest test(Caller caller, String id, PowerManagementRequest request) {
        caller.requireAdmin();
        HostEntity host = tx.call(em -> em.find(HostEntity.class, id));
        if (host == null) {
            throw OvmException.notFound("host", id);
        }
        FenceEndpoint endpoint;
        String type;
        if (request == null || request.type() == null && request.address() == null) {
            if (host.getPmType() == null) {
                throw OvmException.conflict(null, "host " + host.getName() + " has no power management: give its "
                        + "controller's type, address, user and password to test them");
            }
            type = host.getPmType();
            endpoint = endpoint(host);
        } else {
            Checked checked = check(request);
            String password = request.password() != null ? request.password() : access.decrypt(host.getPmSecret());
            if (password == null) {
                throw OvmException.invalid("password", "password is required: host " + host.getName()
                        + " has no stored power-management password yet");
            }
            type = checked.type;
            endpoint = new FenceEndpoint(id, checked.address, checked.port, checked.username, password,
                    checked.settings);
        }
        FenceDriver driver = fences.require(type);
        OperationContext ctx = new OperationContext("pm-test-" + UUID.randomUUID(), Instant.now().plus(TEST_TIMEOUT),
                caller.username(), executor);
        PowerStatus status = Failures.await(driver.status(ctx, endpoint), TEST_TIMEOUT.plusSeconds(5));
        String bmc = endpoint.address() + (endpoint.port() == 0 ? "" : ":" + endpoint.port());
        return new PowerTest(status.name(), switch (status) {
            case ON, OFF -> "the controller at " + bmc + " reports the power " + status;
            case UNKNOWN -> "the controller at " + bmc + " answered, but not with a power status " + type
                    + " fencing can read: fencing would fail; check the type and the settings";
        });
    }

    /** A request's values, checked. */
    private record Checked(String type, String address, int port, String username, Map<String, String> settings,
            boolean powerOn) {
    }

    static Checked check(PowerManagementRequest request) {
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with type, address, username and password is required");
        }
        if (request.type() == null || !TYPE.matcher(request.type()).matches()) {
            throw OvmException.invalid("type", "type is required: the fence driver's type, such as ipmi");
        }
        if (request.address() == null || request.address().isBlank()) {
            throw OvmException.invalid("address", "address is required: the host name or IP address of the host's "
                    + "management controller (its BMC), not the host's own");
        }
        String address = request.address().strip();
        if (!ADDRESS.matcher(address).matches()) {
            throw OvmException.invalid("address", "address must be a host name or an IP address (letters, digits, "
                    + "'.', ':', '-'; at most 254 characters)");
        }
        int port = request.port() == null ? 0 : request.port();
        if (request.port() != null && (port < 1 || port > 65535)) {
            throw OvmException.invalid("port", "port must be 1-65535, or left out for the driver's default (623 "
                    + "for IPMI)");
        }
        if (request.username() == null || request.username().isBlank()) {
            throw OvmException.invalid("username", "username is required: the user on the host's controller");
        }
        Checks.requireText("username", request.username(), 64);
        if (request.password() != null && (request.password().isEmpty() || request.password().length() > 1024)) {
            throw OvmException.invalid("password", "password must be 1-1024 characters (leave it out to keep the "
                    + "stored one)");
        }
        Map<String, String> settings = HostChecks.settings(request.settings());
        return new Checked(request.type(), address, port, request.username(), settings,
                request.powerOnAfterFence() == null || request.powerOnAfterFence());
    }

    /** What a set changes, for the audit event; never the password's value. */
    private static void describe(HostEntity host, Checked next, boolean password, List<String> changes) {
        if (host.getPmType() == null) {
            changes.add("type " + next.type + ", controller " + next.address + (next.port == 0 ? "" : ":" + next.port)
                    + ", user " + next.username + (next.settings.isEmpty() ? "" : ", settings " + next.settings)
                    + (next.powerOn ? "" : ", not powered on after a fence"));
            return;
        }
        if (!next.type.equals(host.getPmType())) {
            changes.add("type " + host.getPmType() + " -> " + next.type);
        }
        if (!next.address.equals(host.getPmAddress()) || next.port != host.getPmPort()) {
            changes.add("controller " + host.getPmAddress() + (host.getPmPort() == 0 ? "" : ":" + host.getPmPort())
                    + " -> " + next.address + (next.port == 0 ? "" : ":" + next.port));
        }
        if (!Objects.equals(next.username, host.getPmUsername())) {
            changes.add("user " + host.getPmUsername() + " -> " + next.username);
        }
        if (password) {
            changes.add("password changed");
        }
        HostEdits.describe("setting", Json.read(host.getPmSettings()), next.settings, true, changes);
        if (next.powerOn != host.isPmPowerOn()) {
            changes.add(next.powerOn ? "powered on after a fence" : "not powered on after a fence");
        }
    }
}
