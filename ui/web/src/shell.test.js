// The portal's frame: navigation groups, installed drivers, the theme, refusals placed in forms.
import { describe, expect, it } from 'vitest';
import { navGroups } from './navigation.js';
import { installedOptions, typesFromPlugins } from './drivers.js';
import { chosenTheme } from './theme.js';
import { atField } from './validation.js';

describe('navigation', () => {
  it('puts the dashboard first and leaves out groups the user has no page in', () => {
    expect(navGroups(['dashboard', 'instances', 'volumes', 'tasks', 'overview'])).toEqual([
      { id: null, pages: ['dashboard'] }, { id: 'compute', pages: ['instances', 'tasks'] }, { id: 'storage', pages: ['volumes'] }]);
  });

  it('gives an administrator every group, user pages before admin pages', () => {
    const groups = navGroups(['dashboard', 'instances', 'tasks', 'volumes', 'images', 'pools', 'networks', 'zones', 'hosts', 'events']);
    expect(groups.map((g) => g.id)).toEqual([null, 'compute', 'storage', 'network', 'administration']);
    expect(groups[1].pages).toEqual(['instances', 'tasks', 'images']);
    expect(groups[2].pages).toEqual(['volumes', 'pools']);
  });
});

describe('installed drivers', () => {
  const plugins = [{ installed: true, services: [{ area: 'network', key: 'container-bridge' }, { area: 'hypervisor', key: 'docker' }] },
    { installed: false, services: [{ area: 'network', key: 'simulator' }] },
    { installed: true, services: [{ area: 'network', key: 'portgroup' }] }];
  const known = ['vlan', 'container-bridge', 'portgroup', 'simulator'].map((v) => ({ value: v, label: v }));

  it('reads the installed types of an area from the plugins', () => {
    expect(typesFromPlugins(plugins, 'network')).toEqual(['container-bridge', 'portgroup']);
    expect(typesFromPlugins(plugins, 'storage')).toEqual([]);
  });

  it('offers only installed types, the unknown installed ones too, and everything when unknown', () => {
    expect(installedOptions(known, ['portgroup', 'container-bridge', 'ovs']).map((o) => o.value))
      .toEqual(['container-bridge', 'portgroup', 'ovs']);
    expect(installedOptions(known, null)).toBe(known);
  });
});

describe('theme', () => {
  it('follows the system until the user chooses', () => {
    expect(chosenTheme(null, true)).toBe('dark');
    expect(chosenTheme(null, false)).toBe('light');
    expect(chosenTheme('light', true)).toBe('light');
    expect(chosenTheme('dark', false)).toBe('dark');
    expect(chosenTheme('purple', false)).toBe('light');
  });
});

describe('where a refusal shows', () => {
  const fields = [{ name: 'name' }, { name: 'sizeGiB' }, { name: 'password', showWhen: (v) => v.type === 'esxi' }];

  it('under the field it names when the form shows that field', () => {
    expect(atField({ field: 'sizeGiB', detail: 'x' }, fields, {})).toBe(true);
  });

  it('at the top otherwise: no field, a field the form lacks (the disk quota), a hidden one', () => {
    expect(atField({ detail: 'x' }, fields, {})).toBe(false);
    expect(atField({ field: 'diskGiB', detail: 'quota exceeded' }, fields, {})).toBe(false);
    expect(atField({ field: 'password', detail: 'x' }, fields, { type: 'kvm' })).toBe(false);
    expect(atField({ field: 'password', detail: 'x' }, fields, { type: 'esxi' })).toBe(true);
  });
});
