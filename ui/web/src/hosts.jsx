/* The hosts page's spec (rendered by ResourcePage): its facts column; the form's fields are in hostForm.js. */
import { Fragment } from 'react';
import { Label } from '@patternfly/react-core';
import { CertificateCheck } from './Certificate.jsx';
import { normalizeFingerprint, sameFingerprint, shortFingerprint } from './esxi.js';
import { hostBody, hostFields } from './hostForm.js';
import { href } from './router.js';
import { mebibytes } from './format.js';
import { created } from './columns.js';
import { fencedText, pmBody, pmFields, pmInitial, pmSummary } from './powerManagement.js';
import { PowerTest } from './PowerTest.jsx';
import { activateOffered, draining, maintenanceOffered } from './maintenance.js';

/**
 * An ESXi host's certificate in the facts column: the pinned fingerprint, shortened (the full one
 * on hover), and the one the host presented at its last probe when that differs.
 */
function Pinned({ host, t }) {
  const pinned = host.settings && host.settings.thumbprint;
  const presented = host.facts && host.facts.certificateSha256;
  return (
    <>
      {pinned ? (
        <span data-thumbprint={normalizeFingerprint(pinned)} title={normalizeFingerprint(pinned)}>
          {t('host.pinned', { fingerprint: shortFingerprint(pinned) })}
        </span>
      ) : <span data-thumbprint="">{t('host.notPinned')}</span>}
      {presented && pinned && !sameFingerprint(pinned, presented) && (
        <>
          {' '}
          <Label isCompact color="red" data-presented={normalizeFingerprint(presented)} title={normalizeFingerprint(presented)}>
            {t('host.presented', { fingerprint: shortFingerprint(presented) })}
          </Label>
        </>
      )}
    </>
  );
}

function Facts({ host, t }) {
  const text = [host.cpuModel, host.hypervisorVersion].filter(Boolean).join(' · ');
  const warning = host.facts && host.facts.warning;
  const parts = [
    text,
    // an ESXi host whose certificate is not checked has no fingerprint: facts.warning says so
    host.type === 'esxi' && !(host.settings && host.settings.insecure === 'true') && <Pinned host={host} t={t} />,
    // a host being emptied shows its reason under its state instead
    host.stateReason && !draining(host) && <span data-state-reason>{host.stateReason}</span>,
    warning && <span data-warning>{warning}</span>,
  ].filter(Boolean);
  return parts.map((part, i) => <Fragment key={i}>{i > 0 && ' · '}{part}</Fragment>);
}

/** A host's clusters to move to: those of its hypervisor type (the engine refuses the others). */
const clusterField = (host) => ({ name: 'clusterId', label: 'col.cluster', type: 'select', hint: 'host.clusterHint',
  optionsFrom: { path: '/clusters?limit=1000', filter: (c) => !c.hypervisorType || c.hypervisorType === host.type } });

/** The edit form of a host: what PATCH /hosts/{id} changes; credentials left empty stay as they are. */
const editFields = (host) => [
  { name: 'name', label: 'col.name', required: true, kind: 'name' },
  { name: 'uri', label: 'col.uri', required: true },
  clusterField(host),
  ...(host.type === 'kvm' ? [
    { name: 'settings.domainType', label: 'host.domainType', type: 'select', options: ['kvm', 'qemu'].map((v) => ({ value: v, label: v })) },
    { name: 'settings.consoleListen', label: 'host.consoleListen', placeholder: '127.0.0.1' }] : []),
  ...(host.type === 'esxi' ? [
    { name: 'username', label: 'login.username', placeholder: 'root' },
    { name: 'password', label: 'login.password', type: 'password', hint: 'host.keepPassword' }] : []),
];

/** The PATCH body of the edit form: "" for no cluster, settings merged by the engine. */
export function hostPatch(values) {
  const out = { name: values.name, uri: values.uri, clusterId: values.clusterId || '' };
  const settings = Object.fromEntries(Object.entries(values).filter(([k, v]) => k.startsWith('settings.') && v)
    .map(([k, v]) => [k.slice('settings.'.length), v]));
  if (Object.keys(settings).length) {
    out.settings = settings;
  }
  for (const secret of ['username', 'password']) {
    if (values[secret]) {
      out[secret] = values[secret];
    }
  }
  return out;
}

/**
 * Power management (issue 17): the BMC that fences the host when it goes down (PUT, its form
 * testing the values before they are saved), and its removal. Also on the host's own page.
 */
export const POWER_ACTIONS = [
  { id: 'powerManagement', label: 'pm.action', method: 'PUT', path: (i) => `/hosts/${i.id}/power-management`,
    fields: (i) => pmFields(i, PowerTest), initial: pmInitial, toBody: pmBody, submitLabel: 'form.save', notice: 'pm.saved' },
  { id: 'removePowerManagement', label: 'pm.remove', method: 'DELETE', when: (i) => !!i.powerManagement,
    path: (i) => `/hosts/${i.id}/power-management`, danger: true, notice: 'pm.removed',
    confirm: (i, t) => t('confirm.removePowerManagement', { name: i.name }) },
];

export const HOSTS_SPEC = {
  id: 'hosts', title: 'nav.hosts', createTitle: 'hosts.create', path: '/hosts', deleteMessage: 'confirm.deleteHost',
  context: { clusters: '/clusters?limit=1000' },
  columns: [{ key: 'name', label: 'col.name', sort: 'name',
    // the host's own page (its facts and instances)
    value: (i) => <a href={href('hosts', i.id)} data-host-link={i.name}>{i.name}</a> },
  { key: 'type', label: 'col.hypervisorType', value: (i) => i.type },
  { key: 'cluster', label: 'col.cluster', value: (i, t, c) => ((c.clusters || []).find((k) => k.id === i.clusterId) || {}).name || '' },
  // a host whose storage pool failed says so under its state (HostView.storageReason, issue 16)
  { key: 'state', label: 'col.state', value: (i, t) => (
    <>
      <span data-host-state={i.state}>{t('hostState.' + i.state)}</span>
      {/* maintenance drain: which instances move (task), or which did not move and why */}
      {draining(i) && i.stateReason && <small className="ovm-reason ovm-warning" data-state-reason data-draining>{i.stateReason}</small>}
      {i.storageReason && <small className="ovm-reason ovm-warning" data-storage-reason>{`${t('host.storage')}: ${i.storageReason}`}</small>}
      {/* power management (issue 17): how the host is fenced, and when it last was */}
      <small className="ovm-reason" data-power-management={i.powerManagement ? i.powerManagement.type : ''}>{pmSummary(i, t)}</small>
      {i.fencedAt && <small className="ovm-reason ovm-warning" data-fenced={i.fencedAt}>{fencedText(i, t)}</small>}
    </>) },
  // what is allocated of what the host has (engines before allocation: the capacity only)
  { key: 'size', label: 'col.hostSize', value: (i, t) => (i.allocatedCpus == null
    ? `${t.number(i.cpus)} CPU · ${mebibytes(i.memoryMiB, t.language)}`
    : t('host.allocation', { cpus: t.number(i.allocatedCpus), cpuTotal: t.number(i.cpus),
      memory: mebibytes(i.allocatedMemoryMiB, t.language), memoryTotal: mebibytes(i.memoryMiB, t.language) })) },
  { key: 'facts', label: 'col.facts', value: (i, t) => <Facts host={i} t={t} /> }, created],
  fields: hostFields(CertificateCheck),
  toBody: hostBody,
  actions: [
    { id: 'edit', label: 'form.edit', method: 'PATCH', path: (i) => `/hosts/${i.id}`, fields: editFields,
      initial: (i) => ({ name: i.name, uri: i.uri || '', clusterId: i.clusterId || '',
        'settings.domainType': (i.settings && i.settings.domainType) || '',
        'settings.consoleListen': (i.settings && i.settings.consoleListen) || '', username: i.username || '' }),
      toBody: hostPatch },
    { id: 'move', label: 'host.move', method: 'PATCH', path: (i) => `/hosts/${i.id}`, fields: (i) => [clusterField(i)],
      initial: (i) => ({ clusterId: i.clusterId || '' }), toBody: (v) => ({ clusterId: v.clusterId || '' }) },
    { id: 'refresh', label: 'host.refresh', path: (i) => `/hosts/${i.id}/refresh` },
    // running instances are moved live to other hosts of the cluster first (host.drain, PREPARING_FOR_MAINTENANCE)
    { id: 'maintenance', label: 'host.maintenance', when: maintenanceOffered, path: (i) => `/hosts/${i.id}/maintenance`,
      danger: true, confirm: (i, t) => t('confirm.maintenance', { name: i.name }) },
    // also to a host being emptied: it stops the drain
    { id: 'activate', label: 'host.activate', when: activateOffered, path: (i) => `/hosts/${i.id}/activate` },
    ...POWER_ACTIONS,
    // the admin's word that a failed host is off releases the restart of its HA instances elsewhere
    { id: 'confirmDown', label: 'host.confirmDown', when: (i) => i.state === 'DOWN' || i.state === 'NON_RESPONSIVE',
      path: (i) => `/hosts/${i.id}/confirm-down`, danger: true,
      // with power management the engine fences the host itself: the admin's word is for when that failed
      confirm: (i, t) => t(i.powerManagement ? 'confirm.confirmDownFenced' : 'confirm.confirmDown', { name: i.name }) }],
};
