import { describe, expect, it } from 'vitest';
import { inUse, isBootDisk, matches, pluginUsage, typed, undeletable, volumeRefusal } from './safety.js';

const kvm = { id: 'ovm-plugin-kvm', installed: true, services: [{ area: 'hypervisor', key: 'kvm' }] };
const local = { id: 'ovm-plugin-local-storage', installed: true, services: [{ area: 'storage', key: 'local' }] };

describe('what may be deleted', () => {
  it('not your own account, but other users', () => {
    expect(undeletable('users', { username: 'admin' }, { username: 'admin' })).toBe('safety.ownAccount');
    expect(undeletable('users', { username: 'alice' }, { username: 'admin' })).toBeNull();
  });

  it('not a built-in placement policy', () => {
    expect(undeletable('policies', { builtIn: true }, null)).toBe('safety.builtIn');
    expect(undeletable('policies', { builtIn: false }, null)).toBeNull();
  });
});

describe('type-to-confirm', () => {
  it('for deleting zones, clusters, hosts and pools, not volumes or users', () => {
    for (const page of ['zones', 'clusters', 'hosts', 'pools']) {
      expect(typed(page, 'delete')).toBe(true);
    }
    expect(typed('volumes', 'delete')).toBe(false);
    expect(typed('users', 'delete')).toBe(false);
  });

  it('for uninstalling a plugin only while something uses it', () => {
    const usage = pluginUsage(kvm, { hosts: [{ name: 'local-kvm', type: 'kvm' }, { name: 'd', type: 'docker' }] });
    expect(usage).toEqual({ hosts: ['local-kvm'], pools: [], networks: [] });
    expect(inUse(usage)).toBe(true);
    expect(typed('plugins', 'uninstall', usage)).toBe(true);
    const unused = pluginUsage(local, { hosts: [{ name: 'local-kvm', type: 'kvm' }] });
    expect(inUse(unused)).toBe(false);
    expect(typed('plugins', 'uninstall', unused)).toBe(false);
  });

  it('the name must be typed exactly', () => {
    expect(matches(' nue-zone ', 'nue-zone')).toBe(true);
    expect(matches('nue', 'nue-zone')).toBe(false);
    expect(matches('NUE-ZONE', 'nue-zone')).toBe(false);
  });
});

describe('volumes', () => {
  const vm = { id: 'i1', name: 'vm1', state: 'RUNNING' };
  const boot = { name: 'vm1-disk0.qcow2', instanceId: 'i1' };
  const data = { name: 'data1', instanceId: 'i1' };

  it('knows a boot disk by the name the engine gives it', () => {
    expect(isBootDisk(boot, vm)).toBe(true);
    expect(isBootDisk(data, vm)).toBe(false);
    expect(isBootDisk({ name: 'vm1-disk0.qcow2', instanceId: null }, vm)).toBe(false);
  });

  it('no detach of a running VM\'s boot disk, no delete of an attached volume, no grow while in use', () => {
    expect(volumeRefusal('detach', boot, [vm])).toBe('volume.bootDiskRunning');
    expect(volumeRefusal('detach', data, [vm])).toBeNull();
    expect(volumeRefusal('detach', boot, [{ ...vm, state: 'STOPPED' }])).toBeNull();
    expect(volumeRefusal('delete', boot, [vm])).toBe('volume.bootDisk');
    expect(volumeRefusal('delete', data, [vm])).toBe('volume.detachFirst');
    expect(volumeRefusal('delete', { name: 'x', instanceId: null }, [vm])).toBeNull();
    expect(volumeRefusal('grow', data, [vm])).toBe('volume.stopFirst');
  });
});
