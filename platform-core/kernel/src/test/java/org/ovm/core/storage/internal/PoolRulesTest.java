package org.ovm.core.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.core.OvmException;
import org.ovm.core.storage.StoragePoolRequest;

/** The request rules of pools (placement, ratio, settings) and the overcommit arithmetic. */
class PoolRulesTest {

    private static StoragePoolRequest request(String host, String cluster, List<String> hosts) {
        return new StoragePoolRequest("p", "nfs", "nfs://s/e", host, cluster, hosts, null, null);
    }

    private static void refused(Runnable check, String field, String text) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(OvmException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(text);
        });
    }

    @Test
    void exactlyOnePlacementFieldAndOneHostForPoolsThatAreNotShared() {
        refused(() -> PoolRequests.placement(request(null, null, null), true), "hostId",
                "exactly one of hostId (one host), clusterId (every host of a cluster) or hostIds");
        refused(() -> PoolRequests.placement(request("h1", "c1", null), true), "hostId", "exactly one");
        refused(() -> PoolRequests.placement(request(null, "c1", List.of("h1")), true), "hostId", "exactly one");
        refused(() -> PoolRequests.placement(request(null, "c1", null), false), "hostId", "used by one host only");
        refused(() -> PoolRequests.placement(request(null, null, List.of()), true), "hostIds", "1 to 256");
        refused(() -> PoolRequests.placement(request(null, null, Arrays.asList("h1", null)), true), "hostIds",
                "empty host id");
        assertThat(PoolRequests.placement(request(null, null, List.of("h1", "h2", "h1")), true))
                .containsExactly("h1", "h2");
        assertThat(PoolRequests.placement(request("h1", null, null), false)).isNull();
    }

    @Test
    void theRatioIsNullOrBetweenOneAndAHundred() {
        assertThat(PoolRequests.ratio(null)).isNull();
        assertThat(PoolRequests.ratio(1.0)).isEqualTo(1.0);
        assertThat(PoolRequests.ratio(100.0)).isEqualTo(100.0);
        for (double bad : new double[] {0.99, 0, -1, 100.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            refused(() -> PoolRequests.ratio(bad), "overcommitRatio", "between 1.0 and 100");
        }
    }

    @Test
    void settingsAreNamedTextOfLimitedSize() {
        assertThat(PoolRequests.settings(null)).isNull();
        assertThat(PoolRequests.settings(Map.of("nfsUid", "64055"))).isEqualTo("{\"nfsUid\":\"64055\"}");
        refused(() -> PoolRequests.settings(Map.of("1bad", "x")), "settings", "setting names");
        refused(() -> PoolRequests.settings(Map.of("ok", "x".repeat(513))), "settings.ok", "512");
    }

    @Test
    void theBasicsAreChecked() {
        refused(() -> PoolRequests.requireBasics(new StoragePoolRequest("p", "NFS!", "nfs://s/e", "h")), "type",
                "type is required");
        refused(() -> PoolRequests.requireBasics(new StoragePoolRequest("p", "nfs", "s:/e", "h")), "uri",
                "uri is required");
        refused(() -> PoolRequests.requireBasics(new StoragePoolRequest("p", "local", "file:///a/../b", "h")), "uri",
                "file:///absolute");
    }

    @Test
    void theOvercommitRefusalGivesTheNumbers() {
        long gib = 1L << 30;
        assertThat(PoolOvercommit.refusal("nfs1", 1.0, 10 * gib, 10 * gib, 0, 10 * gib)).isNull();
        assertThat(PoolOvercommit.refusal("nfs1", 1.0, 10 * gib, 10 * gib, 0, 12 * gib)).isEqualTo("pool nfs1 "
                + "would hold 12.0 GiB of virtual disks (0.0 GiB now + 12.0 GiB asked), over 1.0 × its 10.0 GiB; "
                + "free space or raise its overcommitRatio");
        assertThat(PoolOvercommit.refusal("nfs1", 1.0, 10 * gib, 2 * gib, 5 * gib, 3 * gib)).isEqualTo("pool nfs1 "
                + "has 2.0 GiB free, less than the 3.0 GiB asked, and its overcommitRatio is 1.0; free space or "
                + "raise its overcommitRatio");
        assertThat(PoolOvercommit.refusal("nfs1", 2.0, 10 * gib, 1 * gib, 15 * gib, 5 * gib)).as("thin: free space "
                + "does not matter above 1.0").isNull();
        assertThat(PoolOvercommit.refusal("nfs1", 2.0, 10 * gib, 1 * gib, 15 * gib, 6 * gib)).contains("21.0 GiB",
                "over 2.0 × its 10.0 GiB");
    }
}
