package org.ovm.core.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.Role;
import org.ovm.core.console.ConsoleTarget;
import org.ovm.core.instance.InstanceService;

/** Review F15: a console ticket opens nothing once its user is deleted or may no longer see the instance. */
class ConsoleRedeemTest {

    private final Map<String, Caller> users = new HashMap<>();
    // the fake inventory: instance i1 is in VDC B
    private final InstanceService instances = (InstanceService) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {InstanceService.class}, (proxy, method, args) -> {
                if (method.getName().equals("get") && ((Caller) args[0]).canSee("vdc-b")) {
                    return null;
                }
                throw OvmException.notFound("instance", String.valueOf(args[1]));
            });
    private final ConsoleServiceImpl consoles = new ConsoleServiceImpl(instances, null, null, Clock.systemUTC(),
            users::get);
    private final ConsoleTickets tickets = ticketsOf(consoles);

    private static ConsoleTickets ticketsOf(ConsoleServiceImpl consoles) {
        try {
            var field = ConsoleServiceImpl.class.getDeclaredField("tickets");
            field.setAccessible(true);
            return (ConsoleTickets) field.get(consoles);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private String ticketFor(String userId) {
        return tickets.issue(new ConsoleTarget("i1", "b_tmp", "vdc-b", "vnc", "127.0.0.1", 5900, null, userId))
                .ticket();
    }

    @Test
    void aLiveUserWhoSeesTheInstanceRedeems() {
        users.put("u1", new Caller("b_tmp", Role.USER, "vdc-b", "u1"));
        assertThat(consoles.redeem(ticketFor("u1"))).isNotNull();
    }

    @Test
    void aDeletedUsersTicketOpensNothing() {
        users.put("u1", new Caller("b_tmp", Role.USER, "vdc-b", "u1"));
        String ticket = ticketFor("u1");
        users.remove("u1");
        // a new user of the same name does not revive it
        users.put("u4", new Caller("b_tmp", Role.USER, "vdc-b", "u4"));

        assertThat(consoles.redeem(ticket)).isNull();
    }

    @Test
    void aUserWhoMayNoLongerSeeTheInstanceRedeemsNothing() {
        users.put("u1", new Caller("b_tmp", Role.USER, "vdc-b", "u1"));
        String ticket = ticketFor("u1");
        users.put("u1", new Caller("b_tmp", Role.USER, "vdc-a", "u1"));

        assertThat(consoles.redeem(ticket)).isNull();
    }

    @Test
    void theEnginesOwnTicketsNeedNoUser() {
        assertThat(consoles.redeem(ticketFor(null))).isNotNull();
        assertThat(Duration.ofSeconds(ConsoleServiceImpl.TICKET_SECONDS)).isPositive();
    }
}
