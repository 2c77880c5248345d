// The network create form (rendered by the generic resource page) and the realization labels the
// list and the network's page share.
import { Label, LabelGroup } from '@patternfly/react-core';
import { nameField } from '../columns.js';
import {
  MAX_VLAN, REALIZATION_COLORS, REALIZATION_STATES, VLAN_TYPE, cidrProblem, ipv4Problem, ipv6CidrProblem,
  realizationCounts, vlanProblem,
} from './logic.js';

// the types a network may have; the form offers those whose driver is installed (GET /drivers)
const NETWORK_TYPES = [VLAN_TYPE, 'container-bridge', 'portgroup', 'simulator'].map((v) => ({ value: v, label: v }));
const dnsProblem = (value) => (String(value).split(',').every((s) => !ipv4Problem(s.trim())) ? null : 'net.badDns');

/**
 * The create form: a VLAN network needs its VLAN id (1..4094); the IPv6 prefix is optional (kept,
 * not realized yet). The engine checks everything again; a refusal naming a field shows under it.
 */
export const NETWORK_FIELDS = [nameField,
  { name: 'type', label: 'col.type', type: 'select', required: true, options: NETWORK_TYPES, drivers: 'network',
    hint: (v) => (v.type === 'portgroup' ? 'network.portgroupHint' : null) },
  { name: 'vlan', label: 'col.vlan', type: 'number', min: 0, max: MAX_VLAN, required: (v) => v.type === VLAN_TYPE,
    check: vlanProblem, hint: (v) => (v.type === VLAN_TYPE ? 'net.vlanHint' : 'net.vlanOptional') },
  { name: 'cidr', label: 'col.cidr', required: true, placeholder: '10.0.100.0/24', check: cidrProblem },
  { name: 'ipv6Cidr', label: 'net.ipv6Cidr', placeholder: 'fd00:100::/64', check: ipv6CidrProblem, hint: 'net.ipv6Hint' },
  { name: 'gateway', label: 'col.gateway', placeholder: '10.0.100.1', check: ipv4Problem },
  { name: 'dns', label: 'col.dns', placeholder: '10.0.100.1, 9.9.9.9', check: dnsProblem },
  { name: 'rangeStart', label: 'col.rangeStart', check: ipv4Problem, hint: 'net.rangeHint' },
  { name: 'rangeEnd', label: 'col.rangeEnd', check: ipv4Problem },
  { name: 'clusterId', label: 'col.cluster', type: 'select', optionsFrom: { path: '/clusters?limit=1000' } }];

/** A realization's state as a coloured label: data-realization-state. */
export function RealizationState({ state, t, count }) {
  return (
    <Label isCompact color={REALIZATION_COLORS[state] || 'grey'} data-realization-state={state}>
      {t(`realization.${state}`) === `realization.${state}` ? state : t(`realization.${state}`)}
      {count !== undefined ? ` ${count}` : ''}
    </Label>
  );
}

/** The list's column: how many hosts realize the network in each state ("Realized 2", "Failed 1"). */
export function RealizationCounts({ network, t }) {
  const counts = realizationCounts(network.realizations);
  const states = [...REALIZATION_STATES, ...Object.keys(counts).filter((s) => !REALIZATION_STATES.includes(s))]
    .filter((s) => counts[s]);
  if (!states.length) {
    return network.realizations ? <span data-realizations="0">{t('net.notRealized')}</span> : '';
  }
  return (
    <LabelGroup numLabels={4} data-realizations={network.realizations.length}>
      {states.map((s) => <RealizationState key={s} state={s} t={t} count={counts[s]} />)}
    </LabelGroup>
  );
}
