package org.ovm.core.internal.inventory;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** The backup schedule of an instance (one at most): daily or weekly at a time of day, UTC. */
@Entity
@Table(name = "BACKUP_SCHEDULES")
public class BackupScheduleEntity {

    @Id
    @Column(name = "INSTANCE_ID")
    private String instanceId;

    @Column(name = "POOL_ID")
    private String poolId;

    @Column(name = "KIND")
    private String kind;

    @Column(name = "RUN_AT")
    private String at;

    @Column(name = "DAY_OF_WEEK")
    private String dayOfWeek;

    @Column(name = "KEEP")
    private int keep;

    @Column(name = "LAST_RUN_AT")
    private Long lastRunAt;

    @Column(name = "NEXT_RUN_AT")
    private Long nextRunAt;

    public String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    public String getPoolId() {
        return poolId;
    }

    public void setPoolId(String poolId) {
        this.poolId = poolId;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getAt() {
        return at;
    }

    public void setAt(String at) {
        this.at = at;
    }

    public String getDayOfWeek() {
        return dayOfWeek;
    }

    public void setDayOfWeek(String dayOfWeek) {
        this.dayOfWeek = dayOfWeek;
    }

    public int getKeep() {
        return keep;
    }

    public void setKeep(int keep) {
        this.keep = keep;
    }

    public Long getLastRunAt() {
        return lastRunAt;
    }

    public void setLastRunAt(Long lastRunAt) {
        this.lastRunAt = lastRunAt;
    }

    public Long getNextRunAt() {
        return nextRunAt;
    }

    public void setNextRunAt(Long nextRunAt) {
        this.nextRunAt = nextRunAt;
    }
}
