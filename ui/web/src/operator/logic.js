// The operator pages' arithmetic, kept free of React so it can be unit-tested: CPU percent from
// cumulative counters, free capacity of hosts and clusters, which placement targets can take a
// request, the scaling of the small charts, and a summary computed from the lists when the
// engine has no GET /summary.

/** How many samples the metrics charts keep: ~5 minutes at one every 3 s. */
export const KEEP_SAMPLES = 100;

const seconds = (iso) => new Date(iso).getTime() / 1000;

/**
 * One metrics point per pair of successive stats answers: CPU % (the CPU time used over the
 * wall time between them, 100 % = one vCPU fully busy, times the vCPUs at most), memory, and disk
 * and network rates in bytes per second. A counter that went down (the guest restarted) gives no
 * rate for that interval (null) rather than a negative one.
 */
export function toPoint(previous, current) {
  const point = { at: current.at, memoryMiB: current.memoryMiB };
  const elapsed = previous ? seconds(current.at) - seconds(previous.at) : 0;
  const rate = (field, scale = 1) => {
    if (!previous || elapsed <= 0 || current[field] < previous[field]) {
      return null;
    }
    return (current[field] - previous[field]) / scale / elapsed;
  };
  point.cpuPercent = rate('cpuTimeNanos', 1e7); // ns per s / 1e9 * 100
  point.diskRead = rate('diskReadBytes');
  point.diskWrite = rate('diskWriteBytes');
  point.netRx = rate('netRxBytes');
  point.netTx = rate('netTxBytes');
  if (typeof current.cpuPercent === 'number') { // a driver that reports it directly wins
    point.cpuPercent = current.cpuPercent;
  }
  return point;
}

/** Adds a stats answer to the kept points (the last `keep` of them); `last` is the previous raw answer. */
export function addSample(points, last, current, keep = KEEP_SAMPLES) {
  if (last && last.at === current.at) {
    return points; // the same reading twice
  }
  return [...points, toPoint(last, current)].slice(-keep);
}

/**
 * A chart's scale: the largest value (at least `floor`, rounded up to a readable step) and a
 * function from a value to a y coordinate inside `height` (0 at the top); null values are gaps.
 */
export function scale(values, height, floor = 1) {
  const present = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  const top = niceCeiling(Math.max(floor, ...present));
  return { top, y: (v) => height - (Math.max(0, Math.min(v, top)) / top) * height };
}

/** The smallest 1, 2 or 5 × 10^n at or above a value. */
export function niceCeiling(value) {
  if (!(value > 0)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value - 1e-9) {
      return step * power;
    }
  }
  return 10 * power;
}

/**
 * An SVG path through the points, broken where a value is null: the newest at the right edge,
 * each `width / (slots - 1)` left of the next (slots: the points a full chart holds, so a live
 * chart fills from the right and then scrolls).
 */
export function linePath(values, width, height, top, slots = values.length) {
  const n = values.length;
  const step = slots <= 1 ? 0 : width / (slots - 1);
  const x = (i) => width - (n - 1 - i) * step;
  const y = (v) => height - (Math.max(0, Math.min(v, top)) / top) * height;
  let path = '';
  let pen = false;
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  return path;
}

/** What a host can still give: vCPUs (cpus × overcommit − allocated) and memory likewise, never below 0. */
export function hostFree(host) {
  const cpus = Math.floor((host.cpus || 0) * (host.cpuOvercommit || 1)) - (host.allocatedCpus || 0);
  const memory = Math.floor((host.memoryMiB || 0) * (host.memoryOvercommit || 1)) - (host.allocatedMemoryMiB || 0);
  return { cpus: Math.max(0, cpus), memoryMiB: Math.max(0, memory) };
}

/** Whether a host is UP and has room for the request ({cpus, memoryMiB}, numbers or empty). */
export function hostFits(host, request) {
  if (host.state !== 'UP') {
    return false;
  }
  const free = hostFree(host);
  return free.cpus >= (Number(request.cpus) || 0) && free.memoryMiB >= (Number(request.memoryMiB) || 0);
}

export const CONTAINER_TYPES = ['docker'];
/** Whether a hypervisor type runs this kind (vm or container); an unknown type runs either. */
export function runsKind(type, kind) {
  return !type || CONTAINER_TYPES.includes(type) === (kind === 'container');
}

/**
 * A cluster's capacity from its hosts: totals with overcommit, what is allocated, what is free
 * (summed over UP hosts), the largest free block on one UP host, and how many hosts are UP.
 */
export function clusterCapacity(cluster, hosts) {
  const members = hosts.filter((h) => h.clusterId === cluster.id);
  const up = members.filter((h) => h.state === 'UP');
  const sum = (list, f) => list.reduce((total, h) => total + f(h), 0);
  return {
    id: cluster.id, name: cluster.name, hypervisorType: cluster.hypervisorType,
    hosts: members.length, hostsUp: up.length,
    cpus: sum(members, (h) => h.cpus || 0), allocatedCpus: sum(members, (h) => h.allocatedCpus || 0),
    cpuOvercommit: cluster.cpuOvercommit || 1,
    memoryMiB: sum(members, (h) => h.memoryMiB || 0), allocatedMemoryMiB: sum(members, (h) => h.allocatedMemoryMiB || 0),
    memoryOvercommit: cluster.memoryOvercommit || 1,
    free: { cpus: sum(up, (h) => hostFree(h).cpus), memoryMiB: sum(up, (h) => hostFree(h).memoryMiB) },
  };
}

/** Free capacity of a /summary cluster row (no per-host detail: the totals with overcommit, less allocation). */
export function summaryClusterFree(c) {
  return {
    cpus: Math.max(0, Math.floor(c.cpus * (c.cpuOvercommit || 1)) - c.allocatedCpus),
    memoryMiB: Math.max(0, Math.floor(c.memoryMiB * (c.memoryOvercommit || 1)) - c.allocatedMemoryMiB),
  };
}

/**
 * The wizard's placement choices for a request ({kind, cpus, memoryMiB}): every zone, cluster and
 * host of the right kind, each with `free` capacity (null when unknown: a user sees no hosts) and
 * `why` it cannot take the request (null when it can): 'noHostsUp', 'full', 'otherKind'.
 * Hosts are known only to admins; a cluster's verdict needs its hosts, else it is offered as is.
 */
export function placementTargets({ zones = [], clusters = [], hosts = [], hostsKnown = false }, request) {
  const kind = request.kind || 'vm';
  const hostRow = (h) => ({ id: h.id, name: h.name, type: h.type, state: h.state, clusterId: h.clusterId, free: hostFree(h),
    why: !runsKind(h.type, kind) ? 'otherKind' : h.state !== 'UP' ? 'notUp' : hostFits(h, request) ? null : 'full' });
  const hostRows = hosts.map(hostRow);
  const clusterRows = clusters.map((c) => {
    if (!runsKind(c.hypervisorType, kind)) {
      return { id: c.id, name: c.name, type: c.hypervisorType, zoneId: c.zoneId, free: null, why: 'otherKind' };
    }
    if (!hostsKnown) {
      return { id: c.id, name: c.name, type: c.hypervisorType, zoneId: c.zoneId, free: null, why: null };
    }
    const capacity = clusterCapacity(c, hosts);
    const members = hostRows.filter((h) => h.clusterId === c.id);
    const why = capacity.hostsUp === 0 ? 'noHostsUp' : members.some((h) => h.why === null) ? null : 'full';
    return { id: c.id, name: c.name, type: c.hypervisorType, zoneId: c.zoneId, free: capacity.free, why };
  });
  const zoneRows = zones.map((z) => {
    const inZone = clusterRows.filter((c) => c.zoneId === z.id && c.why !== 'otherKind');
    const why = !hostsKnown ? null : inZone.some((c) => c.why === null) ? null : inZone.length ? 'full' : 'noClusters';
    return { id: z.id, name: z.name, defaultZone: !!z.defaultZone, free: null, why };
  });
  return { zones: zoneRows, clusters: clusterRows, hosts: hostRows };
}

const count = (items, key) => items.reduce((out, item) => {
  const value = key(item);
  out[value] = (out[value] || 0) + 1;
  return out;
}, {});

const DAY = 24 * 3600 * 1000;

/**
 * The shape of GET /summary computed from the lists (an engine without /summary): whatever list
 * was refused or missing is given as null and leaves its part empty.
 */
export function summaryFromLists({ hosts, instances, tasks, clusters, pools }, now = Date.now()) {
  const h = hosts || [];
  const i = instances || [];
  const tk = tasks || [];
  const failed = tk.filter((task) => task.state === 'FAILED' || task.state === 'ROLLED_BACK');
  return {
    hosts: { total: h.length, byState: count(h, (x) => x.state) },
    instances: { total: i.length, byState: count(i, (x) => x.state), byType: count(i, (x) => x.type || 'vm') },
    tasks: {
      running: tk.filter((task) => task.state === 'RUNNING' || task.state === 'QUEUED').length,
      failedLast24h: failed.filter((task) => now - new Date(task.updatedAt || task.createdAt).getTime() < DAY).length,
    },
    clusters: (clusters || []).map((c) => clusterCapacity(c, h)),
    pools: (pools || []).map((p) => ({ id: p.id, name: p.name, type: p.type, state: p.state,
      stateReason: p.stateReason || null, totalBytes: p.totalBytes, freeBytes: p.availableBytes })),
    recentFailures: failed.slice(0, 10).map((task) => ({ taskId: task.id, operation: task.operation,
      resourceType: task.resourceType || null, resourceId: task.resourceId, resourceName: task.resourceName || null,
      error: task.error, user: task.user, at: task.updatedAt || task.createdAt })),
    alarms: [
      ...h.filter((x) => x.state !== 'UP').map((x) => ({ kind: 'host', id: x.id, name: x.name, state: x.state,
        reason: x.stateReason, since: x.lastProbe })),
      // a degraded pool (issue 16: a host or the shared probe failed) is an alarm too
      ...(pools || []).filter((p) => p.state === 'ERROR' || p.state === 'DEGRADED').map((p) => ({ kind: 'pool', id: p.id, name: p.name,
        state: p.state, reason: p.stateReason || null, since: null })),
    ],
  };
}

/** A bar's percent (0–100) of used over total; 0 when the total is unknown or 0. */
export function percent(used, total) {
  return total > 0 ? Math.min(100, Math.round((100 * used) / total)) : 0;
}

/** The tag list typed as "a, b c": split on commas and spaces, empties dropped, duplicates once. */
export function parseTags(text) {
  return [...new Set(String(text || '').split(/[\s,]+/).filter(Boolean))];
}

const TAG = /^[A-Za-z0-9._-]{1,32}$/;
/** The message key of what is wrong with typed tags, or null (1–32 of A–Z a–z 0–9 . _ -, at most 16). */
export function tagsProblem(text) {
  const tags = parseTags(text);
  if (tags.length > 16) {
    return 'ops.tags.tooMany';
  }
  return tags.every((tag) => TAG.test(tag)) ? null : 'ops.tags.bad';
}

const PAGES = { instance: 'instances', host: 'hosts', volume: 'volumes', pool: 'pools', network: 'networks',
  cluster: 'clusters', zone: 'zones', vdc: 'vdcs', user: 'users', image: 'images' };
/**
 * The route of a task's or alarm's object: [page, id] or null. The type comes from resourceType, or
 * else from the operation's prefix (instance.create → instance). Instances and hosts have detail
 * pages; the others open their list.
 */
export function objectRoute(type, operation, id) {
  const kind = type || (operation ? String(operation).split('.')[0] : null);
  const page = PAGES[kind];
  if (!page) {
    return null;
  }
  return page === 'instances' || page === 'hosts' ? [page, id] : [page];
}
