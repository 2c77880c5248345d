package org.ovm.core.internal.inventory;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

import org.ovm.core.storage.PoolHostState;

/** A storage pool attached to one host: one row per (pool, host) with its state there. */
@Entity
@Table(name = "POOL_HOSTS")
@IdClass(PoolHostKey.class)
public class PoolHostEntity {

    @Id
    @Column(name = "POOL_ID")
    private String poolId;

    @Id
    @Column(name = "HOST_ID")
    private String hostId;

    @Column(name = "STATE")
    private String state;

    @Column(name = "REASON")
    private String reason;

    @Column(name = "CHECKED_AT")
    private long checkedAt;

    public String getPoolId() {
        return poolId;
    }

    public void setPoolId(String poolId) {
        this.poolId = poolId;
    }

    public String getHostId() {
        return hostId;
    }

    public void setHostId(String hostId) {
        this.hostId = hostId;
    }

    public PoolHostState getState() {
        return state == null ? null : PoolHostState.valueOf(state);
    }

    public void setState(PoolHostState state) {
        this.state = state == null ? null : state.name();
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public long getCheckedAt() {
        return checkedAt;
    }

    public void setCheckedAt(long checkedAt) {
        this.checkedAt = checkedAt;
    }
}
