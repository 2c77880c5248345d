package org.ovm.core.instance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ovm.core.OvmException;
import org.ovm.core.instance.InstanceRequest;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.ImageEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.support.Sizes;
import org.ovm.core.storage.PoolState;

/** The disk part of a create, checked without a database: the rows are built here. */
class DiskPlanTest {

    private static final List<String> FORMATS = List.of("qcow2", "raw");

    private static HostEntity host(String id) {
        HostEntity host = new HostEntity();
        host.setId(id);
        host.setName(id);
        host.setType("kvm");
        return host;
    }

    private static StoragePoolEntity pool(String id, String hostId, String state) {
        StoragePoolEntity pool = new StoragePoolEntity();
        pool.setId(id);
        pool.setName(id);
        pool.setType("local");
        pool.setHostId(hostId);
        pool.setState(PoolState.valueOf(state));
        return pool;
    }

    private static ImageEntity image(String id, String kind, String poolId, long size) {
        ImageEntity image = new ImageEntity();
        image.setId(id);
        image.setName(id);
        image.setKind(kind);
        image.setPoolId(poolId);
        image.setFormat("qcow2");
        image.setSizeBytes(size);
        return image;
    }

    private static InstanceRequest request(String imageId, String cloneMode, String poolId, Long diskGiB,
            String isoId) {
        return new InstanceRequest("web", 1, 64L, "h1", null, false, imageId, cloneMode, poolId, diskGiB, isoId,
                null, null, null, null, null);
    }

    private static final HostEntity H1 = host("h1");
    private static final StoragePoolEntity LOCAL = pool("p1", "h1", "UP");
    private static final StoragePoolEntity OTHER_HOST = pool("p2", "h2", "UP");
    private static final StoragePoolEntity FAILED = pool("p3", "h1", "ERROR");
    private static final ImageEntity TEMPLATE = image("t1", "template", "p1", Sizes.GIB);
    private static final ImageEntity ISO = image("i1", "iso", "p1", 1024);

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("unknown template", request("nope", null, null, null, null), null, null, null,
                        "imageId", "does not exist"),
                Arguments.of("an ISO named as template", request("i1", null, null, null, null), ISO, LOCAL, null,
                        "imageId", "does not exist"),
                Arguments.of("unknown clone mode", request("t1", "deep", null, null, null), TEMPLATE, LOCAL, null,
                        "cloneMode", "linked or full"),
                Arguments.of("clone mode without template", request(null, "full", "p1", 1L, null), null, LOCAL,
                        null, "cloneMode", "needs an imageId"),
                Arguments.of("disk size out of range", request(null, null, "p1", 0L, null), null, LOCAL, null,
                        "diskGiB", "between 1 and"),
                Arguments.of("size without pool", request(null, null, null, 4L, null), null, null, null,
                        "storagePoolId", "needs a storagePoolId"),
                Arguments.of("ISO without disk", request(null, null, null, null, "i1"), null, null, ISO,
                        "storagePoolId", "needs a disk"),
                Arguments.of("unknown pool", request(null, null, "p9", 4L, null), null, null, null,
                        "storagePoolId", "does not exist"),
                Arguments.of("pool not UP", request(null, null, "p3", 4L, null), null, FAILED, null,
                        "storagePoolId", "is ERROR"),
                Arguments.of("pool of another host", request(null, null, "p2", 4L, null), null, OTHER_HOST, null,
                        "storagePoolId", "local to another host"),
                Arguments.of("linked clone into another pool", request("t1", null, "p2", null, null), TEMPLATE,
                        pool("p4", "h1", "UP"), null, "cloneMode", "linked clone lives in its template's pool"),
                Arguments.of("empty disk without size", request(null, null, "p1", null, null), null, LOCAL, null,
                        "diskGiB", "needs diskGiB"),
                Arguments.of("disk smaller than its template", request("t2", null, null, 1L, null),
                        image("t2", "template", "p1", 3 * Sizes.GIB), LOCAL, null, "diskGiB", "at least"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithTheFieldAtFault(String name, InstanceRequest request, ImageEntity image,
            StoragePoolEntity pool, ImageEntity iso, String field, String message) {
        assertThatThrownBy(() -> DiskPlan.of(request, "web", image, pool, iso, pool, H1, FORMATS))
                .isInstanceOf(OvmException.class)
                .satisfies(e -> assertThat(((OvmException) e).field()).isEqualTo(field))
                .hasMessageContaining(message);
    }

    @Test
    void noPoolMeansNoDisk() {
        DiskPlan plan = DiskPlan.of(request(null, null, null, null, null), "web", null, null, null, null, H1,
                FORMATS);
        assertThat(plan.poolId()).isNull();
        assertThat(plan.quotaGiB()).isZero();
        assertThat(plan.params(true).storagePoolId()).isNull();
        assertThat(plan.params(true).start()).isTrue();
    }

    @Test
    void aLinkedCloneTakesTheTemplatesPoolSizeAndTheFirstUsableFormat() {
        DiskPlan plan = DiskPlan.of(request("t1", null, null, null, null), "web", TEMPLATE, LOCAL, null, null, H1,
                FORMATS);
        assertThat(plan.poolId()).isEqualTo("p1");
        assertThat(plan.cloneMode()).isEqualTo("linked");
        assertThat(plan.sizeBytes()).isEqualTo(Sizes.GIB);
        assertThat(plan.volumeName()).isEqualTo("web-disk0.qcow2");
        InstanceParams.Create params = plan.params(false);
        assertThat(params.volumeFormat()).isEqualTo("qcow2");
        assertThat(params.imageId()).isEqualTo("t1");
        assertThat(params.diskBytes()).isEqualTo(Sizes.GIB);
        assertThat(params.quotaDiskGiB()).isEqualTo(1);
    }

    @Test
    void aPoolWithoutLinkedClonesCopiesTemplatesInFullAndRefusesALinkedClone() {
        DiskPlan plan = DiskPlan.of(request("t1", null, null, null, null), "web", TEMPLATE, LOCAL, null, null, H1,
                FORMATS, false);
        assertThat(plan.cloneMode()).isEqualTo("full");
        assertThat(plan.params(false).cloneMode()).isEqualTo("full");
        assertThatThrownBy(() -> DiskPlan.of(request("t1", "linked", null, null, null), "web", TEMPLATE, LOCAL, null,
                null, H1, FORMATS, false)).isInstanceOf(OvmException.class)
                .satisfies(e -> assertThat(((OvmException) e).field()).isEqualTo("cloneMode"))
                .hasMessageContaining("copies templates in full only");
    }

    @Test
    void theFormatComesFromTheDrivers() {
        DiskPlan plan = DiskPlan.of(request(null, null, "p1", 2L, "i1"), "db", null, LOCAL, ISO, LOCAL, H1,
                List.of("vmdk"));
        assertThat(plan.volumeName()).isEqualTo("db-disk0.vmdk");
        assertThat(plan.quotaGiB()).isEqualTo(2);
        assertThat(plan.params(false).isoImageId()).isEqualTo("i1");
        assertThatThrownBy(() -> DiskPlan.of(request(null, null, "p1", 2L, null), "db", null, LOCAL, null, null, H1,
                List.of())).hasMessageContaining("no disk format");
    }
}
