import { ResourcePage } from './ResourcePage.jsx';
import { HOSTS_SPEC } from './hosts.jsx';
import { HYPERVISORS } from './hostForm.js';
import { EVENTS_SPEC } from './EventsPage.jsx';
import { IMAGES_SPEC, NETWORKS_SPEC, POOLS_SPEC } from './storage.jsx';
import { pluginUsage, inUse } from './safety.js';
import { created, name, nameField } from './columns.js';
import { BALANCING_FIELDS, balancingActions, balancingBody, balancingColumn, balancingInitial } from './balancing.js';
import { BalanceReport } from './BalanceReport.jsx';

const QUOTA_DIMENSIONS = ['instances', 'cpus', 'memoryMiB', 'diskGiB', 'ips'];
const quota = (i, t) => QUOTA_DIMENSIONS
  .map((d) => `${t('quota.' + d)} ${t.number(i.usage[d])}/${i.quota[d] == null ? '∞' : t.number(i.quota[d])}`).join(' · ');
const quotaHint = (d) => (d === 'diskGiB' ? 'quota.diskHint' : undefined);
const ROLES = ['user', 'vdc-admin', 'admin'].map((r) => ({ value: r, label: 'role.' + r, translate: true }));
const byId = (items, id) => (items || []).find((i) => i.id === id);

/** The administration pages, as specs of the generic resource page. */
export const ADMIN_SPECS = {
  zones: {
    id: 'zones', title: 'nav.zones', createTitle: 'zones.create', path: '/zones', deleteMessage: 'confirm.deleteZone',
    columns: [name, { key: 'description', label: 'col.description', value: (i) => i.description || '' },
      { key: 'default', label: 'col.default', value: (i, t) => (i.defaultZone ? t('managed.yes') : '') }, created],
    fields: [nameField, { name: 'description', label: 'col.description' }],
    actions: [
      // engines that can edit zones say which one is the default (ZoneView.defaultZone)
      { id: 'edit', label: 'form.edit', method: 'PATCH', path: (i) => `/zones/${i.id}`, when: (i) => 'defaultZone' in i,
        fields: [nameField, { name: 'description', label: 'col.description' }],
        initial: (i) => ({ name: i.name, description: i.description || '' }),
        toBody: (v) => ({ name: v.name, description: v.description || '' }) },
      // the default zone takes instances created without a host, cluster or zone (engines that know it)
      { id: 'make-default', label: 'zone.makeDefault', method: 'PATCH', path: (i) => `/zones/${i.id}`,
        when: (i) => i.defaultZone === false, confirm: (i, t) => t('confirm.defaultZone', { name: i.name }),
        body: { defaultZone: true } }],
  },
  clusters: {
    id: 'clusters', title: 'nav.clusters', createTitle: 'clusters.create', path: '/clusters', deleteMessage: 'confirm.deleteCluster',
    context: { policies: '/placement-policies?limit=1000', zones: '/zones?limit=1000', hosts: '/hosts?limit=1000' },
    columns: [name, { key: 'zone', label: 'col.zone', value: (i, t, c) => (byId(c.zones, i.zoneId) || {}).name || '' },
      { key: 'type', label: 'col.hypervisorType', value: (i) => i.hypervisorType || '' },
      // the policy's name, as the Policies page shows it (review D16)
      { key: 'policy', label: 'col.policy', value: (i, t, c) => (byId(c.policies, i.placementPolicy) || { name: i.placementPolicy }).name },
      { key: 'overcommit', label: 'col.overcommit', value: (i, t) => t('cluster.overcommitOf',
        { cpu: t.number(i.cpuOvercommit, 2), memory: t.number(i.memoryOvercommit, 2) }) }, balancingColumn, created],
    fields: [nameField,
      { name: 'zoneId', label: 'col.zone', type: 'select', required: true, optionsFrom: { path: '/zones?limit=1000' } },
      { name: 'hypervisorType', label: 'col.hypervisorType', type: 'select', options: HYPERVISORS, drivers: 'hypervisor' },
      ...BALANCING_FIELDS],
    actions: [{ id: 'edit', label: 'form.edit', method: 'PATCH', path: (i) => `/clusters/${i.id}`,
      fields: [{ name: 'placementPolicy', label: 'col.policy', type: 'select', required: true,
        optionsFrom: { path: '/placement-policies?limit=1000' } },
      { name: 'cpuOvercommit', label: 'cluster.cpuOvercommit', type: 'decimal', required: true, hint: 'cluster.overcommitHint' },
      { name: 'memoryOvercommit', label: 'cluster.memoryOvercommit', type: 'decimal', required: true },
      ...BALANCING_FIELDS],
      initial: (i) => ({ placementPolicy: i.placementPolicy, cpuOvercommit: String(i.cpuOvercommit),
        memoryOvercommit: String(i.memoryOvercommit), ...balancingInitial(i) }),
      toBody: (v) => ({ placementPolicy: v.placementPolicy, cpuOvercommit: Number(v.cpuOvercommit),
        memoryOvercommit: Number(v.memoryOvercommit), balancing: balancingBody(v) }) },
    ...balancingActions((reply, item, t, c) => <BalanceReport report={reply} t={t} hosts={c.hosts} />)],
  },
  hosts: HOSTS_SPEC,
  vdcs: {
    id: 'vdcs', title: 'nav.vdcs', createTitle: 'vdcs.create', path: '/vdcs', deleteMessage: 'confirm.deleteVdc',
    columns: [name, { key: 'quota', label: 'col.quota', value: quota }, created],
    fields: [nameField, ...QUOTA_DIMENSIONS.map((d) => ({ name: 'quota.' + d, label: 'quota.' + d, type: 'number', min: 0,
      hint: quotaHint(d) }))],
    actions: [{ id: 'edit-quota', label: 'vdc.editQuota', method: 'PUT', path: (i) => `/vdcs/${i.id}/quota`,
      fields: QUOTA_DIMENSIONS.map((d) => ({ name: d, label: 'quota.' + d, type: 'number', min: 0, hint: quotaHint(d) })),
      initial: (i) => Object.fromEntries(QUOTA_DIMENSIONS.filter((d) => i.quota[d] != null).map((d) => [d, String(i.quota[d])])) }],
  },
  users: {
    id: 'users', title: 'nav.users', createTitle: 'users.create', path: '/users', deleteMessage: 'confirm.deleteUser',
    searchText: (u) => u.username,
    context: { vdcs: '/vdcs?limit=1000' },
    columns: [{ key: 'username', label: 'login.username', value: (i) => i.username, sort: 'username' },
      { key: 'role', label: 'col.role', value: (i, t) => t('role.' + i.role) },
      // which VDC each user is in: "VDC still has users" can be solved from here (review D13)
      { key: 'vdc', label: 'col.vdc', value: (i, t, c) => (i.vdcId ? (byId(c.vdcs, i.vdcId) || {}).name || i.vdcId : '') },
      created],
    fields: [{ name: 'username', label: 'login.username', required: true },
      { name: 'password', label: 'login.password', type: 'password', required: true },
      { name: 'role', label: 'col.role', type: 'select', required: true, options: ROLES },
      { name: 'vdcId', label: 'col.vdc', type: 'select', optionsFrom: { path: '/vdcs?limit=1000' } }],
    actions: [
      { id: 'edit', label: 'form.edit', method: 'PATCH', path: (i) => `/users/${i.id}`,
        fields: [{ name: 'role', label: 'col.role', type: 'select', required: true, options: ROLES },
          { name: 'vdcId', label: 'col.vdc', type: 'select', optionsFrom: { path: '/vdcs?limit=1000' } }],
        initial: (i) => ({ role: i.role, vdcId: i.vdcId || '' }),
        toBody: (v) => ({ role: v.role, vdcId: v.vdcId || '' }) },
      { id: 'reset-password', label: 'user.resetPassword', method: 'PUT', path: (i) => `/users/${i.id}/password`,
        fields: [{ name: 'password', label: 'user.newPassword', type: 'password', required: true, hint: 'user.resetHint' }],
        toBody: (v) => ({ password: v.password }) }],
  },
};

/** "a=1, b=2" as [["a","1"],["b","2"]]. */
const pairs = (text) => (text || '').split(',').map((p) => p.trim()).filter(Boolean).map((p) => p.split('=').map((x) => x.trim()));
const POLICY_FIELDS = [nameField, { name: 'description', label: 'col.description' },
  { name: 'scorers', label: 'col.scorers', required: true, placeholder: 'free-memory=2, fewest-instances=1' },
  { name: 'filters', label: 'col.filters', placeholder: 'hello-exclude' },
  { name: 'parameters', label: 'col.parameters', placeholder: 'tieBreak=name' }];
const policyBody = (v) => ({ name: v.name, description: v.description || undefined,
  scorers: Object.fromEntries(pairs(v.scorers).map(([k, w]) => [k, Number(w || 1)])),
  filters: (v.filters || '').split(',').map((f) => f.trim()).filter(Boolean),
  parameters: Object.fromEntries(pairs(v.parameters)) });

/** Who uses a plugin, in words: "hosts local-kvm; pools local". */
const usageText = (usage, t) => ['hosts', 'pools', 'networks'].filter((k) => usage[k].length)
  .map((k) => `${t('plugin.used.' + k)} ${usage[k].join(', ')}`).join('; ');

Object.assign(ADMIN_SPECS, {
  pools: POOLS_SPEC,
  networks: NETWORKS_SPEC,
  images: IMAGES_SPEC,
  policies: {
    id: 'policies', title: 'nav.policies', createTitle: 'policies.create', path: '/placement-policies',
    deleteMessage: 'confirm.deletePolicy',
    columns: [name, { key: 'scorers', label: 'col.scorers', value: (i) => Object.entries(i.scorers).map(([k, v]) => `${k}×${v}`).join(', ') },
      { key: 'default', label: 'col.default', value: (i, t) => (i.defaultPolicy ? t('managed.yes') : '') },
      { key: 'builtIn', label: 'col.builtIn', value: (i, t) => (i.builtIn ? t('managed.yes') : '') },
      { key: 'clusters', label: 'nav.clusters', value: (i) => i.clusters.join(', ') }],
    fields: POLICY_FIELDS,
    toBody: policyBody,
    actions: [{ id: 'make-default', label: 'policy.makeDefault', when: (i) => !i.defaultPolicy,
      path: (i) => `/placement-policies/${i.id}/default`, method: 'PUT' },
    { id: 'edit', label: 'form.edit', when: (i) => !i.builtIn, method: 'PUT', path: (i) => `/placement-policies/${i.id}`,
      fields: POLICY_FIELDS, toBody: policyBody,
      initial: (i) => ({ name: i.name, description: i.description || '',
        scorers: Object.entries(i.scorers).map(([k, w]) => `${k}=${w}`).join(', '), filters: i.filters.join(', '),
        parameters: Object.entries(i.parameters).map(([k, v]) => `${k}=${v}`).join(', ') }) }],
  },
  plugins: {
    id: 'plugins', title: 'nav.plugins', path: '/plugins', noDelete: true, searchText: (p) => p.id,
    upload: { path: '/plugins', accept: '.kar', label: 'upload.kar' },
    // what each plugin's services are used by: removing one in use is typed out
    context: { hosts: '/hosts?limit=1000', pools: '/storage-pools?limit=1000', networks: '/networks?limit=1000' },
    columns: [{ key: 'id', label: 'col.name', value: (i) => i.id }, { key: 'version', label: 'col.version', value: (i) => i.version },
      { key: 'installed', label: 'col.installed', value: (i, t) => (i.installed ? t('managed.yes') : t('plugin.notInstalled')) },
      { key: 'usedBy', label: 'col.usedBy', value: (i, t, c) => <span data-used-by>{usageText(pluginUsage(i, c), t)}</span> },
      { key: 'description', label: 'col.description', value: (i) => i.description || '' }],
    actions: [
      { id: 'install', label: 'plugin.install', when: (i) => !i.installed, path: (i) => `/plugins/${i.id}/install` },
      { id: 'upgrade', label: 'plugin.upgrade', when: (i) => i.installed, path: (i) => `/plugins/${i.id}/upgrade` },
      { id: 'uninstall', label: 'plugin.uninstall', when: (i) => i.installed, danger: true, path: (i) => `/plugins/${i.id}/uninstall`,
        confirm: (i, t, c) => {
          const usage = pluginUsage(i, c);
          return inUse(usage) ? t('confirm.uninstallInUse', { name: i.id, users: usageText(usage, t) })
            : t('confirm.uninstall', { name: i.id });
        },
        typed: (i, c) => inUse(pluginUsage(i, c)) }],
  },
  events: EVENTS_SPEC,
});

export const ADMIN_PAGE_IDS = ['zones', 'clusters', 'hosts', 'pools', 'networks', 'images', 'policies', 'vdcs', 'users',
  'plugins', 'events'];

export function adminPage(id) {
  return function AdminPage({ user }) {
    return <ResourcePage spec={ADMIN_SPECS[id]} user={user} />;
  };
}
