import { describe, expect, it } from 'vitest';
import {
  attachableHosts, bandwidthProblem, capacity, carriesDisks, carryPools, copyRefusal, hostCounts, idProblem, localDiskRefusal,
  localDisks, migrateBody, migrateRefusal, migrationTargets, migrationTasksPath, moveMode, poolBody, poolUriProblem,
  ratioProblem, runningMigrations, singleHost, targetPools, taskPercent,
} from './logic.js';
import {
  HOSTS, INSTANCES, LOCAL_POOL, MOVE_DONE, MOVE_RUNNING, NFS_POOL, OLD_POOL, USER_POOL, VOLUMES,
} from './fixtures.js';

const GiB = 2 ** 30;
const byName = (list, name) => list.find((x) => x.name === name);

describe('the pool create request', () => {
  it('sends exactly one placement field, as chosen', () => {
    const base = { name: 'nfs1', type: 'nfs', uri: ' nfs://10.0.0.5/export ', hostId: 'h1', clusterId: 'c1', hostIds: ['h1', 'h2'] };
    expect(poolBody({ ...base, placement: 'cluster' })).toEqual({ name: 'nfs1', type: 'nfs', uri: 'nfs://10.0.0.5/export', clusterId: 'c1' });
    expect(poolBody({ ...base, placement: 'hosts' })).toEqual({ name: 'nfs1', type: 'nfs', uri: 'nfs://10.0.0.5/export', hostIds: ['h1', 'h2'] });
    expect(poolBody({ ...base, placement: 'host' })).toEqual({ name: 'nfs1', type: 'nfs', uri: 'nfs://10.0.0.5/export', hostId: 'h1' });
    expect(poolBody({ ...base, placement: undefined })).toHaveProperty('hostId', 'h1');
  });

  it('places a local pool (and an ESXi datastore) on its one host whatever was chosen before', () => {
    expect(singleHost('local') && singleHost('datastore') && !singleHost('nfs')).toBe(true);
    expect(poolBody({ name: 'l', type: 'local', uri: 'file:///p', placement: 'cluster', clusterId: 'c1', hostId: 'h1' }))
      .toEqual({ name: 'l', type: 'local', uri: 'file:///p', hostId: 'h1' });
  });

  it('sends the overcommit ratio as a number, and the NFS owner only when typed', () => {
    const body = poolBody({ name: 'n', type: 'nfs', uri: 'nfs://s/e', placement: 'host', hostId: 'h1', overcommitRatio: '1.5',
      'settings.nfsUid': '1000', 'settings.nfsGid': '' });
    expect(body.overcommitRatio).toBe(1.5);
    expect(body.settings).toEqual({ nfsUid: '1000' });
    const plain = poolBody({ name: 'n', type: 'nfs', uri: 'nfs://s/e', hostId: 'h1', overcommitRatio: '' });
    expect(plain).not.toHaveProperty('overcommitRatio');
    expect(plain).not.toHaveProperty('settings');
    // a type switched from nfs keeps no NFS settings
    expect(poolBody({ name: 'n', type: 'simulator', uri: 'sim://x', hostId: 'h1', 'settings.nfsUid': '5' })).not.toHaveProperty('settings');
  });

  it('checks an NFS uri as the engine does: nfs://server[:port]/path, no query, no user', () => {
    for (const good of ['nfs://127.0.0.1/work/export', 'nfs://filer.example.com:2049/vol/ovm', 'nfs://[fd00::5]/e', 'nfs://s/']) {
      expect(poolUriProblem('nfs', good), good).toBeNull();
    }
    for (const bad of ['127.0.0.1:/export', 'nfs://user@s/e', 'nfs://s/e?uid=1', 'nfs://s', 'file:///x', 'nfs://s/a b']) {
      expect(poolUriProblem('nfs', bad), bad).toBe('pool.badNfsUri');
    }
    expect(poolUriProblem('local', 'anything')).toBeNull();
  });

  it('takes an overcommit ratio from 1 to 100 or none, and numeric owners', () => {
    expect([undefined, '', '1', '1.0', '2.5', '100'].map(ratioProblem)).toEqual(Array(6).fill(null));
    expect(['0.5', '0', '101', 'x', '-1'].map(ratioProblem)).toEqual(Array(5).fill('pool.badRatio'));
    expect([undefined, '', '0', '64055', '107'].map(idProblem)).toEqual(Array(5).fill(null));
    expect(['-1', 'kvm', '1.5', '4294967295'].map(idProblem)).toEqual(Array(4).fill('pool.badId'));
  });
});

describe('a pool\'s capacity', () => {
  it('gives the overcommit limit and how full it is', () => {
    const c = capacity(NFS_POOL);
    expect(c.limit).toBe(20 * GiB);
    expect(c.allocated).toBe(15 * GiB);
    expect(c.percent).toBeCloseTo(75);
    expect(c.usedPercent).toBeCloseTo(40);
  });

  it('measures allocation against the total without a ratio, and says nothing an old engine does not', () => {
    expect(capacity(LOCAL_POOL).limit).toBeNull();
    expect(capacity(LOCAL_POOL).percent).toBeCloseTo(3);
    const old = capacity(OLD_POOL);
    expect(old.allocated).toBeNull();
    expect(old.percent).toBeNull();
    expect(old.usedPercent).toBeCloseTo(50);
  });

  it('counts the hosts that are up; a user sees no hosts', () => {
    expect(hostCounts(NFS_POOL)).toEqual({ up: 1, total: 2 });
    expect(hostCounts(USER_POOL)).toBeNull();
  });

  it('offers to attach the hosts the pool is not on yet', () => {
    expect(attachableHosts(NFS_POOL, HOSTS).map((h) => h.name)).toEqual(['kvm3', 'docker1']);
  });
});

describe('copying and moving volumes', () => {
  it('copies a detached volume or one of a stopped instance, not one a running guest writes to', () => {
    expect(copyRefusal(byName(VOLUMES, 'spare'), INSTANCES)).toBeNull();
    expect(copyRefusal(byName(VOLUMES, 'vm2-disk0'), INSTANCES)).toBeNull();
    expect(copyRefusal(byName(VOLUMES, 'vm1-data'), INSTANCES)).toBe('volume.copyRunning');
    expect(copyRefusal(byName(VOLUMES, 'new'), INSTANCES)).toBe('volume.busy');
  });

  it('moves a running guest\'s disk live, the others offline', () => {
    expect(moveMode(byName(VOLUMES, 'vm1-data'), INSTANCES)).toEqual({ mode: 'live', instance: 'vm1' });
    expect(moveMode(byName(VOLUMES, 'vm2-disk0'), INSTANCES)).toEqual({ mode: 'offline' });
    expect(moveMode(byName(VOLUMES, 'spare'), INSTANCES)).toEqual({ mode: 'offline' });
    expect(moveMode(byName(VOLUMES, 'new'), INSTANCES)).toEqual({ refusal: 'volume.busy' });
    expect(moveMode({ ...byName(VOLUMES, 'vm1-data'), instanceId: 'i3' }, INSTANCES)).toEqual({ refusal: 'volume.moveInstanceBusy' });
  });

  it('offers every other pool that has not failed', () => {
    const failed = { ...LOCAL_POOL, id: 'p-bad', state: 'ERROR' };
    expect([NFS_POOL, LOCAL_POOL, failed].filter(targetPools(byName(VOLUMES, 'spare'))).map((p) => p.name)).toEqual(['nfs1']);
    // live: only pools UP on the instance's host (kvm1 is UP in nfs1; a pool only on kvm2 is not offered)
    const data = byName(VOLUMES, 'vm1-data');
    const vm1 = byName(INSTANCES, 'vm1');
    const elsewhere = { ...NFS_POOL, id: 'p-2', name: 'nfs2', hosts: [{ hostId: 'h2', state: 'UP' }] };
    expect([NFS_POOL, LOCAL_POOL, elsewhere, USER_POOL].filter(targetPools(data, vm1)).map((p) => p.id)).toEqual(['p-local']);
    expect([elsewhere].filter(targetPools(data, { ...vm1, state: 'STOPPED' })).map((p) => p.name)).toEqual(['nfs2']);
  });

  it('shows a move\'s progress from the task: its own percent, else its steps', () => {
    expect(taskPercent(MOVE_RUNNING)).toBe(42);
    expect(taskPercent(MOVE_DONE)).toBe(100);
    expect(taskPercent({ state: 'RUNNING', stepsDone: 1, stepCount: 4 })).toBe(25);
    expect(taskPercent({ state: 'FAILED', progress: 130 })).toBe(100);
    expect(taskPercent(null)).toBe(0);
  });
});

describe('migrating an instance', () => {
  it('is offered for managed VMs that run (live) or are stopped (offline)', () => {
    expect(migrateRefusal(byName(INSTANCES, 'vm1'))).toBeNull();
    expect(migrateRefusal(byName(INSTANCES, 'vm2'))).toBeNull();
    expect(migrateRefusal(byName(INSTANCES, 'vm3'))).toBe('migrate.state');
    expect(migrateRefusal(byName(INSTANCES, 'found'))).toBe('migrate.unmanaged');
    expect(migrateRefusal(byName(INSTANCES, 'web'))).toBe('migrate.container');
  });

  it('offers the other UP hosts of the same hypervisor type', () => {
    expect(migrationTargets(byName(INSTANCES, 'vm1'), HOSTS).map((h) => h.name)).toEqual(['kvm2']);
  });

  it('names the disks on pools only their host reaches', () => {
    const disks = VOLUMES.filter((v) => v.instanceId === 'i1');
    expect(localDisks(disks, [NFS_POOL, LOCAL_POOL])).toEqual([{ volume: 'vm1-disk0', pool: 'local' }]);
    expect(localDisks(disks, [OLD_POOL])).toEqual([]);
  });

  it('asks for automatic placement unless a host is chosen', () => {
    expect(migrateBody('')).toEqual({});
    expect(migrateBody('h2')).toEqual({ hostId: 'h2' });
  });

  it('sends only the fields that are set, the bandwidth cap as a number', () => {
    expect(migrateBody({ hostId: '', storagePoolId: '', bandwidthMiBps: '' })).toEqual({});
    expect(migrateBody({ hostId: 'h2', storagePoolId: 'p-nfs', bandwidthMiBps: ' 200 ' }))
      .toEqual({ hostId: 'h2', storagePoolId: 'p-nfs', bandwidthMiBps: 200 });
    expect(migrateBody({ storagePoolId: 'p-nfs' })).toEqual({ storagePoolId: 'p-nfs' });
    expect(migrateBody({ bandwidthMiBps: '0' })).toEqual({ bandwidthMiBps: 0 });
    expect(migrateBody(null)).toEqual({});
  });

  it('takes a bandwidth cap of 0 to 1000000 whole MiB/s, or none', () => {
    expect([undefined, null, '', ' ', '0', '1', '250', '1000000'].map(bandwidthProblem)).toEqual(Array(8).fill(null));
    expect(['-1', '1.5', 'fast', '1000001', '1e3', '12345678'].map(bandwidthProblem)).toEqual(Array(6).fill('migrate.badBandwidth'));
  });

  it('lets a running KVM instance take its local disks along (shared-nothing), not a stopped one', () => {
    const disks = localDisks(VOLUMES.filter((v) => v.instanceId === 'i1'), [NFS_POOL, LOCAL_POOL]);
    const vm1 = byName(INSTANCES, 'vm1');
    expect(carriesDisks(vm1)).toBe(true);
    expect(localDiskRefusal(vm1, disks)).toBeNull();
    expect(migrateRefusal(vm1)).toBeNull();
    const stopped = { ...vm1, state: 'STOPPED' };
    expect(carriesDisks(stopped)).toBe(false);
    expect(localDiskRefusal(stopped, disks)).toBe('migrate.localDisks');
    expect(localDiskRefusal(stopped, [])).toBeNull();
    // another hypervisor's driver cannot copy disks along
    expect(localDiskRefusal({ ...vm1, hostType: 'esxi' }, disks)).toBe('migrate.localDisks');
    // an engine that does not say the host's type: the engine judges
    expect(carriesDisks({ ...vm1, hostType: undefined })).toBe(true);
  });

  it('refuses a second migration while one runs', () => {
    expect(migrateRefusal(byName(INSTANCES, 'vm1'), { id: 't9' })).toBe('migrate.running');
    expect(migrateRefusal(byName(INSTANCES, 'found'), { id: 't9' })).toBe('migrate.unmanaged');
  });

  it('offers UP pools the target reaches for the carried disks, the roomiest first', () => {
    const vm1 = byName(INSTANCES, 'vm1');
    const nfsUp = { ...NFS_POOL, state: 'UP', hosts: NFS_POOL.hosts.map((h) => ({ ...h, state: 'UP' })) };
    const nfs2 = { ...nfsUp, id: 'p-nfs2', name: 'nfs2', availableBytes: 9 * GiB };
    const kvm2Local = { ...LOCAL_POOL, id: 'p-l2', name: 'local2', hostId: 'h2', availableBytes: 1 * GiB,
      hosts: [{ hostId: 'h2', hostName: 'kvm2', state: 'UP' }] };
    const pools = [LOCAL_POOL, NFS_POOL, nfsUp, nfs2, kvm2Local];
    // the degraded pool is not offered, nor the current host's own local pool
    expect(carryPools(pools, vm1, '').map((p) => p.id)).toEqual(['p-nfs2', 'p-nfs', 'p-l2']);
    expect(carryPools(pools, vm1, 'h2').map((p) => p.id)).toEqual(['p-nfs2', 'p-nfs', 'p-l2']);
    expect(carryPools(pools, vm1, 'h3').map((p) => p.id)).toEqual([]);
    // a pool as a non-admin sees it (no hosts): offered when UP
    expect(carryPools([{ ...USER_POOL, state: 'UP' }], vm1, 'h2').map((p) => p.id)).toEqual(['p-nfs']);
    expect(carryPools(null, vm1, '')).toEqual([]);
  });

  it('finds the running migration of each instance among the tasks', () => {
    const running = { id: 't1', operation: 'instance.migrate', state: 'RUNNING', resourceId: 'i1' };
    const tasks = [running, { ...running, id: 't2', state: 'SUCCEEDED', resourceId: 'i2' },
      { ...running, id: 't3', operation: 'volume.migrate', resourceId: 'i3' }, { ...running, id: 't4', state: 'QUEUED', resourceId: 'i4' }];
    expect(runningMigrations(tasks)).toEqual({ i1: running });
    expect(runningMigrations(undefined)).toEqual({});
    expect(migrationTasksPath()).toBe('/tasks?operation=instance.migrate&state=RUNNING&limit=100');
    expect(migrationTasksPath('i 1')).toBe('/tasks?operation=instance.migrate&state=RUNNING&limit=100&resourceId=i%201');
  });
});

describe('the dashboard of an engine without /summary', () => {
  it('raises a degraded pool as an alarm, with its reason', async () => {
    const { summaryFromLists } = await import('../operator/logic.js');
    const summary = summaryFromLists({ hosts: [], instances: [], tasks: [], clusters: [], pools: [NFS_POOL, LOCAL_POOL] });
    expect(summary.alarms).toEqual([{ kind: 'pool', id: 'p-nfs', name: 'nfs1', state: 'DEGRADED',
      reason: 'host kvm2: qemu-block-extra is not installed', since: null }]);
  });
});
