import { useEffect, useMemo, useState } from 'react';
import {
  Button, FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, Radio,
} from '@patternfly/react-core';
import { call } from '../api.js';
import { useT } from '../I18n.jsx';
import { explainHref } from './Explain.jsx';
import { placementTargets } from './logic.js';
import { ID_OF } from './forms.js';
import { useFormat } from './useFormat.js';

export { placementBody } from './forms.js';

export const MODES = ['auto', 'zone', 'cluster', 'host'];
const PLURAL = { zone: 'zones', cluster: 'clusters', host: 'hosts' };
export const PLACEMENT_FIELDS = ['placement', 'zoneId', 'clusterId', 'hostId'];

/** Opens a portal route in a new browser tab (without noopener: the tab gets this tab's session). */
export function openTab(hash) {
  const opened = window.open(hash, '_blank');
  if (opened) {
    opened.focus();
  }
}

/** Zones, clusters and (for admins) hosts, loaded once the wizard opens; lists this user may not read stay empty. */
export function usePlacementInventory(isOpen, isAdmin) {
  const [inventory, setInventory] = useState({ zones: [], clusters: [], hosts: [], hostsKnown: false });
  useEffect(() => {
    if (!isOpen) {
      return;
    }
    const get = (path) => call('GET', path).then((page) => page.items).catch(() => []);
    Promise.all([get('/zones?limit=1000'), get('/clusters?limit=1000'), isAdmin ? get('/hosts?limit=1000') : []])
      .then(([zones, clusters, hosts]) => setInventory({ zones, clusters, hosts, hostsKnown: isAdmin }));
  }, [isOpen, isAdmin]);
  return inventory;
}

/**
 * The wizard's placement field: automatic (the default zone's policy picks), or a zone, a cluster
 * or a host, offering only targets that can take the request (the others shown disabled with
 * why) and their free capacity; admins get a "Why not?" link to placement explain.
 */
export function placementField(inventory, isAdmin) {
  return {
    name: 'placement', label: 'ops.place.title', type: 'custom', component: PlacementChoice, inventory, isAdmin,
    // a zone, cluster or host must be chosen once its mode is, and it must be able to take the request
    check: (mode, values) => {
      const key = ID_OF[mode];
      if (!key) {
        return null;
      }
      const rows = placementTargets(inventory, values)[PLURAL[mode]];
      const row = rows.find((r) => r.id === values[key]);
      return !row ? 'ops.place.choose' : row.why ? `ops.why.${row.why}` : null;
    },
  };
}

function PlacementChoice({ field, values, onValues, problem }) {
  const t = useT();
  const f = useFormat();
  const { inventory, isAdmin } = field;
  const mode = values.placement || 'auto';
  const targets = useMemo(() => placementTargets(inventory, values), [inventory, values]);
  const modes = MODES.filter((m) => m === 'auto' || (m === 'host' ? inventory.hostsKnown : inventory[PLURAL[m]].length));
  const choose = (next) => onValues({ ...values, placement: next, zoneId: '', clusterId: '', hostId: '' });
  const key = ID_OF[mode];
  const rows = key ? targets[PLURAL[mode]].filter((r) => r.why !== 'otherKind') : [];
  const fitting = rows.filter((r) => !r.why);
  const label = (r) => {
    const free = r.free ? ` — ${t('ops.place.free', { cpus: f.n(r.free.cpus), memory: f.mib(r.free.memoryMiB) })}` : '';
    return `${r.name}${r.type ? ` (${r.type})` : ''}${free}${r.why ? ` — ${t(`ops.why.${r.why}`)}` : ''}`;
  };
  const shown = problem && PLACEMENT_FIELDS.includes(problem.field) ? problem.detail : null;
  const why = () => openTab(explainHref({ cpus: values.cpus || 1, memoryMiB: values.memoryMiB || 512,
    scope: mode === 'host' ? 'hosts' : mode === 'auto' ? 'none' : mode, ...(key && values[key] ? { [key]: values[key] } : {}) }));
  return (
    <FormGroup label={t('ops.place.title')} fieldId="placement" role="radiogroup" isStack id="wizard-placement">
      {modes.map((m) => (
        <Radio key={m} id={`placement-${m}`} name="placement" data-placement={m} isChecked={mode === m}
          onChange={() => choose(m)} label={t(`ops.place.${m}`)}
          description={m === 'auto' ? t('ops.place.autoHint') : undefined} />
      ))}
      {key && (
        <FormSelect id="placement-target" value={values[key] || ''} aria-label={t(`ops.place.${mode}`)}
          validated={shown ? 'error' : 'default'}
          onChange={(_, v) => onValues({ ...values, [key]: v, labels: { ...(values.labels || {}),
            placement: (rows.find((r) => r.id === v) || {}).name } })}>
          <FormSelectOption value="" label={t('form.choose')} />
          {rows.map((r) => <FormSelectOption key={r.id} value={r.id} label={label(r)} isDisabled={!!r.why} />)}
        </FormSelect>
      )}
      {key && fitting.length === 0 && (
        <HelperText><HelperTextItem variant="warning" id="placement-none">
          {t('ops.place.none', { cpus: values.cpus || 0, memory: f.mib(Number(values.memoryMiB) || 0) })}
        </HelperTextItem></HelperText>
      )}
      {shown && (
        <FormHelperText><HelperText><HelperTextItem variant="error" id="placement-problem">{shown}</HelperTextItem></HelperText></FormHelperText>
      )}
      {isAdmin && (
        <div><Button variant="link" isInline id="placement-why-not" onClick={why}>{t('ops.place.whyNot')}</Button></div>
      )}
    </FormGroup>
  );
}
