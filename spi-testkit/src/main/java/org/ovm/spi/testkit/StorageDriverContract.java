package org.ovm.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.storage.PoolCapacity;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.StorageDriver;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;

/**
 * The contract every {@link StorageDriver} must keep against its real backend: attach is
 * idempotent, volumes are created, grown and deleted, names are unique, delete is idempotent.
 */
public abstract class StorageDriverContract extends ContractSupport {

    protected static final long MIB = 1024L * 1024;

    private StorageDriver driver;
    private PoolSpec pool;
    private HostEndpoint host;

    protected abstract StorageDriver createDriver() throws Exception;

    /** A pool the backend can use (for example a fresh directory). */
    protected abstract PoolSpec pool() throws Exception;

    protected abstract HostEndpoint host() throws Exception;

    @BeforeEach
    void setUpContract() throws Exception {
        driver = createDriver();
        pool = pool();
        host = host();
        await(driver.attachPool(ctx(), pool, host));
    }

    @AfterEach
    void detach() {
        await(driver.detachPool(ctx(), pool, host));
        await(driver.detachPool(ctx(), pool, host));
    }

    @Test
    void attachIsIdempotentAndReportsCapacity() {
        PoolCapacity capacity = await(driver.attachPool(ctx(), pool, host));
        assertThat(capacity.totalBytes()).isPositive();
        assertThat(capacity.availableBytes()).isBetween(0L, capacity.totalBytes());
        assertThat(await(driver.capacity(ctx(), pool, host)).totalBytes()).isEqualTo(capacity.totalBytes());
    }

    @Test
    void namesTheFormatsItCreates() {
        assertThat(driver.volumeFormats()).isNotEmpty().doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void refusesAnUploadThatIsNotItsDeclaredFormatAndLeavesNothing() {
        String name = uniqueName();
        byte[] notAnIso = new byte[64 * 1024];
        assertThatThrownBy(() -> await(driver.uploadVolume(ctx(), pool, host, name, "iso", notAnIso.length,
                new ByteArrayInputStream(notAnIso))))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID));
        assertThatThrownBy(() -> await(driver.inspectVolume(ctx(), pool, host, name)))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void volumeLifecycle() {
        String name = uniqueName();
        VolumeInfo created = await(driver.createVolume(ctx(), pool, host, VolumeSpec.empty(name, 64 * MIB,
                driver.volumeFormats().get(0))));
        try {
            assertThat(created.name()).isEqualTo(name);
            assertThat(created.sizeBytes()).isEqualTo(64 * MIB);
            assertThat(created.path()).isNotBlank();
            VolumeInfo inspected = await(driver.inspectVolume(ctx(), pool, host, name));
            assertThat(inspected.sizeBytes()).isEqualTo(64 * MIB);
            assertThat(inspected.format()).isEqualTo(driver.volumeFormats().get(0));
            assertThat(inspected.backingPath()).isNull();
            assertThatThrownBy(() -> await(driver.createVolume(ctx(), pool, host, VolumeSpec.empty(name, 64 * MIB,
                    driver.volumeFormats().get(0))))).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
            assertThat(await(driver.resizeVolume(ctx(), pool, host, name, 128 * MIB)).sizeBytes())
                    .isEqualTo(128 * MIB);
            assertThatThrownBy(() -> await(driver.resizeVolume(ctx(), pool, host, name, 32 * MIB)))
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID));
        } finally {
            await(driver.deleteVolume(ctx(), pool, host, name));
        }
        await(driver.deleteVolume(ctx(), pool, host, name));
    }

    @Test
    void unknownVolumesAreNotFound() {
        assertThatThrownBy(() -> await(driver.inspectVolume(ctx(), pool, host, uniqueName())))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void resizingAnUnknownVolumeIsNotFound() {
        assertThatThrownBy(() -> await(driver.resizeVolume(ctx(), pool, host, uniqueName(), 64 * MIB)))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
