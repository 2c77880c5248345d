package org.ovm.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.network.NetworkSpec;

/**
 * The contract every {@link NetworkDriver} must keep against its real backend: realize and
 * unrealize are idempotent and name a port; reservations can be made twice and released twice.
 */
public abstract class NetworkDriverContract extends ContractSupport {

    private NetworkDriver driver;
    private NetworkSpec network;
    private HostEndpoint host;

    protected abstract NetworkDriver createDriver() throws Exception;

    /** A network the backend can realize on {@link #host()}. */
    protected abstract NetworkSpec network() throws Exception;

    protected abstract HostEndpoint host() throws Exception;

    /** A MAC and an IP inside {@link #network()}. */
    protected abstract String[] macAndIp();

    @BeforeEach
    void setUpContract() throws Exception {
        driver = createDriver();
        network = network();
        host = host();
    }

    @Test
    void realizeIsIdempotent() {
        String port = await(driver.realize(ctx(), network, host));
        try {
            assertThat(port).isNotBlank();
            assertThat(await(driver.realize(ctx(), network, host))).isEqualTo(port);
        } finally {
            await(driver.unrealize(ctx(), network, host));
        }
        await(driver.unrealize(ctx(), network, host));
    }

    @Test
    void reservationsAreIdempotent() {
        String[] pair = macAndIp();
        await(driver.realize(ctx(), network, host));
        try {
            await(driver.reserveAddress(ctx(), network, host, pair[0], pair[1]));
            await(driver.reserveAddress(ctx(), network, host, pair[0], pair[1]));
            await(driver.releaseAddress(ctx(), network, host, pair[0]));
            await(driver.releaseAddress(ctx(), network, host, pair[0]));
        } finally {
            await(driver.unrealize(ctx(), network, host));
        }
    }
}
