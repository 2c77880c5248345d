// The storage and network pages' specs: pools, networks (the form is in network/networkForm.jsx), images and volumes.
import { created, name, nameField } from './columns.js';
import { isBootDisk, volumeRefusal } from './safety.js';
import { href } from './router.js';
import { NETWORK_FIELDS, RealizationCounts } from './network/networkForm.jsx';

// a datastore pool is an ESXi host's datastore; those of connected hosts are added by the engine
const POOL_URI_EXAMPLES = { local: 'file:///var/lib/ovm/pools/pool1', simulator: 'sim://pool1',
  datastore: 'ds:///vmfs/volumes/LocalDS_0/' };
const POOL_TYPES = ['local', 'simulator', 'datastore'].map((v) => ({ value: v, label: v }));
const IMAGE_KINDS = ['template', 'iso'].map((v) => ({ value: v, label: 'imageKind.' + v, translate: true }));
const FORMATS = ['qcow2', 'raw', 'iso'].map((v) => ({ value: v, label: v }));
const poolField = { name: 'poolId', label: 'col.pool', type: 'select', required: true, optionsFrom: { path: '/storage-pools?limit=1000' } };

export const POOLS_SPEC = {
  id: 'pools', title: 'nav.pools', createTitle: 'pools.create', path: '/storage-pools', deleteMessage: 'confirm.deletePool',
  columns: [name, { key: 'type', label: 'col.type', value: (i) => i.type },
    // a pool in error says why, on the row
    { key: 'state', label: 'col.state', value: (i, t) => (
      <><span>{t('poolState.' + i.state)}</span>{i.stateReason && <small className="ovm-reason" data-state-reason>{i.stateReason}</small>}</>) },
    { key: 'space', label: 'col.space', value: (i, t) => t('pool.freeOf', { free: t.size(i.availableBytes), total: t.size(i.totalBytes) }) },
    { key: 'uri', label: 'col.uri', value: (i) => i.uri || '' }, created],
  fields: [nameField,
    { name: 'type', label: 'col.type', type: 'select', required: true, options: POOL_TYPES, drivers: 'storage',
      hint: (v) => (v.type === 'datastore' ? 'pool.datastoreHint' : null) },
    { name: 'uri', label: 'col.uri', required: true, placeholder: (v) => POOL_URI_EXAMPLES[v.type] || '' },
    { name: 'hostId', label: 'col.host', type: 'select', required: true, optionsFrom: { path: '/hosts?limit=1000' } }],
};

export const NETWORKS_SPEC = {
  id: 'networks', title: 'nav.networks', createTitle: 'networks.create', path: '/networks', deleteMessage: 'confirm.deleteNetwork',
  emptyHint: 'networks.emptyHint',
  columns: [{ ...name, value: (i) => <a href={href('networks', i.id)} data-network-link={i.name}>{i.name}</a> },
    { key: 'type', label: 'col.type', value: (i) => i.type || '' },
    { key: 'vlan', label: 'col.vlan', value: (i) => i.vlan || '' },
    { key: 'cidr', label: 'col.cidr', value: (i) => (i.ipv6Cidr ? `${i.cidr} · ${i.ipv6Cidr}` : i.cidr) },
    { key: 'usage', label: 'col.addresses', value: (i, t) => `${t.number(i.addressesUsed)} / ${t.number(i.addressesTotal)}` },
    // where the network is realized: a label per state with its count (engines before realizations: nothing)
    { key: 'realizations', label: 'net.realizations', value: (i, t) => <RealizationCounts network={i} t={t} /> }, created],
  fields: NETWORK_FIELDS,
};

export const IMAGES_SPEC = {
  id: 'images', title: 'nav.images', createTitle: 'images.create', path: '/images', deleteMessage: 'confirm.deleteImage',
  // the list holds container images too; they are managed (per host) in the image center's own section
  filters: [{ name: 'kind', label: 'col.kind', type: 'select', options: ['template', 'iso', 'container']
    .map((v) => ({ value: v, label: 'imageKind.' + v })) }],
  undeletable: (i) => i.kind === 'container',
  columns: [name, { key: 'kind', label: 'col.kind', value: (i, t) => t('imageKind.' + i.kind) },
    { key: 'format', label: 'col.format', value: (i) => i.format },
    { key: 'size', label: 'col.size', value: (i, t) => t.size(i.sizeBytes) }, created],
  fields: [nameField, { name: 'kind', label: 'col.kind', type: 'select', required: true, options: IMAGE_KINDS },
    { name: 'format', label: 'col.format', type: 'select', required: true, options: FORMATS },
    poolField, { name: 'volume', label: 'col.file', required: true }],
  upload: { path: '/images/upload', accept: '.qcow2,.img,.raw,.iso', label: 'upload.image',
    fields: [nameField, { name: 'kind', label: 'col.kind', type: 'select', required: true, options: IMAGE_KINDS },
      { name: 'format', label: 'col.format', type: 'select', required: true, options: FORMATS }, poolField] },
};

const byId = (items, id) => (items || []).find((i) => i.id === id);

/** Volumes: everyone manages their VDC's (the list and the pools are filtered by the engine). */
export const VOLUMES_SPEC = {
  id: 'volumes', title: 'nav.volumes', createTitle: 'volumes.create', path: '/volumes', deleteMessage: 'confirm.deleteVolume',
  context: { instances: '/instances?limit=1000' },
  undeletable: (i, c) => volumeRefusal('delete', i, c.instances),
  columns: [name, { key: 'size', label: 'col.size', value: (i, t) => t.size(i.sizeBytes) },
    { key: 'state', label: 'col.state', value: (i, t) => t('volumeState.' + i.state) },
    // which instance uses it (review D14)
    { key: 'attachedTo', label: 'col.attachedTo', value: (i, t, c) => {
      const user = byId(c.instances, i.instanceId);
      return i.instanceId ? <span data-attached-to={user ? user.name : i.instanceId}>
        {user ? user.name : i.instanceId}{isBootDisk(i, user) ? ` (${t('volume.boot')})` : ''}</span> : '';
    } }, created],
  fields: [nameField, poolField,
    { name: 'sizeGiB', label: 'wizard.diskGiB', type: 'number', required: true, min: 1, max: 65536, hint: 'quota.diskHint' }],
  actions: [
    { id: 'attach', label: 'volume.attach', when: (i) => !i.instanceId, path: (i) => `/volumes/${i.id}/attach`,
      fields: [{ name: 'instanceId', label: 'volume.instance', type: 'select', required: true,
        optionsFrom: { path: '/instances?limit=1000&managed=true' } }] },
    { id: 'detach', label: 'volume.detach', when: (i) => i.instanceId, path: (i) => `/volumes/${i.id}/detach`, danger: true,
      refuse: (i, c) => volumeRefusal('detach', i, c.instances),
      confirm: (i, t, c) => t('confirm.detach', { name: i.name, instance: (byId(c.instances, i.instanceId) || {}).name || '' }) },
    { id: 'grow', label: 'volume.grow', path: (i) => `/volumes/${i.id}/resize`, refuse: (i, c) => volumeRefusal('grow', i, c.instances),
      fields: [{ name: 'sizeGiB', label: 'wizard.diskGiB', type: 'number', required: true, min: 1, max: 65536 }] }],
};
