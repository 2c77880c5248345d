// The storage and network pages' specs: pools (their form's own fields and page are in storage/),
// networks (the form is in network/networkForm.jsx), images and volumes.
import { created, name, nameField } from './columns.js';
import { isBootDisk, volumeRefusal } from './safety.js';
import { href } from './router.js';
import { NETWORK_FIELDS, RealizationCounts } from './network/networkForm.jsx';
import { AdvancedToggle, HostChecks, PlacementChoice } from './storage/PoolForm.jsx';
import { Allocated, PoolState } from './storage/PoolBits.jsx';
import { backupPools, volumeBackupRefusal } from './backup/logic.js';
import {
  NFS_DEFAULTS, POOL_TYPES, copyRefusal, hostCounts, idProblem, moveMode, poolBody, poolUriProblem, ratioProblem, singleHost,
  targetPools,
} from './storage/logic.js';

// a datastore pool is an ESXi host's datastore; those of connected hosts are added by the engine
const POOL_URI_EXAMPLES = { local: 'file:///var/lib/ovm/pools/pool1', simulator: 'sim://pool1',
  datastore: 'ds:///vmfs/volumes/LocalDS_0/', nfs: 'nfs://10.0.0.5/srv/ovm' };
const POOL_TYPE_OPTIONS = POOL_TYPES.map((v) => ({ value: v, label: v }));
const IMAGE_KINDS = ['template', 'iso'].map((v) => ({ value: v, label: 'imageKind.' + v, translate: true }));
const FORMATS = ['qcow2', 'raw', 'iso'].map((v) => ({ value: v, label: v }));
const poolField = { name: 'poolId', label: 'col.pool', type: 'select', required: true, optionsFrom: { path: '/storage-pools?limit=1000' } };

/** The placement the form's values choose ("one host" until another is chosen; always one host for local pools). */
const placementOf = (v) => (singleHost(v.type) ? 'host' : v.placement || 'host');
const POOL_TYPE_HINTS = { datastore: 'pool.datastoreHint', local: 'pool.singleHostHint' };

/** The create form: type (installed drivers only), uri, where it is attached, overcommit, an NFS pool's file owner. */
export const POOL_FIELDS = [nameField,
  { name: 'type', label: 'col.type', type: 'select', required: true, options: POOL_TYPE_OPTIONS, drivers: 'storage',
    hint: (v) => POOL_TYPE_HINTS[v.type] || null },
  { name: 'uri', label: 'col.uri', required: true, placeholder: (v) => POOL_URI_EXAMPLES[v.type] || '',
    hint: (v) => (v.type === 'nfs' ? 'pool.nfsUriHint' : null), check: (value, v) => poolUriProblem(v.type, value) },
  { name: 'placement', label: 'pool.placement', type: 'custom', component: PlacementChoice, showWhen: (v) => !singleHost(v.type) },
  { name: 'hostId', label: 'col.host', type: 'select', required: true, optionsFrom: { path: '/hosts?limit=1000' },
    showWhen: (v) => placementOf(v) === 'host' },
  { name: 'clusterId', label: 'col.cluster', type: 'select', required: true, optionsFrom: { path: '/clusters?limit=1000' },
    hint: 'pool.clusterHint', showWhen: (v) => placementOf(v) === 'cluster' },
  { name: 'hostIds', label: 'pool.placement.hosts', type: 'custom', component: HostChecks, required: true,
    showWhen: (v) => placementOf(v) === 'hosts' },
  { name: 'overcommitRatio', label: 'pool.overcommit', hint: 'pool.overcommitHint', check: ratioProblem },
  { name: 'advanced', type: 'custom', component: AdvancedToggle, showWhen: (v) => v.type === 'nfs' },
  { name: 'settings.nfsUid', label: 'pool.nfsUid', placeholder: NFS_DEFAULTS.nfsUid, hint: 'pool.nfsUidHint', check: idProblem,
    showWhen: (v) => v.type === 'nfs' && !!v.advanced },
  { name: 'settings.nfsGid', label: 'pool.nfsGid', placeholder: NFS_DEFAULTS.nfsGid, hint: 'pool.nfsGidHint', check: idProblem,
    showWhen: (v) => v.type === 'nfs' && !!v.advanced },
];

export const POOLS_SPEC = {
  id: 'pools', title: 'nav.pools', createTitle: 'pools.create', path: '/storage-pools', deleteMessage: 'confirm.deletePool',
  followCreate: true,
  columns: [{ ...name, value: (i) => <a href={href('pools', i.id)} data-pool-link={i.name}>{i.name}</a> },
    { key: 'type', label: 'col.type', value: (i) => i.type },
    // a degraded or failed pool says why, on the row
    { key: 'state', label: 'col.state', value: (i, t) => <PoolState pool={i} t={t} /> },
    { key: 'hosts', label: 'col.poolHosts', value: (i, t) => {
      const counts = hostCounts(i);
      return counts ? <span data-pool-hosts={`${counts.up}/${counts.total}`}>{t('pool.hostsUp', counts)}</span> : '';
    } },
    { key: 'capacity', label: 'col.capacity', value: (i, t) => <span className="ovm-nowrap" data-total={i.totalBytes}>{t.size(i.totalBytes)}</span> },
    { key: 'free', label: 'col.free', value: (i, t) => <span className="ovm-nowrap" data-free={i.availableBytes}>{t.size(i.availableBytes)}</span> },
    { key: 'allocated', label: 'col.allocated', value: (i, t) => <Allocated pool={i} t={t} /> },
    { key: 'uri', label: 'col.uri', value: (i) => i.uri || '' }, created],
  fields: POOL_FIELDS,
  toBody: poolBody,
  // one more host (detaching one is on the pool's page, beside the host's state)
  actions: [{ id: 'attach-host', label: 'pool.attachHost', path: (i) => `/storage-pools/${i.id}/hosts`, progress: true,
    when: (i) => Array.isArray(i.hosts) && i.shared !== false, toBody: (v) => ({ hostId: v.hostId }),
    fields: (pool) => [{ name: 'hostId', label: 'col.host', type: 'select', required: true,
      optionsFrom: { path: '/hosts?limit=1000', filter: (h) => !pool.hosts.some((x) => x.hostId === h.id),
        text: (h) => `${h.name} (${h.type})` } }] }],
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
/** The pool a volume goes to: the pools `keep` allows, each with its type and free space. */
const targetPoolField = (keep) => ({ name: 'poolId', label: 'volume.targetPool', type: 'select', required: true,
  optionsFrom: { path: '/storage-pools?limit=1000', filter: keep,
    text: (p, t) => `${p.name} (${p.type}, ${t('pool.freeOf', { free: t.size(p.availableBytes), total: t.size(p.totalBytes) })})` } });

/** Volumes: everyone manages their VDC's (the list and the pools are filtered by the engine). */
export const VOLUMES_SPEC = {
  id: 'volumes', title: 'nav.volumes', createTitle: 'volumes.create', path: '/volumes', deleteMessage: 'confirm.deleteVolume',
  context: { instances: '/instances?limit=1000', pools: '/storage-pools?limit=1000' },
  undeletable: (i, c) => volumeRefusal('delete', i, c.instances),
  columns: [name, { key: 'size', label: 'col.size', value: (i, t) => t.size(i.sizeBytes) },
    // where it is: copies and moves change it
    { key: 'pool', label: 'col.pool', value: (i, t, c) => <span data-pool={(byId(c.pools, i.poolId) || {}).name || i.poolId}>
      {(byId(c.pools, i.poolId) || {}).name || ''}</span> },
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
      fields: [{ name: 'sizeGiB', label: 'wizard.diskGiB', type: 'number', required: true, min: 1, max: 65536 }] },
    // a full copy in another (or the same) pool: the source must not be written meanwhile
    { id: 'copy', label: 'volume.copy', path: (i) => `/volumes/${i.id}/copy`, progress: true,
      refuse: (i, c) => copyRefusal(i, c.instances),
      note: () => ({ text: 'volume.copyHint', kind: 'copy' }),
      fields: () => [targetPoolField((p) => p.state !== 'ERROR'), { name: 'name', label: 'volume.copyName', kind: 'name' }],
      initial: (i) => ({ name: `${i.name}-copy` }) },
    // the same volume in another pool: live (its instance keeps running) or offline
    { id: 'move', label: 'volume.move', path: (i) => `/volumes/${i.id}/migrate`, progress: true,
      refuse: (i, c) => moveMode(i, c.instances).refusal || null,
      note: (i, c) => (moveMode(i, c.instances).mode === 'live' ? { text: 'volume.moveLiveHint', variant: 'warning', kind: 'live' }
        : { text: 'volume.moveOfflineHint', kind: 'offline' }),
      fields: (i, c) => [targetPoolField(targetPools(i, byId(c.instances, i.instanceId)))] },
    // a backup of this one volume (issue 16 §8): its instance may keep running
    { id: 'backup', label: 'backup.volumeAction', path: (i) => `/volumes/${i.id}/backups`, progress: true,
      refuse: volumeBackupRefusal, note: () => ({ text: 'backup.volumeHint', kind: 'backup' }),
      fields: (i, c) => [{ ...targetPoolField(backupPools(byId(c.instances, i.instanceId))), label: 'backup.pool' },
        { name: 'name', label: 'backup.name', kind: 'name', hint: 'backup.nameHint' }] }],
};
