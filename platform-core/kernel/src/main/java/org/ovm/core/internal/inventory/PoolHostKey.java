package org.ovm.core.internal.inventory;

import java.io.Serializable;
import java.util.Objects;

/** The key of a {@link PoolHostEntity}: pool and host. */
public class PoolHostKey implements Serializable {

    private static final long serialVersionUID = 1L;

    public String poolId;
    public String hostId;

    public PoolHostKey() {
    }

    public PoolHostKey(String poolId, String hostId) {
        this.poolId = poolId;
        this.hostId = hostId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PoolHostKey key && Objects.equals(poolId, key.poolId)
                && Objects.equals(hostId, key.hostId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(poolId, hostId);
    }

    @Override
    public String toString() {
        return poolId + "::" + hostId;
    }
}
