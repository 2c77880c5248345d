// The network pages' rules, kept free of React so they can be unit-tested: which networks an
// instance may be plugged into and how the picker names them, address and prefix checks that
// mirror the engine's, where a refused NIC shows its problem, and security-group rules in words.

/** The network type whose NICs are tagged with a VLAN id (1..4094, required). */
export const VLAN_TYPE = 'vlan';
export const MAX_VLAN = 4094;

/** A realization's state as a label colour (NETWORK_REALIZATIONS.state). */
export const REALIZATION_COLORS = { REALIZING: 'blue', REALIZED: 'green', FAILED: 'red', REMOVING: 'orange' };
export const REALIZATION_STATES = Object.keys(REALIZATION_COLORS);

export const DIRECTIONS = ['ingress', 'egress'];
export const PROTOCOLS = ['tcp', 'udp', 'icmp', 'any'];
/** Protocols whose rules name ports. */
export const hasPorts = (protocol) => protocol === 'tcp' || protocol === 'udp';

/** Free addresses of a network (never below 0). */
export const freeAddresses = (n) => Math.max(0, Number(n.addressesTotal || 0) - Number(n.addressesUsed || 0));

/**
 * The networks an instance of this kind may use: a container those a container engine can plug it
 * into (its bridges and VLANs), a virtual machine any other.
 */
export function usableNetworks(networks, container) {
  return (networks || []).filter((n) => (container ? n.type === 'container-bridge' || n.type === VLAN_TYPE
    : n.type !== 'container-bridge'));
}

/** What the picker says of a network: "vlan · VLAN 100 · 10.0.0.0/24 · 253 free". */
export function networkSummary(n, t) {
  return [n.type, n.vlan ? t('net.vlanTag', { vlan: n.vlan }) : null, n.cidr,
    t('net.freeCount', { count: t.number ? t.number(freeAddresses(n)) : freeAddresses(n) })].filter(Boolean).join(' · ');
}

/** A picker option's text: "lan (vlan · VLAN 100 · 10.0.0.0/24 · 253 free)". */
export const networkLabel = (n, t) => `${n.name} (${networkSummary(n, t)})`;

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

/** True for a dotted IPv4 address. */
export const isIpv4 = (text) => IPV4.test(String(text || '').trim());

const toNumber = (ip) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

/** An IPv4 prefix ("10.0.0.0/24") as {base, bits}, or null. */
export function parseCidr(text) {
  const [ip, bits, extra] = String(text || '').trim().split('/');
  if (extra !== undefined || !isIpv4(ip) || !/^\d{1,2}$/.test(bits || '') || Number(bits) > 32) {
    return null;
  }
  return { base: toNumber(ip), bits: Number(bits) };
}

/** True when an IPv4 address lies inside a prefix. */
export function inside(ip, cidr) {
  const net = parseCidr(cidr);
  if (!net || !isIpv4(ip)) {
    return false;
  }
  const size = 2 ** (32 - net.bits);
  const start = Math.floor(net.base / size) * size;
  const n = toNumber(ip.trim());
  return n >= start && n < start + size;
}

/** A field check: an IPv4 prefix (message key, or null). */
export const cidrProblem = (value) => (parseCidr(value) ? null : 'net.badCidr');

/** A field check: an IPv4 address (message key, or null). */
export const ipv4Problem = (value) => (isIpv4(value) ? null : 'net.badIp');

/** A field check: an IPv6 prefix such as fd00:10::/64 (the engine checks it fully). */
export function ipv6CidrProblem(value) {
  const [ip, bits, extra] = String(value || '').trim().split('/');
  const ok = extra === undefined && /^[0-9A-Fa-f:.]+$/.test(ip || '') && ip.includes(':')
    && /^\d{1,3}$/.test(bits || '') && Number(bits) <= 128;
  return ok ? null : 'net.badIpv6';
}

/** A field check: the VLAN id, required (1..4094) on a VLAN network, 0 (untagged) allowed otherwise. */
export function vlanProblem(value, values) {
  return values.type === VLAN_TYPE && Number(value) < 1 ? 'net.vlanRange' : null;
}

/**
 * Where a refused instance create shows a NIC's problem: the engine names `nics` (or
 * nics[0].ip, nics[0].securityGroupIds...); the wizard's fields are networkId, nicIp and
 * securityGroupIds. Other problems are returned as they are.
 */
export function nicProblem(problem, values = {}) {
  const field = problem && problem.field;
  if (!field || !/^nics\b/.test(field)) {
    return problem;
  }
  const text = `${field} ${problem.detail || ''}`;
  if (/securityGroup|security group/i.test(text)) {
    return { ...problem, field: 'securityGroupIds' };
  }
  if (values.nicIp && (/\.ip$/.test(field) || /\baddress\b/i.test(text))) {
    return { ...problem, field: 'nicIp' };
  }
  return { ...problem, field: 'networkId' };
}

/** The NIC of a create request, or null when no network is chosen (the instance gets no NIC). */
export function nicRequest(values) {
  if (!values.networkId) {
    return null;
  }
  const nic = { networkId: values.networkId };
  if (values.nicIp && String(values.nicIp).trim()) {
    nic.ip = String(values.nicIp).trim();
  }
  if (values.securityGroupIds && values.securityGroupIds.length) {
    nic.securityGroupIds = [...values.securityGroupIds];
  }
  return nic;
}

/** The ports of a rule in words: "22", "8000–8080", "" (every port, or a protocol without ports). */
export function rulePorts(rule) {
  if (!hasPorts(rule.protocol) || (rule.portMin == null && rule.portMax == null)) {
    return '';
  }
  const min = rule.portMin ?? rule.portMax;
  const max = rule.portMax ?? rule.portMin;
  return min === max ? String(min) : `${min}–${max}`;
}

/** A rule's remote end: its CIDR, the name of its group, or null (anywhere: no CIDR, or 0.0.0.0/0). */
export function ruleRemote(rule, groups) {
  if (rule.remoteCidr && rule.remoteCidr !== '0.0.0.0/0') {
    return rule.remoteCidr;
  }
  if (rule.remoteGroupId) {
    const group = (groups || []).find((g) => g.id === rule.remoteGroupId);
    return group ? group.name : rule.remoteGroupId;
  }
  return null;
}

/** The POST body of the add-rule form: ports only for tcp/udp, the remote end as chosen. */
export function ruleBody(values) {
  const out = { direction: values.direction, protocol: values.protocol };
  if (hasPorts(values.protocol)) {
    if (values.portMin !== undefined && values.portMin !== '') {
      out.portMin = Number(values.portMin);
    }
    if (values.portMax !== undefined && values.portMax !== '') {
      out.portMax = Number(values.portMax);
    } else if (out.portMin !== undefined) {
      out.portMax = out.portMin; // one port
    }
  }
  if (values.remote === 'cidr' && values.remoteCidr) {
    out.remoteCidr = String(values.remoteCidr).trim();
  }
  if (values.remote === 'group' && values.remoteGroupId) {
    out.remoteGroupId = values.remoteGroupId;
  }
  return out;
}

/** A field check: the highest port is not below the lowest. */
export function portMaxProblem(value, values) {
  return values.portMin !== undefined && values.portMin !== '' && Number(value) < Number(values.portMin)
    ? 'sg.portOrder' : null;
}

/** A remote CIDR may be IPv4 or IPv6. */
export const remoteCidrProblem = (value) => (parseCidr(value) || !ipv6CidrProblem(value) ? null : 'net.badCidr');

/** How many of a network's realizations are in each state: {REALIZED: 2, FAILED: 1}. */
export function realizationCounts(realizations) {
  const counts = {};
  for (const r of realizations || []) {
    counts[r.state] = (counts[r.state] || 0) + 1;
  }
  return counts;
}

/** The security groups a NIC of an instance in this VDC may join: those of the VDC (all when unknown). */
export const groupsOfVdc = (groups, vdcId) => (groups || []).filter((g) => !vdcId || g.vdcId === vdcId);
