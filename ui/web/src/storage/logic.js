// The shared-storage pages' logic, free of React (unit-tested in logic.test.js): the pool create
// request (type, uri, placement, overcommit, NFS owner settings), a pool's capacity with its
// overcommit, and which moves (copy, move to another pool, migrate an instance) a row may offer.

/** The pool types the form knows; the select narrows them to the installed drivers. */
export const POOL_TYPES = ['local', 'nfs', 'simulator', 'datastore'];
/** Where a pool is attached: one host, every host of a cluster (and those added later), or chosen hosts. */
export const PLACEMENTS = ['host', 'cluster', 'hosts'];
/** A pool's states (kernel PoolState) and its hosts' states (POOL_HOSTS.STATE). */
export const POOL_STATES = ['ATTACHING', 'UP', 'DEGRADED', 'ERROR'];
export const POOL_HOST_STATES = ['ATTACHING', 'UP', 'ERROR', 'UNREACHABLE'];
export const STATE_COLORS = { UP: 'green', ATTACHING: 'blue', DEGRADED: 'orange', ERROR: 'red', UNREACHABLE: 'red' };
/** The defaults the NFS driver uses for the files it creates (libvirt-qemu, kvm). */
export const NFS_DEFAULTS = { nfsUid: '64055', nfsGid: '107' };

/** Types that can only live on one host: no placement choice. */
export const singleHost = (type) => type === 'local' || type === 'datastore';

const NFS_URI = /^nfs:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?\/[^?#@\s]*$/;

/**
 * A message key saying what is wrong with an NFS pool's uri (nfs://server[:port]/export/path, no
 * query, no user info), or null; other types are the engine's to judge.
 */
export function poolUriProblem(type, uri) {
  if (type !== 'nfs' || !uri) {
    return null;
  }
  return NFS_URI.test(String(uri).trim()) ? null : 'pool.badNfsUri';
}

/** An overcommit ratio: empty (no limit) or 1.0 to 100. */
export function ratioProblem(value) {
  if (value === undefined || value === null || String(value).trim() === '') {
    return null;
  }
  const n = Number(value);
  return Number.isFinite(n) && n >= 1 && n <= 100 ? null : 'pool.badRatio';
}

/** A file owner's uid or gid: a whole number 0..4294967294. */
export function idProblem(value) {
  if (value === undefined || value === null || String(value).trim() === '') {
    return null;
  }
  return /^\d{1,10}$/.test(String(value).trim()) && Number(value) < 4294967295 ? null : 'pool.badId';
}

/**
 * The POST /storage-pools body of the form's values: exactly one placement field (hostId,
 * clusterId or hostIds), overcommitRatio as a number when given, the NFS owner as settings when
 * typed (the engine's defaults otherwise).
 */
export function poolBody(values) {
  const out = { name: values.name, type: values.type, uri: String(values.uri || '').trim() };
  const placement = singleHost(values.type) ? 'host' : values.placement || 'host';
  if (placement === 'cluster') {
    out.clusterId = values.clusterId;
  } else if (placement === 'hosts') {
    out.hostIds = [...(values.hostIds || [])];
  } else {
    out.hostId = values.hostId;
  }
  if (values.overcommitRatio !== undefined && String(values.overcommitRatio).trim() !== '') {
    out.overcommitRatio = Number(values.overcommitRatio);
  }
  if (values.type === 'nfs') {
    const settings = {};
    for (const key of ['nfsUid', 'nfsGid']) {
      const v = values[`settings.${key}`];
      if (v !== undefined && String(v).trim() !== '') {
        settings[key] = String(v).trim();
      }
    }
    if (Object.keys(settings).length) {
      out.settings = settings;
    }
  }
  return out;
}

/**
 * A pool's space: total, free, allocated (virtual sizes of its volumes and images), the limit
 * the overcommit ratio sets (total × ratio; null: no limit) and how full that limit is (percent);
 * null fields where the engine did not say.
 */
export function capacity(pool) {
  const total = pool.totalBytes ?? null;
  const free = pool.availableBytes ?? null;
  const allocated = pool.allocatedBytes ?? null;
  const ratio = pool.overcommitRatio ?? null;
  const limit = total != null && ratio != null ? total * ratio : null;
  const of = limit ?? total;
  const percent = allocated != null && of ? Math.min(100, (100 * allocated) / of) : null;
  const usedPercent = total ? Math.min(100, (100 * (total - (free ?? total))) / total) : null;
  return { total, free, allocated, ratio, limit, percent, usedPercent };
}

/** "2 of 3 up": the pool's hosts by state (engines before issue 16: no hosts list, null). */
export function hostCounts(pool) {
  if (!Array.isArray(pool.hosts)) {
    return null;
  }
  return { up: pool.hosts.filter((h) => h.state === 'UP').length, total: pool.hosts.length };
}

/** The hosts a pool may still be attached to: not attached yet, and (a cluster pool) any host. */
export function attachableHosts(pool, hosts) {
  const attached = new Set((pool.hosts || []).map((h) => h.hostId));
  return (hosts || []).filter((h) => !attached.has(h.id));
}

/** The instance a volume is attached to, or null. */
const owner = (volume, instances) => (volume.instanceId ? (instances || []).find((i) => i.id === volume.instanceId) || null : null);

/** A message key when the volume cannot be copied now (its running instance writes to it), else null. */
export function copyRefusal(volume, instances) {
  const instance = owner(volume, instances);
  if (volume.state === 'CREATING' || volume.state === 'DELETING') {
    return 'volume.busy';
  }
  return instance && instance.state !== 'STOPPED' ? 'volume.copyRunning' : null;
}

/**
 * How "Move to pool…" moves a volume: 'live' (its instance runs: the disk is copied while the
 * guest writes, then switched over), 'offline' (detached or stopped: copied, then the original
 * deleted), or a refusal key.
 */
export function moveMode(volume, instances) {
  if (volume.state === 'CREATING' || volume.state === 'DELETING') {
    return { refusal: 'volume.busy' };
  }
  const instance = owner(volume, instances);
  if (!instance || instance.state === 'STOPPED') {
    return { mode: 'offline' };
  }
  if (instance.state === 'RUNNING') {
    return { mode: 'live', instance: instance.name };
  }
  return { refusal: 'volume.moveInstanceBusy' };
}

/**
 * The pools a volume can go to: any but its own, not failed (a DEGRADED pool may still serve some
 * hosts); a running instance's disk (a live move) only to pools attached and UP on its host, where
 * the view says (admins).
 */
export const targetPools = (volume, instance) => (pool) => pool.id !== volume.poolId && pool.state !== 'ERROR'
  && !(instance && instance.id === volume.instanceId && instance.state === 'RUNNING' && Array.isArray(pool.hosts)
    && !pool.hosts.some((h) => h.hostId === instance.hostId && h.state === 'UP'));

/**
 * Why an admin may not migrate this instance now (a message key), or null: only managed VMs
 * that run (live) or are stopped (offline), and not while a migration of it runs (`migration`:
 * its running instance.migrate task, see runningMigrations). Hidden for everyone else. Disks on
 * a pool only the current host reaches do not stop a running KVM instance (see localDiskRefusal).
 */
export function migrateRefusal(instance, migration) {
  if (instance.managed === false) {
    return 'migrate.unmanaged';
  }
  if (instance.type === 'container' || (instance.details && instance.details.kind === 'container')) {
    return 'migrate.container';
  }
  if (migration) {
    return 'migrate.running';
  }
  if (!['RUNNING', 'STOPPED'].includes(instance.state)) {
    return 'migrate.state';
  }
  return null;
}

/** The hypervisor types whose running instances take their disks along (shared-nothing live migration). */
export const DISK_CARRYING_TYPES = ['kvm'];

/**
 * True when a migration of this instance copies the disks the target does not reach along while
 * it runs: a running instance on a host whose driver can (KVM; an engine that does not say the
 * host type is given the benefit of the doubt, it refuses otherwise).
 */
export const carriesDisks = (instance) => instance.state === 'RUNNING'
  && (!instance.hostType || DISK_CARRYING_TYPES.includes(instance.hostType));

/**
 * Why these disks (localDisks) stop the migration (a message key), or null: a running KVM
 * instance takes them along; a stopped one (or another hypervisor's) must have them moved to a
 * shared pool first, as the engine answers 409.
 */
export function localDiskRefusal(instance, disks) {
  return disks && disks.length > 0 && !carriesDisks(instance) ? 'migrate.localDisks' : null;
}

/**
 * The pools the disks the target does not reach may be copied to: UP ones, not a pool only the
 * current host reaches, and (a host chosen, admins see the pool's hosts) attached and UP on the
 * target; the roomiest first.
 */
export function carryPools(pools, instance, hostId) {
  const upOn = (pool, id) => pool.hosts.some((h) => h.hostId === id && h.state === 'UP');
  return (pools || []).filter((p) => p.state === 'UP')
    .filter((p) => !Array.isArray(p.hosts) || p.hosts.some((h) => h.hostId !== instance.hostId && h.state === 'UP'))
    .filter((p) => !hostId || !Array.isArray(p.hosts) || upOn(p, hostId))
    .sort((a, b) => (b.availableBytes ?? -1) - (a.availableBytes ?? -1) || String(a.name).localeCompare(String(b.name)));
}

/** The bandwidth cap typed: empty (no cap) or a whole number of MiB/s from 0 (no cap) to 1000000. */
export function bandwidthProblem(value) {
  if (value === undefined || value === null || String(value).trim() === '') {
    return null;
  }
  const text = String(value).trim();
  return /^\d{1,7}$/.test(text) && Number(text) <= 1000000 ? null : 'migrate.badBandwidth';
}

/** The hosts an instance can be migrated to: the same hypervisor type, not its own host, UP. */
export function migrationTargets(instance, hosts) {
  return (hosts || []).filter((h) => h.id !== instance.hostId && h.state === 'UP'
    && (!instance.hostType || h.type === instance.hostType));
}

/**
 * The instance's disks on pools its next host cannot reach (a pool that is not shared): a running
 * KVM instance takes them along, otherwise the engine refuses to migrate until they are moved.
 * Engines before issue 16 (no `shared`): none.
 */
export function localDisks(volumes, pools) {
  const byId = Object.fromEntries((pools || []).map((p) => [p.id, p]));
  return (volumes || []).filter((v) => byId[v.poolId] && byId[v.poolId].shared === false)
    .map((v) => ({ volume: v.name, pool: byId[v.poolId].name }));
}

/**
 * The migrate request with only what was set: the host (else automatic placement), the pool for
 * the disks the target does not reach (else the target's roomiest), the bandwidth cap in MiB/s as
 * a number (else none). A string is the host alone.
 */
export function migrateBody(choice) {
  const { hostId, storagePoolId, bandwidthMiBps } = typeof choice === 'object' && choice ? choice : { hostId: choice };
  const out = {};
  if (hostId) {
    out.hostId = hostId;
  }
  if (storagePoolId) {
    out.storagePoolId = storagePoolId;
  }
  if (bandwidthMiBps !== undefined && bandwidthMiBps !== null && String(bandwidthMiBps).trim() !== '') {
    out.bandwidthMiBps = Number(String(bandwidthMiBps).trim());
  }
  return out;
}

/** The operation of an instance's migration task. */
export const MIGRATE_OPERATION = 'instance.migrate';

/**
 * The running migrations among tasks (GET /tasks), by instance id: what "Cancel migration" may
 * abort (the engine aborts a RUNNING one only; a queued one has not reached the host yet).
 */
export function runningMigrations(tasks) {
  const out = {};
  for (const task of tasks || []) {
    if (task && task.operation === MIGRATE_OPERATION && task.state === 'RUNNING' && task.resourceId && !out[task.resourceId]) {
      out[task.resourceId] = task;
    }
  }
  return out;
}

/** The path of the running-migrations query (admins), narrowed to one instance when given. */
export const migrationTasksPath = (instanceId) => `/tasks?operation=${MIGRATE_OPERATION}&state=RUNNING&limit=100${
  instanceId ? `&resourceId=${encodeURIComponent(instanceId)}` : ''}`;

/** A task's progress in percent: its own (a long copy reports it), else its steps done. */
export function taskPercent(task) {
  if (!task) {
    return 0;
  }
  if (task.state === 'SUCCEEDED') {
    return 100;
  }
  if (task.progress != null) {
    return Math.max(0, Math.min(100, task.progress));
  }
  return task.stepCount ? (100 * task.stepsDone) / task.stepCount : 0;
}
