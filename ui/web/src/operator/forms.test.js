import { describe, expect, it } from 'vitest';
import { actionsFor, explainRequest, hostPatch, parseSettings, placementBody, settingsText } from './forms.js';

describe('instance actions by state', () => {
  it('offers Start only when not running, Shut down and Power off only when running', () => {
    const running = actionsFor({ state: 'RUNNING', managed: true }, true);
    expect(running).toMatchObject({ start: false, shutdown: true, poweroff: true, reboot: true, adopt: false, delete: true });
    const stopped = actionsFor({ state: 'STOPPED', managed: false }, true);
    expect(stopped).toMatchObject({ start: true, shutdown: false, poweroff: false, reboot: false, adopt: true });
    expect(actionsFor({ state: 'STOPPED', managed: false }, false).adopt).toBe(false);
    expect(actionsFor({ state: 'DELETING' }, true)).toMatchObject({ start: false, resize: false, delete: false });
  });
});

describe('host edit', () => {
  const host = { name: 'kvm1', clusterId: 'c1', username: 'root', settings: { domainType: 'qemu', old: 'x' } };

  it('reads settings lines and writes them back', () => {
    expect(parseSettings('a=1\n b = 2 \n\nbad\n=no')).toEqual({ a: '1', b: '2' });
    expect(settingsText({ a: '1', b: '2' })).toBe('a=1\nb=2');
  });

  it('sends only what changed: a removed setting as null, no cluster as ""', () => {
    const values = { name: 'kvm1', clusterId: '', settings: 'domainType=kvm', username: 'root', password: '' };
    expect(hostPatch(host, values)).toEqual({ clusterId: '', settings: { old: null, domainType: 'kvm' } });
    expect(hostPatch(host, { ...values, clusterId: 'c1', settings: 'domainType=qemu\nold=x' })).toEqual({});
    expect(hostPatch(host, { name: 'kvm2', clusterId: 'c1', settings: settingsText(host.settings), username: 'admin', password: 's' }))
      .toEqual({ name: 'kvm2', username: 'admin', password: 's' });
  });
});

describe('placement requests', () => {
  it('explains in the scope chosen, or the default zone', () => {
    expect(explainRequest({ cpus: '2', memoryMiB: '512', scope: 'none', zoneId: 'z' })).toEqual({ cpus: 2, memoryMiB: 512 });
    expect(explainRequest({ cpus: '1', memoryMiB: '64', scope: 'cluster', clusterId: 'c' })).toEqual({ cpus: 1, memoryMiB: 64, clusterId: 'c' });
    expect(explainRequest({ cpus: '1', memoryMiB: '64', scope: 'hosts', hostIds: ['h'] }).hostIds).toEqual(['h']);
  });

  it('names nothing for automatic placement, else the one target', () => {
    expect(placementBody({ placement: 'auto', hostId: 'h' })).toEqual({});
    expect(placementBody({ placement: 'host', hostId: 'h', clusterId: 'c' })).toEqual({ hostId: 'h' });
    expect(placementBody({ placement: 'zone', zoneId: '' })).toEqual({});
  });
});
