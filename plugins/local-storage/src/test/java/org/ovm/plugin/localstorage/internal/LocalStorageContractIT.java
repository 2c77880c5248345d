package org.ovm.plugin.localstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.StoragePool;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.storage.PoolCapacity;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.StorageDriver;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;
import org.ovm.spi.testkit.StorageDriverContract;

/**
 * The local storage driver keeps the storage contract against a real libvirtd, and makes
 * linked clones (backed by the template) and full clones (independent copies). Needs the
 * backends of {@code ./ovm backends up}.
 */
class LocalStorageContractIT extends StorageDriverContract {

    private final String poolId = UUID.randomUUID().toString();
    private final LocalStorageDriver driver = new LocalStorageDriver();

    static String kvmUri() {
        String uri = System.getenv("KVM_URI");
        if (uri == null || uri.isBlank()) {
            throw new IllegalStateException("KVM_URI is not set: start the real backends with './ovm backends up' "
                    + "and export the lines of './ovm backends env' (./ovm test does both)");
        }
        return uri;
    }

    @Override
    protected StorageDriver createDriver() {
        return driver;
    }

    @Override
    protected PoolSpec pool() {
        return new PoolSpec(poolId, "contract", "file:///var/lib/ovm-it/pools/" + poolId, Map.of());
    }

    @Override
    protected HostEndpoint host() {
        return new HostEndpoint("local-host", kvmUri(), null, null, Map.of());
    }

    @Test
    void linkedAndFullClonesOfATemplate() throws Exception {
        PoolSpec pool = pool();
        HostEndpoint host = host();
        long before = await(driver.capacity(ctx(), pool, host)).availableBytes();
        VolumeInfo template = await(driver.createVolume(ctx(), pool, host, VolumeSpec.empty("template.qcow2",
                64 * MIB, "qcow2")));
        try {
            VolumeInfo linked = await(driver.createVolume(ctx(), pool, host, new VolumeSpec("linked.qcow2", 128 * MIB,
                    "qcow2", template.path(), "qcow2", true)));
            VolumeInfo full = await(driver.createVolume(ctx(), pool, host, new VolumeSpec("full.qcow2", 128 * MIB,
                    "qcow2", template.path(), "qcow2", false)));
            assertThat(linked.backingPath()).isEqualTo(template.path());
            assertThat(full.backingPath()).isNull();
            assertThat(qemuImgInfo(linked.path())).contains("\"backing-filename\": \"" + template.path() + "\"")
                    .contains("\"virtual-size\": " + 128 * MIB);
            assertThat(qemuImgInfo(full.path())).doesNotContain("backing-filename")
                    .contains("\"virtual-size\": " + 128 * MIB);
            await(driver.deleteVolume(ctx(), pool, host, "linked.qcow2"));
            await(driver.deleteVolume(ctx(), pool, host, "full.qcow2"));
        } finally {
            await(driver.deleteVolume(ctx(), pool, host, "template.qcow2"));
        }
        PoolCapacity after = await(driver.capacity(ctx(), pool, host));
        assertThat(Math.abs(after.availableBytes() - before)).as("space returns after deleting").isLessThan(16 * MIB);
    }

    @Test
    void aDirectoryThatAlreadyIsAPoolIsAConflictThatSaysWhatToDo() {
        String directory = "file:///var/lib/ovm-it/pools/shared-" + poolId;
        PoolSpec first = new PoolSpec(UUID.randomUUID().toString(), "first", directory, Map.of());
        PoolSpec second = new PoolSpec(UUID.randomUUID().toString(), "second", directory, Map.of());
        await(driver.attachPool(ctx(), first, host()));
        try {
            Throwable failure = Assertions.catchThrowable(
                    () -> await(driver.attachPool(ctx(), second, host())));
            assertThat(codeOf(failure)).isEqualTo(ErrorCode.CONFLICT);
            assertThat(failure.getCause().getMessage()).contains("is already used by libvirt pool 'ovm-"
                    + first.poolId() + "'").contains("virsh -c " + kvmUri() + " pool-undefine ovm-" + first.poolId());
        } finally {
            await(driver.detachPool(ctx(), first, host()));
        }
    }

    /**
     * A second OVM install on the machine (or a leftover of a deleted one): its libvirt pool, of
     * another name and not even started, owns the directory. The attach fails saying which pool
     * and how to remove it, and leaves that pool alone.
     */
    @Test
    void aDirectoryOfALeftoverLibvirtPoolNamesItAndHowToRemoveIt() throws Exception {
        String directory = "/var/lib/ovm-it/pools/leftover-" + poolId;
        String foreign = "it-leftover-" + poolId.substring(0, 8);
        Connect connect = new Connect(kvmUri(), false);
        StoragePool leftover = connect.storagePoolDefineXML("<pool type='dir'><name>" + foreign + "</name><target>"
                + "<path>" + directory + "</path></target></pool>", 0);
        try {
            PoolSpec pool = new PoolSpec(UUID.randomUUID().toString(), "local", "file://" + directory + "/", Map.of());
            Throwable failure = Assertions.catchThrowable(() -> await(driver.attachPool(ctx(), pool, host())));
            assertThat(codeOf(failure)).isEqualTo(ErrorCode.CONFLICT);
            assertThat(failure.getCause().getMessage()).isEqualTo("directory " + directory + "/ is already used by "
                    + "libvirt pool '" + foreign + "' (another OVM install on this machine, or a leftover of an "
                    + "earlier one): remove it with 'virsh -c " + kvmUri() + " pool-destroy " + foreign + "; virsh -c "
                    + kvmUri() + " pool-undefine " + foreign + "' (its volumes stay on disk) and add this pool again, or add it with another "
                    + "directory");
            assertThat(Arrays.asList(connect.listStoragePools())).doesNotContain("ovm-" + pool.poolId());
            assertThat(Arrays.asList(connect.listDefinedStoragePools())).doesNotContain("ovm-" + pool.poolId())
                    .contains(foreign);
        } finally {
            leftover.undefine();
            connect.close();
        }
    }

    /** qemu-img info with an explicit format, as everywhere in OVM. */
    private static String qemuImgInfo(String path) throws Exception {
        Process process = new ProcessBuilder("qemu-img", "info", "-f", "qcow2", "--output=json", path)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
