/* The hosts page's spec (rendered by ResourcePage): its facts column; the form's fields are in hostForm.js. */
import { Fragment } from 'react';
import { Label } from '@patternfly/react-core';
import { CertificateCheck } from './Certificate.jsx';
import { normalizeFingerprint, sameFingerprint, shortFingerprint } from './esxi.js';
import { hostBody, hostFields } from './hostForm.js';

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
    host.stateReason && <span data-state-reason>{host.stateReason}</span>,
    warning && <span data-warning>{warning}</span>,
  ].filter(Boolean);
  return parts.map((part, i) => <Fragment key={i}>{i > 0 && ' · '}{part}</Fragment>);
}

export const HOSTS_SPEC = {
  id: 'hosts', title: 'nav.hosts', createTitle: 'hosts.create', path: '/hosts',
  columns: [{ key: 'name', label: 'col.name', value: (i) => i.name },
    { key: 'type', label: 'col.hypervisorType', value: (i) => i.type },
    { key: 'state', label: 'col.state', value: (i, t) => t('hostState.' + i.state) },
    { key: 'size', label: 'col.size', value: (i) => `${i.cpus} CPU · ${i.memoryMiB} MiB` },
    { key: 'facts', label: 'col.facts', value: (i, t) => <Facts host={i} t={t} /> }],
  fields: hostFields(CertificateCheck),
  toBody: hostBody,
  actions: [
    { id: 'maintenance', label: 'host.maintenance', when: (i) => i.state !== 'MAINTENANCE', path: (i) => `/hosts/${i.id}/maintenance` },
    { id: 'activate', label: 'host.activate', when: (i) => i.state === 'MAINTENANCE', path: (i) => `/hosts/${i.id}/activate` }],
};
