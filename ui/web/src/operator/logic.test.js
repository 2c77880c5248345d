import { describe, expect, it } from 'vitest';
import {
  addSample, clusterCapacity, hostFits, hostFree, linePath, niceCeiling, objectRoute, parseTags, percent,
  placementTargets, scale, summaryClusterFree, summaryFromLists, tagsProblem, toPoint,
} from './logic.js';

const at = (s) => new Date(Date.UTC(2026, 11, 7, 12, 0, s)).toISOString();

describe('metrics from cumulative counters', () => {
  it('gives CPU % from the CPU time used between two readings', () => {
    // 1.5 s of CPU time in 3 s of wall time: 50 % of one vCPU
    const point = toPoint({ at: at(0), cpuTimeNanos: 1e9, diskReadBytes: 0, diskWriteBytes: 0, netRxBytes: 100, netTxBytes: 0 },
      { at: at(3), cpuTimeNanos: 2.5e9, memoryMiB: 128, diskReadBytes: 3000, diskWriteBytes: 0, netRxBytes: 400, netTxBytes: 0 });
    expect(point.cpuPercent).toBeCloseTo(50);
    expect(point.diskRead).toBeCloseTo(1000);
    expect(point.netRx).toBeCloseTo(100);
    expect(point.memoryMiB).toBe(128);
  });

  it('gives no rate for the first reading or a counter that went back (a restart)', () => {
    expect(toPoint(null, { at: at(0), cpuTimeNanos: 5 }).cpuPercent).toBeNull();
    expect(toPoint({ at: at(0), cpuTimeNanos: 9e9 }, { at: at(3), cpuTimeNanos: 1e9 }).cpuPercent).toBeNull();
  });

  it('keeps the last samples only and ignores a repeated reading', () => {
    let points = [];
    let last = null;
    for (let s = 0; s < 10; s++) {
      const reading = { at: at(s), cpuTimeNanos: s * 1e8 };
      points = addSample(points, last, reading, 4);
      last = reading;
    }
    expect(points).toHaveLength(4);
    expect(points[3].cpuPercent).toBeCloseTo(10);
    expect(addSample(points, last, { ...last }, 4)).toBe(points);
  });
});

describe('chart scaling', () => {
  it('rounds the top up to 1, 2 or 5 times a power of ten', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(0.3)).toBe(0.5);
    expect(niceCeiling(37)).toBe(50);
    expect(niceCeiling(100)).toBe(100);
    expect(niceCeiling(101)).toBe(200);
  });

  it('maps values into the height, the floor keeping a quiet chart flat', () => {
    const s = scale([0, 3, null], 100, 100);
    expect(s.top).toBe(100);
    expect(s.y(0)).toBe(100);
    expect(s.y(100)).toBe(0);
    expect(s.y(250)).toBe(0);
    expect(scale([120], 50).top).toBe(200);
  });

  it('draws a path broken at gaps', () => {
    expect(linePath([0, 10, null, 5], 30, 10, 10)).toBe('M0.0,10.0L10.0,0.0M30.0,5.0');
    expect(linePath([], 30, 10, 10)).toBe('');
    // a live chart of 4 slots with 2 points: they sit at the right end
    expect(linePath([0, 10], 30, 10, 10, 4)).toBe('M20.0,10.0L30.0,0.0');
  });
});

const host = (over) => ({ id: 'h', name: 'h', type: 'kvm', state: 'UP', clusterId: 'c', cpus: 2, cpuOvercommit: 4,
  allocatedCpus: 3, memoryMiB: 1000, memoryOvercommit: 1, allocatedMemoryMiB: 600, ...over });

describe('free capacity', () => {
  it('is cpus × overcommit less what is allocated, never negative', () => {
    expect(hostFree(host())).toEqual({ cpus: 5, memoryMiB: 400 });
    expect(hostFree(host({ allocatedCpus: 20 })).cpus).toBe(0);
  });

  it('fits a request only on an UP host with room', () => {
    expect(hostFits(host(), { cpus: 5, memoryMiB: 400 })).toBe(true);
    expect(hostFits(host(), { cpus: 6, memoryMiB: 1 })).toBe(false);
    expect(hostFits(host(), { cpus: '1', memoryMiB: '401' })).toBe(false);
    expect(hostFits(host({ state: 'MAINTENANCE' }), { cpus: 1, memoryMiB: 1 })).toBe(false);
  });

  it('sums a cluster over its hosts, counting free room on UP hosts only', () => {
    const c = clusterCapacity({ id: 'c', name: 'c', cpuOvercommit: 4 }, [host(), host({ id: 'h2', state: 'DOWN' }), host({ clusterId: 'x' })]);
    expect(c).toMatchObject({ hosts: 2, hostsUp: 1, cpus: 4, allocatedCpus: 6, free: { cpus: 5, memoryMiB: 400 } });
    expect(summaryClusterFree({ cpus: 4, cpuOvercommit: 2, allocatedCpus: 3, memoryMiB: 100, memoryOvercommit: 1, allocatedMemoryMiB: 150 }))
      .toEqual({ cpus: 5, memoryMiB: 0 });
  });
});

describe('placement targets', () => {
  const inventory = {
    zones: [{ id: 'z', name: 'default', defaultZone: true }, { id: 'z2', name: 'empty' }],
    clusters: [{ id: 'c', name: 'kvm', zoneId: 'z', hypervisorType: 'kvm' }, { id: 'd', name: 'docker', zoneId: 'z', hypervisorType: 'docker' },
      { id: 'e', name: 'idle', zoneId: 'z', hypervisorType: 'kvm' }],
    hosts: [host(), host({ id: 'k', name: 'big', clusterId: null, allocatedCpus: 0, allocatedMemoryMiB: 0 }),
      host({ id: 'dk', type: 'docker', clusterId: 'd' })],
    hostsKnown: true,
  };

  it('says why a target cannot take a VM', () => {
    const out = placementTargets(inventory, { kind: 'vm', cpus: 2, memoryMiB: 512 });
    const why = (rows) => Object.fromEntries(rows.map((r) => [r.id, r.why]));
    expect(why(out.clusters)).toEqual({ c: 'full', d: 'otherKind', e: 'noHostsUp' });
    expect(why(out.hosts)).toEqual({ h: 'full', k: null, dk: 'otherKind' });
    expect(why(out.zones)).toEqual({ z: 'full', z2: 'noClusters' });
    expect(out.clusters[0].free).toEqual({ cpus: 5, memoryMiB: 400 });
  });

  it('offers what fits, containers on docker only', () => {
    const out = placementTargets(inventory, { kind: 'container', cpus: 1, memoryMiB: 64 });
    expect(out.clusters.filter((c) => !c.why).map((c) => c.id)).toEqual(['d']);
    expect(out.zones[0].why).toBeNull();
  });

  it('offers every cluster of the kind when hosts are not known (a user)', () => {
    const out = placementTargets({ ...inventory, hosts: [], hostsKnown: false }, { kind: 'vm', cpus: 64, memoryMiB: 1 });
    expect(out.clusters.map((c) => c.why)).toEqual([null, 'otherKind', null]);
    expect(out.clusters[0].free).toBeNull();
  });
});

describe('summary from lists', () => {
  it('counts states, failures of the last day and alarms', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    const s = summaryFromLists({
      hosts: [host(), host({ id: 'x', name: 'x', state: 'DOWN', stateReason: 'unreachable' })],
      instances: [{ state: 'RUNNING', type: 'vm' }, { state: 'RUNNING', type: 'container' }, { state: 'STOPPED' }],
      tasks: [{ id: 't1', state: 'FAILED', operation: 'instance.create', error: 'no room', updatedAt: '2026-12-07T11:00:00Z' },
        { id: 't2', state: 'FAILED', updatedAt: '2026-12-05T11:00:00Z' }, { id: 't3', state: 'RUNNING' }],
      clusters: [{ id: 'c', name: 'c' }],
      pools: [{ id: 'p', name: 'p', state: 'ERROR', totalBytes: 10, availableBytes: 4 }],
    }, now);
    expect(s.hosts).toEqual({ total: 2, byState: { UP: 1, DOWN: 1 } });
    expect(s.instances.byState).toEqual({ RUNNING: 2, STOPPED: 1 });
    expect(s.instances.byType).toEqual({ vm: 2, container: 1 });
    expect(s.tasks).toEqual({ running: 1, failedLast24h: 1 });
    expect(s.recentFailures.map((f) => f.taskId)).toEqual(['t1', 't2']);
    expect(s.alarms.map((a) => `${a.kind}:${a.name}:${a.reason}`)).toEqual(['host:x:unreachable', 'pool:p:null']);
    expect(s.pools[0].freeBytes).toBe(4);
  });

  it('leaves a refused list empty', () => {
    expect(summaryFromLists({ instances: [{ state: 'RUNNING' }] }).hosts.total).toBe(0);
  });
});

describe('small helpers', () => {
  it('computes bar percents, tags and object links', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 0)).toBe(0);
    expect(percent(9, 4)).toBe(100);
    expect(parseTags(' web, db  web ')).toEqual(['web', 'db']);
    expect(tagsProblem('ok a.b_c-d')).toBeNull();
    expect(tagsProblem('bad/tag')).toBe('ops.tags.bad');
    expect(tagsProblem(Array.from({ length: 17 }, (_, i) => `t${i}`).join(' '))).toBe('ops.tags.tooMany');
    expect(objectRoute(null, 'instance.create', 'i1')).toEqual(['instances', 'i1']);
    expect(objectRoute('pool', null, 'p1')).toEqual(['pools']);
    expect(objectRoute(null, 'weird', 'x')).toBeNull();
  });
});
