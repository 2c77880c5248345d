package org.ovm.core.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.ovm.core.OvmException;
import org.ovm.core.console.ConsoleTarget;
import org.ovm.core.console.ConsoleView;

class ConsoleTicketsTest {

    private static final ConsoleTarget TARGET = new ConsoleTarget("i1", "alice", "v1", "vnc", "127.0.0.1", 5900, "s3cretPw");

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aTicketOpensOneConnectionOnly() {
        ConsoleTickets tickets = new ConsoleTickets(new HandClock(), Duration.ofSeconds(60));
        ConsoleTickets.Issued issued = tickets.issue(TARGET);
        assertThat(issued.ticket()).hasSizeGreaterThanOrEqualTo(32).doesNotContain("+", "/", "=");
        assertThat(tickets.redeem(issued.ticket())).isEqualTo(TARGET);
        assertThat(TARGET.toString()).as("passwords stay out of logs").doesNotContain("s3cretPw");
        assertThat(tickets.redeem(issued.ticket())).isNull();
        assertThat(tickets.redeem("not-a-ticket")).isNull();
        assertThat(tickets.redeem(null)).isNull();
    }

    @Test
    void ticketsExpireAndExpiredOnesAreForgotten() {
        HandClock clock = new HandClock();
        ConsoleTickets tickets = new ConsoleTickets(clock, Duration.ofSeconds(60));
        String late = tickets.issue(TARGET).ticket();
        String soon = tickets.issue(TARGET).ticket();
        assertThat(soon).isNotEqualTo(late);
        clock.now = clock.now.plusSeconds(59);
        assertThat(tickets.redeem(soon)).isEqualTo(TARGET);
        clock.now = clock.now.plusSeconds(1);
        assertThat(tickets.redeem(late)).as("expired at 60 s").isNull();
        tickets.issue(TARGET);
        clock.now = clock.now.plusSeconds(61);
        tickets.issue(TARGET);
        assertThat(tickets.size()).as("issuing drops expired tickets").isEqualTo(1);
    }

    @Test
    void theProxyConnectsWhereTheConsoleCanBeReached() {
        assertThat(ConsoleServiceImpl.address("vm", new ConsoleView("vnc", "127.0.0.1", 5900, null, null)))
                .isEqualTo("127.0.0.1");
        assertThat(ConsoleServiceImpl.address("vm", new ConsoleView("vnc", "0.0.0.0", 5900, "kvm7.lan", null)))
                .isEqualTo("kvm7.lan");
        assertThat(ConsoleServiceImpl.address("vm", new ConsoleView("vnc", "0.0.0.0", 5900, null, null)))
                .isEqualTo("127.0.0.1");
        assertThat(ConsoleServiceImpl.address("vm", new ConsoleView("vnc", "10.0.0.7", 5901, "kvm7.lan", null)))
                .isEqualTo("10.0.0.7");
        assertThatThrownBy(() -> ConsoleServiceImpl.address("vm",
                new ConsoleView("vnc", "127.0.0.1", 5900, "kvm7.lan", null)))
                .isInstanceOf(OvmException.class).hasMessageContaining("loopback of host kvm7.lan");
        assertThatThrownBy(() -> ConsoleServiceImpl.address("vm", new ConsoleView("vnc", "127.0.0.1", 0, null, null)))
                .isInstanceOf(OvmException.class).hasMessageContaining("has no VNC console");
        assertThatThrownBy(() -> ConsoleServiceImpl.address("vm", new ConsoleView("spice", "127.0.0.1", 5900, null,
                null))).isInstanceOf(OvmException.class).hasMessageContaining("protocol spice");
    }
}
