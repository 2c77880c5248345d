// Engine answers in the shapes of issue 16's contract (docs/research/issue-16-contract.md §3, §4):
// the storage pages' tests read them instead of a running engine.

const GiB = 2 ** 30;

export const HOSTS = [
  { id: 'h1', name: 'kvm1', type: 'kvm', state: 'UP', clusterId: 'c1', storageReason: null },
  { id: 'h2', name: 'kvm2', type: 'kvm', state: 'UP', clusterId: 'c1',
    storageReason: 'storage pool nfs1 is unreachable: nfs://127.0.0.1/export: timed out after 10 s' },
  { id: 'h3', name: 'kvm3', type: 'kvm', state: 'DOWN', clusterId: null, storageReason: null },
  { id: 'd1', name: 'docker1', type: 'docker', state: 'UP', clusterId: null, storageReason: null },
];

/** An NFS pool of a cluster, as an admin sees it: one host could not attach it. */
export const NFS_POOL = {
  id: 'p-nfs', name: 'nfs1', type: 'nfs', uri: 'nfs://127.0.0.1/work/export', hostId: null, clusterId: 'c1',
  hostIds: ['h1', 'h2'],
  hosts: [
    { hostId: 'h1', hostName: 'kvm1', state: 'UP', reason: null, checkedAt: '2026-12-07T17:00:00Z' },
    { hostId: 'h2', hostName: 'kvm2', state: 'ERROR', reason: 'qemu-block-extra is not installed', checkedAt: '2026-12-07T17:00:00Z' },
  ],
  state: 'DEGRADED', stateReason: 'host kvm2: qemu-block-extra is not installed',
  totalBytes: 10 * GiB, availableBytes: 6 * GiB, allocatedBytes: 15 * GiB, overcommitRatio: 2.0, shared: true,
  createdAt: '2026-12-07T16:00:00Z',
};

/** The local pool of kvm1: not shared. */
export const LOCAL_POOL = {
  id: 'p-local', name: 'local', type: 'local', uri: 'file:///var/lib/ovm/pools/local', hostId: 'h1', clusterId: null,
  hostIds: ['h1'], hosts: [{ hostId: 'h1', hostName: 'kvm1', state: 'UP', reason: null, checkedAt: '2026-12-07T17:00:00Z' }],
  state: 'UP', stateReason: null, totalBytes: 100 * GiB, availableBytes: 80 * GiB, allocatedBytes: 3 * GiB,
  overcommitRatio: null, shared: false, createdAt: '2026-12-07T15:00:00Z',
};

/** The same NFS pool as a user sees it: no uri, no hosts. */
export const USER_POOL = {
  id: 'p-nfs', name: 'nfs1', type: 'nfs', state: 'DEGRADED', stateReason: null, totalBytes: 10 * GiB,
  availableBytes: 6 * GiB, allocatedBytes: 15 * GiB, overcommitRatio: 2.0, shared: true, createdAt: '2026-12-07T16:00:00Z',
};

/** A pool of an engine before issue 16: no allocation, no hosts, no shared flag. */
export const OLD_POOL = { id: 'p-old', name: 'old', type: 'local', uri: 'file:///p', hostId: 'h1', state: 'UP',
  stateReason: null, totalBytes: 100 * GiB, availableBytes: 50 * GiB, createdAt: '2026-12-01T00:00:00Z' };

export const INSTANCES = [
  { id: 'i1', name: 'vm1', type: 'vm', hostId: 'h1', hostType: 'kvm', state: 'RUNNING', managed: true },
  { id: 'i2', name: 'vm2', type: 'vm', hostId: 'h1', hostType: 'kvm', state: 'STOPPED', managed: true },
  { id: 'i3', name: 'vm3', type: 'vm', hostId: 'h1', hostType: 'kvm', state: 'CREATING', managed: true },
  { id: 'i4', name: 'found', type: 'vm', hostId: 'h1', hostType: 'kvm', state: 'RUNNING', managed: false },
  { id: 'i5', name: 'web', type: 'container', hostId: 'd1', hostType: 'docker', state: 'RUNNING', managed: true },
];

export const VOLUMES = [
  { id: 'v1', name: 'vm1-disk0', poolId: 'p-local', instanceId: 'i1', sizeBytes: GiB, format: 'qcow2', state: 'ATTACHED' },
  { id: 'v2', name: 'vm1-data', poolId: 'p-nfs', instanceId: 'i1', sizeBytes: 2 * GiB, format: 'qcow2', state: 'ATTACHED' },
  { id: 'v3', name: 'vm2-disk0', poolId: 'p-nfs', instanceId: 'i2', sizeBytes: GiB, format: 'qcow2', state: 'ATTACHED' },
  { id: 'v4', name: 'spare', poolId: 'p-local', instanceId: null, sizeBytes: GiB, format: 'raw', state: 'DETACHED' },
  { id: 'v5', name: 'new', poolId: 'p-local', instanceId: null, sizeBytes: GiB, format: 'raw', state: 'CREATING' },
];

/** A volume.migrate task while the disk is copied, and once done. */
export const MOVE_RUNNING = { id: 't1', operation: 'volume.migrate', resourceType: 'volume', resourceName: 'vm1-data',
  state: 'RUNNING', stepsDone: 1, stepCount: 3, progress: 42, progressMessage: 'copying vda: 42 %' };
export const MOVE_DONE = { ...MOVE_RUNNING, state: 'SUCCEEDED', stepsDone: 3, progress: 100, progressMessage: null };

// Backups (contract §8): the engine's answers to GET /backups, GET /instances/{id}/backup-schedule
// and the tasks of backing up and restoring.

/** Backups of vm1 (running: quiesced and crash), vm2 (stopped: offline), one being made, one failed, one outliving its volume. */
export const BACKUPS = [
  { id: 'b1', name: 'backup-vm1-disk0-20261207020000', volumeId: 'v1', volumeName: 'vm1-disk0', instanceId: 'i1', vdcId: 'vdc1',
    poolId: 'p-nfs', poolName: 'nfs1', sizeBytes: 700 * 2 ** 20, format: 'qcow2', consistency: 'quiesced', state: 'READY',
    scheduled: true, createdAt: '2026-12-07T02:00:03Z' },
  { id: 'b2', name: 'backup-vm1-data-20261207101500', volumeId: 'v2', volumeName: 'vm1-data', instanceId: 'i1', vdcId: 'vdc1',
    poolId: 'p-nfs', poolName: 'nfs1', sizeBytes: 2 * GiB, format: 'qcow2', consistency: 'crash', state: 'READY',
    scheduled: false, createdAt: '2026-12-07T10:15:00Z' },
  { id: 'b3', name: 'backup-vm2-disk0-20261207110000', volumeId: 'v3', volumeName: 'vm2-disk0', instanceId: 'i2', vdcId: 'vdc1',
    poolId: 'p-local', poolName: 'local', sizeBytes: GiB, format: 'qcow2', consistency: 'offline', state: 'READY',
    scheduled: false, createdAt: '2026-12-07T11:00:00Z' },
  { id: 'b4', name: 'backup-vm1-disk0-20261207170000', volumeId: 'v1', volumeName: 'vm1-disk0', instanceId: 'i1', vdcId: 'vdc1',
    poolId: 'p-nfs', poolName: 'nfs1', sizeBytes: null, format: 'qcow2', consistency: null, state: 'CREATING',
    scheduled: false, createdAt: '2026-12-07T17:00:00Z' },
  { id: 'b5', name: 'backup-spare-20261206090000', volumeId: 'v4', volumeName: 'spare', instanceId: null, vdcId: 'vdc1',
    poolId: 'p-nfs', poolName: 'nfs1', sizeBytes: 0, format: 'raw', consistency: null, state: 'ERROR',
    scheduled: false, createdAt: '2026-12-06T09:00:00Z' },
  { id: 'b6', name: 'backup-gone-20261201000000', volumeId: 'v-gone', volumeName: 'gone', instanceId: null, vdcId: 'vdc1',
    poolId: 'p-nfs', poolName: 'nfs1', sizeBytes: GiB, format: 'qcow2', consistency: 'offline', state: 'READY',
    scheduled: false, createdAt: '2026-12-01T00:00:00Z' },
];

/** vm1's schedule: weekly on Sunday 02:00 UTC into nfs1, keeps 4, with the runs the engine reports. */
export const SCHEDULE = { instanceId: 'i1', poolId: 'p-nfs', poolName: 'nfs1', kind: 'weekly', at: '02:00', dayOfWeek: 'SUNDAY',
  keep: 4, lastRunAt: '2026-12-06T02:00:00Z', nextRunAt: '2026-12-13T02:00:00Z' };

/** An instance.backup task copying vm1's disks, and a backup.restore that ended. */
export const BACKUP_RUNNING = { id: 't2', operation: 'instance.backup', resourceType: 'instance', resourceName: 'vm1',
  state: 'RUNNING', stepsDone: 1, stepCount: 4, progress: 30, progressMessage: 'copying vda: 30 %' };
export const RESTORE_DONE = { id: 't3', operation: 'backup.restore', resourceType: 'backup',
  resourceName: 'backup-vm1-data-20261207101500', state: 'SUCCEEDED', stepsDone: 3, stepCount: 3, progress: 100 };
