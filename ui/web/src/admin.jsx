import { ResourcePage } from './ResourcePage.jsx';
import { size } from './format.js';
import { HOSTS_SPEC } from './hosts.jsx';
import { HYPERVISORS } from './hostForm.js';

const name = { key: 'name', label: 'col.name', value: (i) => i.name };
const nameField = { name: 'name', label: 'col.name', required: true, kind: 'name' };
// a datastore pool is an ESXi host's datastore; those of connected hosts are added by the engine
const POOL_URI_EXAMPLES = { local: 'file:///var/lib/ovm/pools/pool1', simulator: 'sim://pool1',
  datastore: 'ds:///vmfs/volumes/LocalDS_0/' };
const NETWORK_TYPES = ['vlan', 'container-bridge', 'portgroup', 'simulator'];
const QUOTA_DIMENSIONS = ['instances', 'cpus', 'memoryMiB', 'diskGiB', 'ips'];
const quota = (i, t) => QUOTA_DIMENSIONS
  .map((d) => `${t('quota.' + d)} ${i.usage[d]}/${i.quota[d] ?? '∞'}`).join(' · ');

/** The administration pages, as specs of the generic resource page. */
export const ADMIN_SPECS = {
  zones: {
    id: 'zones', title: 'nav.zones', createTitle: 'zones.create', path: '/zones',
    columns: [name, { key: 'description', label: 'col.description', value: (i) => i.description || '' }],
    fields: [nameField, { name: 'description', label: 'col.description' }],
  },
  clusters: {
    id: 'clusters', title: 'nav.clusters', createTitle: 'clusters.create', path: '/clusters',
    columns: [name, { key: 'type', label: 'col.hypervisorType', value: (i) => i.hypervisorType || '' },
      { key: 'policy', label: 'col.policy', value: (i) => i.placementPolicy }],
    fields: [nameField,
      { name: 'zoneId', label: 'col.zone', type: 'select', required: true, optionsFrom: { path: '/zones?limit=1000' } },
      { name: 'hypervisorType', label: 'col.hypervisorType', type: 'select', options: HYPERVISORS }],
  },
  hosts: HOSTS_SPEC,
  vdcs: {
    id: 'vdcs', title: 'nav.vdcs', createTitle: 'vdcs.create', path: '/vdcs',
    columns: [name, { key: 'quota', label: 'col.quota', value: quota }],
    fields: [nameField,
      { name: 'quota.instances', label: 'quota.instances', type: 'number', min: 0 },
      { name: 'quota.cpus', label: 'quota.cpus', type: 'number', min: 0 },
      { name: 'quota.memoryMiB', label: 'quota.memoryMiB', type: 'number', min: 0 },
      { name: 'quota.diskGiB', label: 'quota.diskGiB', type: 'number', min: 0 },
      { name: 'quota.ips', label: 'quota.ips', type: 'number', min: 0 }],
    actions: [{ id: 'edit-quota', label: 'vdc.editQuota', method: 'PUT', path: (i) => `/vdcs/${i.id}/quota`,
      fields: QUOTA_DIMENSIONS.map((d) => ({ name: d, label: 'quota.' + d, type: 'number', min: 0 })),
      initial: (i) => Object.fromEntries(QUOTA_DIMENSIONS.filter((d) => i.quota[d] != null).map((d) => [d, String(i.quota[d])])) }],
  },
  users: {
    id: 'users', title: 'nav.users', createTitle: 'users.create', path: '/users',
    columns: [{ key: 'username', label: 'login.username', value: (i) => i.username },
      { key: 'role', label: 'col.role', value: (i, t) => t('role.' + i.role) }],
    fields: [{ name: 'username', label: 'login.username', required: true },
      { name: 'password', label: 'login.password', type: 'password', required: true },
      { name: 'role', label: 'col.role', type: 'select', required: true, options: ['user', 'vdc-admin', 'admin']
        .map((r) => ({ value: r, label: 'role.' + r, translate: true })) },
      { name: 'vdcId', label: 'col.vdc', type: 'select', optionsFrom: { path: '/vdcs?limit=1000' } }],
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

Object.assign(ADMIN_SPECS, {
  pools: {
    id: 'pools', title: 'nav.pools', createTitle: 'pools.create', path: '/storage-pools',
    columns: [name, { key: 'type', label: 'col.type', value: (i) => i.type },
      { key: 'state', label: 'col.state', value: (i, t) => t('poolState.' + i.state) },
      { key: 'space', label: 'col.space', value: (i) => `${size(i.availableBytes)} / ${size(i.totalBytes)}` },
      { key: 'uri', label: 'col.uri', value: (i) => i.uri || '' }],
    fields: [nameField,
      { name: 'type', label: 'col.type', type: 'select', required: true, options: ['local', 'simulator', 'datastore']
        .map((v) => ({ value: v, label: v })), hint: (v) => (v.type === 'datastore' ? 'pool.datastoreHint' : null) },
      { name: 'uri', label: 'col.uri', required: true, placeholder: (v) => POOL_URI_EXAMPLES[v.type] || '' },
      { name: 'hostId', label: 'col.host', type: 'select', required: true, optionsFrom: { path: '/hosts?limit=1000' } }],
  },
  networks: {
    id: 'networks', title: 'nav.networks', createTitle: 'networks.create', path: '/networks',
    columns: [name, { key: 'type', label: 'col.type', value: (i) => i.type || '' },
      { key: 'vlan', label: 'col.vlan', value: (i) => i.vlan || '' },
      { key: 'cidr', label: 'col.cidr', value: (i) => i.cidr },
      { key: 'usage', label: 'col.addresses', value: (i) => `${i.addressesUsed} / ${i.addressesTotal}` }],
    fields: [nameField,
      { name: 'type', label: 'col.type', type: 'select', required: true, options: NETWORK_TYPES.map((v) => ({ value: v, label: v })),
        hint: (v) => (v.type === 'portgroup' ? 'network.portgroupHint' : null) },
      { name: 'cidr', label: 'col.cidr', required: true }, { name: 'vlan', label: 'col.vlan', type: 'number', min: 0, max: 4094 },
      { name: 'gateway', label: 'col.gateway' }, { name: 'dns', label: 'col.dns' },
      { name: 'rangeStart', label: 'col.rangeStart' }, { name: 'rangeEnd', label: 'col.rangeEnd' },
      { name: 'clusterId', label: 'col.cluster', type: 'select', optionsFrom: { path: '/clusters?limit=1000' } }],
  },
  images: {
    id: 'images', title: 'nav.images', createTitle: 'images.create', path: '/images',
    // the list holds container images too; they are managed (per host) in the image center's own section
    filters: [{ name: 'kind', label: 'col.kind', type: 'select', options: ['template', 'iso', 'container']
      .map((v) => ({ value: v, label: 'imageKind.' + v })) }],
    deletable: (i) => i.kind !== 'container',
    columns: [name, { key: 'kind', label: 'col.kind', value: (i, t) => t('imageKind.' + i.kind) },
      { key: 'format', label: 'col.format', value: (i) => i.format }, { key: 'size', label: 'col.size', value: (i) => size(i.sizeBytes) }],
    fields: [nameField,
      { name: 'kind', label: 'col.kind', type: 'select', required: true, options: ['template', 'iso']
        .map((v) => ({ value: v, label: 'imageKind.' + v, translate: true })) },
      { name: 'format', label: 'col.format', type: 'select', required: true, options: ['qcow2', 'raw', 'iso'].map((v) => ({ value: v, label: v })) },
      { name: 'poolId', label: 'col.pool', type: 'select', required: true, optionsFrom: { path: '/storage-pools?limit=1000' } },
      { name: 'volume', label: 'col.file', required: true }],
    upload: { path: '/images/upload', accept: '.qcow2,.img,.raw,.iso', label: 'upload.image',
      fields: [nameField,
        { name: 'kind', label: 'col.kind', type: 'select', required: true, options: ['template', 'iso']
          .map((v) => ({ value: v, label: 'imageKind.' + v, translate: true })) },
        { name: 'format', label: 'col.format', type: 'select', required: true, options: ['qcow2', 'raw', 'iso'].map((v) => ({ value: v, label: v })) },
        { name: 'poolId', label: 'col.pool', type: 'select', required: true, optionsFrom: { path: '/storage-pools?limit=1000' } }] },
  },
  policies: {
    id: 'policies', title: 'nav.policies', createTitle: 'policies.create', path: '/placement-policies',
    columns: [name, { key: 'scorers', label: 'col.scorers', value: (i) => Object.entries(i.scorers).map(([k, v]) => `${k}×${v}`).join(', ') },
      { key: 'default', label: 'col.default', value: (i, t) => (i.defaultPolicy ? t('managed.yes') : '') },
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
    id: 'plugins', title: 'nav.plugins', path: '/plugins', noDelete: true,
    upload: { path: '/plugins', accept: '.kar', label: 'upload.kar' },
    columns: [{ key: 'id', label: 'col.name', value: (i) => i.id }, { key: 'version', label: 'col.version', value: (i) => i.version },
      { key: 'installed', label: 'col.installed', value: (i, t) => (i.installed ? t('managed.yes') : t('plugin.notInstalled')) },
      { key: 'description', label: 'col.description', value: (i) => i.description || '' }],
    actions: [
      { id: 'install', label: 'plugin.install', when: (i) => !i.installed, path: (i) => `/plugins/${i.id}/install` },
      { id: 'upgrade', label: 'plugin.upgrade', when: (i) => i.installed, path: (i) => `/plugins/${i.id}/upgrade` },
      { id: 'uninstall', label: 'plugin.uninstall', when: (i) => i.installed, path: (i) => `/plugins/${i.id}/uninstall` }],
  },
  events: {
    id: 'events', title: 'nav.events', path: '/events', noDelete: true,
    exports: { path: '/events/export', formats: ['csv', 'jsonl'] },
    filters: [{ name: 'topic', label: 'col.topic' }, { name: 'user', label: 'col.user' },
      { name: 'outcome', label: 'col.outcome' }],
    columns: [{ key: 'time', label: 'col.time', value: (i) => new Date(i.time).toLocaleString() },
      { key: 'topic', label: 'col.topic', value: (i) => i.topic }, { key: 'user', label: 'col.user', value: (i) => i.user || '' },
      { key: 'source', label: 'col.source', value: (i) => i.source || '' },
      { key: 'outcome', label: 'col.outcome', value: (i, t) => (i.outcome ? t('outcome.' + i.outcome) : '') },
      { key: 'message', label: 'col.message', value: (i) => i.message }],
  },
});

/** Volumes: everyone manages their VDC's (the list and the pools are filtered by the engine). */
export const VOLUMES_SPEC = {
  id: 'volumes', title: 'nav.volumes', createTitle: 'volumes.create', path: '/volumes',
  columns: [name, { key: 'size', label: 'col.size', value: (i) => size(i.sizeBytes) },
    { key: 'state', label: 'col.state', value: (i, t) => t('volumeState.' + i.state) }],
  fields: [nameField, { name: 'poolId', label: 'col.pool', type: 'select', required: true, optionsFrom: { path: '/storage-pools?limit=1000' } },
    { name: 'sizeGiB', label: 'wizard.diskGiB', type: 'number', required: true, min: 1, max: 65536 }],
  actions: [
    { id: 'attach', label: 'volume.attach', when: (i) => !i.instanceId, path: (i) => `/volumes/${i.id}/attach`,
      fields: [{ name: 'instanceId', label: 'volume.instance', type: 'select', required: true,
        optionsFrom: { path: '/instances?limit=1000' } }] },
    { id: 'detach', label: 'volume.detach', when: (i) => i.instanceId, path: (i) => `/volumes/${i.id}/detach` },
    { id: 'grow', label: 'volume.grow', path: (i) => `/volumes/${i.id}/resize`,
      fields: [{ name: 'sizeGiB', label: 'wizard.diskGiB', type: 'number', required: true, min: 1, max: 65536 }] }],
};

export const ADMIN_PAGE_IDS = ['zones', 'clusters', 'hosts', 'pools', 'networks', 'images', 'policies', 'vdcs', 'users',
  'plugins', 'events'];

export function adminPage(id) {
  return function AdminPage() {
    return <ResourcePage spec={ADMIN_SPECS[id]} />;
  };
}
