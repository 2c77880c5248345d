// The instance list's columns: the fixed ones, and those a user may choose (host, VDC, owner,
// created, tags), each {key, label, value(instance, t, isAdmin), sort?}.
import { Label, LabelGroup } from '@patternfly/react-core';
import { typeBadge } from './esxi.js';
import { href } from './router.js';
import { haText } from './ha.js';

const STATE_COLORS = { RUNNING: 'green', STOPPED: 'grey', CREATING: 'blue', DELETING: 'orange', MISSING: 'red', PAUSED: 'orange' };

export const isContainer = (i) => i.type === 'container' || (!i.type && !!i.details && i.details.kind === 'container');
/** The image of a container, the template of a VM (the other details are in the details dialog). */
const source = (i) => (i.details && (isContainer(i) ? i.details.image : i.details.template)) || '';
/** A container's limit (0: none). */
const limit = (value, t, shown) => (value ? shown : t('instances.unlimited'));

/** VM or container; a VM says which hypervisor runs it (an ESXi VM in orange). */
function Badge({ instance, t }) {
  const badge = typeBadge(instance, isContainer(instance));
  return (
    <Label isCompact color={badge.color} data-type-badge data-host-type={badge.hostType || undefined}>
      {t(badge.label)}
    </Label>
  );
}

export function StateLabel({ state, t }) {
  const key = `state.${state}`;
  return <Label isCompact color={STATE_COLORS[state] || 'grey'} data-state={state}>{t(key) === key ? t('state.UNKNOWN') : t(key)}</Label>;
}

/** The name of the listed item with this id ('' when the list does not hold it: a user cannot list hosts). */
const nameIn = (items, id) => (id ? ((items || []).find((x) => x.id === id) || {}).name || '' : '');

export const FIXED_COLUMNS = [
  { key: 'name', label: 'instances.col.name', sort: 'name',
    // the instance's own page: opens in a new tab too
    value: (i) => <a href={href('instances', i.id)} data-instance-link={i.name}>{i.name}</a> },
  { key: 'type', label: 'instances.col.type', value: (i, t) => <Badge instance={i} t={t} /> },
  { key: 'source', label: 'instances.col.source', value: (i) => <span data-source>{source(i)}</span> },
  { key: 'state', label: 'instances.col.state', sort: 'state', value: (i, t) => <StateLabel state={i.state} t={t} /> },
  { key: 'cpus', label: 'instances.col.cpus', sort: 'cpus', value: (i, t) => (isContainer(i) ? limit(i.cpus, t, t.number(i.cpus)) : t.number(i.cpus)) },
  { key: 'memory', label: 'instances.col.memory', sort: 'memoryMiB',
    value: (i, t) => (isContainer(i) ? limit(i.memoryMiB, t, t.number(i.memoryMiB)) : t.number(i.memoryMiB)) },
  { key: 'addresses', label: 'instances.col.addresses', value: (i) => (i.nics || []).map((n) => n.ip).filter(Boolean).join(', ') },
  { key: 'managed', label: 'instances.col.managed', value: (i, t) => t(i.managed ? 'managed.yes' : 'managed.no') },
];

export const OPTIONAL = {
  host: { key: 'host', label: 'col.host', value: (i, t, isAdmin, names) => {
    const name = i.hostName || nameIn(names && names.hosts, i.hostId);
    return isAdmin && i.hostId ? <a href={href('hosts', i.hostId)} data-host-link={name}>{name || i.hostId}</a> : name;
  } },
  vdc: { key: 'vdc', label: 'col.vdc', value: (i, t, isAdmin, names) => i.vdcName || nameIn(names && names.vdcs, i.vdcId) },
  owner: { key: 'owner', label: 'col.owner', value: (i) => i.owner || '' },
  created: { key: 'created', label: 'col.created', sort: 'createdAt', value: (i, t) => t.date(i.createdAt) },
  tags: { key: 'tags', label: 'col.tags', value: (i) => ((i.tags || []).length ? (
    <LabelGroup numLabels={4}>{i.tags.map((tag) => <Label key={tag} isCompact color="blue" data-tag={tag}>{tag}</Label>)}</LabelGroup>
  ) : '') },
  // high availability: the priority, or why the instance would not restart elsewhere
  ha: { key: 'ha', label: 'col.ha', value: (i, t) => haText(i, t) },
};

