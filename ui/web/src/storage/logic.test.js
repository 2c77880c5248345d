import { describe, expect, it } from 'vitest';
import {
  attachableHosts, capacity, copyRefusal, hostCounts, idProblem, localDisks, migrateBody, migrateRefusal, migrationTargets,
  moveMode, poolBody, poolUriProblem, ratioProblem, singleHost, targetPools, taskPercent,
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
});

describe('the dashboard of an engine without /summary', () => {
  it('raises a degraded pool as an alarm, with its reason', async () => {
    const { summaryFromLists } = await import('../operator/logic.js');
    const summary = summaryFromLists({ hosts: [], instances: [], tasks: [], clusters: [], pools: [NFS_POOL, LOCAL_POOL] });
    expect(summary.alarms).toEqual([{ kind: 'pool', id: 'p-nfs', name: 'nfs1', state: 'DEGRADED',
      reason: 'host kvm2: qemu-block-extra is not installed', since: null }]);
  });
});
