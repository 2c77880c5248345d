import { ResourcePage } from './ResourcePage.jsx';

const HYPERVISORS = ['kvm', 'simulator', 'esxi', 'docker'].map((v) => ({ value: v, label: v }));
const name = { key: 'name', label: 'col.name', value: (i) => i.name };
const quota = (i, t) => ['instances', 'cpus', 'memoryMiB', 'diskGiB', 'ips']
  .map((d) => `${t('quota.' + d)} ${i.usage[d]}/${i.quota[d] ?? '∞'}`).join(' · ');

/** The administration pages, as specs of the generic resource page. */
export const ADMIN_SPECS = {
  zones: {
    id: 'zones', title: 'nav.zones', createTitle: 'zones.create', path: '/zones',
    columns: [name, { key: 'description', label: 'col.description', value: (i) => i.description || '' }],
    fields: [{ name: 'name', label: 'col.name', required: true }, { name: 'description', label: 'col.description' }],
  },
  clusters: {
    id: 'clusters', title: 'nav.clusters', createTitle: 'clusters.create', path: '/clusters',
    columns: [name, { key: 'type', label: 'col.hypervisorType', value: (i) => i.hypervisorType || '' },
      { key: 'policy', label: 'col.policy', value: (i) => i.placementPolicy }],
    fields: [{ name: 'name', label: 'col.name', required: true },
      { name: 'zoneId', label: 'col.zone', type: 'select', required: true, optionsFrom: { path: '/zones?limit=1000' } },
      { name: 'hypervisorType', label: 'col.hypervisorType', type: 'select', options: HYPERVISORS }],
  },
  hosts: {
    id: 'hosts', title: 'nav.hosts', createTitle: 'hosts.create', path: '/hosts',
    columns: [name, { key: 'type', label: 'col.hypervisorType', value: (i) => i.type },
      { key: 'state', label: 'col.state', value: (i, t) => t('hostState.' + i.state) },
      { key: 'size', label: 'col.size', value: (i) => `${i.cpus} CPU · ${i.memoryMiB} MiB` }],
    fields: [{ name: 'name', label: 'col.name', required: true },
      { name: 'type', label: 'col.hypervisorType', type: 'select', required: true, options: HYPERVISORS },
      { name: 'uri', label: 'col.uri', required: true },
      { name: 'clusterId', label: 'col.cluster', type: 'select', optionsFrom: { path: '/clusters?limit=1000' } },
      { name: 'username', label: 'login.username' }, { name: 'password', label: 'login.password', type: 'password' }],
  },
  vdcs: {
    id: 'vdcs', title: 'nav.vdcs', createTitle: 'vdcs.create', path: '/vdcs',
    columns: [name, { key: 'quota', label: 'col.quota', value: quota }],
    fields: [{ name: 'name', label: 'col.name', required: true },
      { name: 'quota.instances', label: 'quota.instances', type: 'number' },
      { name: 'quota.cpus', label: 'quota.cpus', type: 'number' },
      { name: 'quota.memoryMiB', label: 'quota.memoryMiB', type: 'number' },
      { name: 'quota.diskGiB', label: 'quota.diskGiB', type: 'number' },
      { name: 'quota.ips', label: 'quota.ips', type: 'number' }],
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

export function adminPage(id) {
  return function AdminPage() {
    return <ResourcePage spec={ADMIN_SPECS[id]} />;
  };
}
