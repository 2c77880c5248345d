import { describe, expect, it } from 'vitest';
import {
  cidrProblem, freeAddresses, inside, ipv4Problem, ipv6CidrProblem, networkLabel, nicProblem, nicRequest,
  portMaxProblem, realizationCounts, remoteCidrProblem, ruleBody, rulePorts, ruleRemote, usableNetworks, vlanProblem,
} from './logic.js';
import { taskFailed } from '../api.js';

const t = (key, values = {}) => ({ 'net.vlanTag': `VLAN ${values.vlan}`, 'net.freeCount': `${values.count} free` }[key] || key);
const networks = [
  { id: 'a', name: 'lan', type: 'vlan', vlan: 100, cidr: '10.0.100.0/24', addressesTotal: 253, addressesUsed: 3 },
  { id: 'b', name: 'br', type: 'container-bridge', vlan: 0, cidr: '172.30.0.0/24', addressesTotal: 10, addressesUsed: 12 },
  { id: 'c', name: 'sim', type: 'simulator', vlan: 0, cidr: '10.50.0.0/24', addressesTotal: 254, addressesUsed: 0 },
];

describe('the network picker', () => {
  it('offers a VM every network but container bridges, a container its bridges and VLANs', () => {
    expect(usableNetworks(networks, false).map((n) => n.id)).toEqual(['a', 'c']);
    expect(usableNetworks(networks, true).map((n) => n.id)).toEqual(['a', 'b']);
    expect(usableNetworks(null, false)).toEqual([]);
  });

  it('names type, VLAN, subnet and free addresses; an untagged network has no VLAN part', () => {
    expect(networkLabel(networks[0], t)).toBe('lan (vlan · VLAN 100 · 10.0.100.0/24 · 250 free)');
    expect(networkLabel(networks[2], t)).toBe('sim (simulator · 10.50.0.0/24 · 254 free)');
    expect(freeAddresses(networks[1])).toBe(0);
  });

  it('sends a NIC only when a network is chosen, with its fixed address and groups when given', () => {
    expect(nicRequest({})).toBeNull();
    expect(nicRequest({ networkId: 'a', nicIp: ' ', securityGroupIds: [] })).toEqual({ networkId: 'a' });
    expect(nicRequest({ networkId: 'a', nicIp: '10.0.100.9', securityGroupIds: ['g1'] }))
      .toEqual({ networkId: 'a', ip: '10.0.100.9', securityGroupIds: ['g1'] });
  });

  it('shows a refusal naming nics under the NIC field it is about', () => {
    expect(nicProblem({ field: 'nics', detail: 'address 10.0.100.9 of network lan is in use' }, { nicIp: '10.0.100.9' }).field)
      .toBe('nicIp');
    expect(nicProblem({ field: 'nics', detail: 'network x does not exist' }, {}).field).toBe('networkId');
    expect(nicProblem({ field: 'nics[0].securityGroupIds', detail: 'unknown group' }, {}).field).toBe('securityGroupIds');
    expect(nicProblem({ field: 'nics', detail: 'security group web is of another VDC' }, {}).field).toBe('securityGroupIds');
    expect(nicProblem({ field: 'name', detail: 'x' }, {}).field).toBe('name');
    expect(nicProblem({ detail: 'x' }, {})).toEqual({ detail: 'x' });
  });
});

describe('address checks', () => {
  it('knows IPv4 addresses and prefixes, and what lies inside', () => {
    expect(ipv4Problem('10.0.100.20')).toBeNull();
    expect(ipv4Problem('10.0.100.256')).toBe('net.badIp');
    expect(cidrProblem('10.0.100.0/24')).toBeNull();
    expect(cidrProblem('10.0.100.0/33')).toBe('net.badCidr');
    expect(cidrProblem('10.0.100.0')).toBe('net.badCidr');
    expect(inside('10.0.100.20', '10.0.100.0/24')).toBe(true);
    expect(inside('10.0.101.1', '10.0.100.0/24')).toBe(false);
    expect(inside('10.0.101.1', '10.0.100.0/23')).toBe(true);
  });

  it('accepts an IPv6 prefix, refuses an IPv4 one or no prefix length', () => {
    expect(ipv6CidrProblem('fd00:100::/64')).toBeNull();
    expect(ipv6CidrProblem('10.0.0.0/24')).toBe('net.badIpv6');
    expect(ipv6CidrProblem('fd00::')).toBe('net.badIpv6');
    expect(ipv6CidrProblem('fd00::/129')).toBe('net.badIpv6');
    expect(remoteCidrProblem('fd00::/8')).toBeNull();
    expect(remoteCidrProblem('0.0.0.0/0')).toBeNull();
    expect(remoteCidrProblem('anywhere')).toBe('net.badCidr');
  });

  it('wants a VLAN id 1..4094 on a VLAN network only', () => {
    expect(vlanProblem('0', { type: 'vlan' })).toBe('net.vlanRange');
    expect(vlanProblem('100', { type: 'vlan' })).toBeNull();
    expect(vlanProblem('0', { type: 'portgroup' })).toBeNull();
  });
});

describe('security group rules', () => {
  it('sends ports for tcp and udp only, one port as min = max', () => {
    expect(ruleBody({ direction: 'ingress', protocol: 'tcp', portMin: '22', remote: 'any' }))
      .toEqual({ direction: 'ingress', protocol: 'tcp', portMin: 22, portMax: 22 });
    expect(ruleBody({ direction: 'ingress', protocol: 'icmp', portMin: '22', remote: 'cidr', remoteCidr: ' 10.0.0.0/8 ' }))
      .toEqual({ direction: 'ingress', protocol: 'icmp', remoteCidr: '10.0.0.0/8' });
    expect(ruleBody({ direction: 'egress', protocol: 'udp', portMin: '1000', portMax: '2000', remote: 'group',
      remoteGroupId: 'g2', remoteCidr: 'ignored' }))
      .toEqual({ direction: 'egress', protocol: 'udp', portMin: 1000, portMax: 2000, remoteGroupId: 'g2' });
  });

  it('says ports and remote ends in words', () => {
    expect(rulePorts({ protocol: 'tcp', portMin: 22, portMax: 22 })).toBe('22');
    expect(rulePorts({ protocol: 'tcp', portMin: 8000, portMax: 8080 })).toBe('8000–8080');
    expect(rulePorts({ protocol: 'icmp', portMin: null, portMax: null })).toBe('');
    expect(ruleRemote({ remoteCidr: '10.0.0.0/8' }, [])).toBe('10.0.0.0/8');
    expect(ruleRemote({ remoteGroupId: 'g2' }, [{ id: 'g2', name: 'web' }])).toBe('web');
    expect(ruleRemote({}, [])).toBeNull();
    expect(ruleRemote({ remoteCidr: '0.0.0.0/0' }, [])).toBeNull(); // the engine's "anywhere"
    expect(portMaxProblem('10', { portMin: '20' })).toBe('sg.portOrder');
    expect(portMaxProblem('30', { portMin: '20' })).toBeNull();
  });
});

describe('realizations and tasks', () => {
  it('counts realizations per state', () => {
    expect(realizationCounts([{ state: 'REALIZED' }, { state: 'FAILED' }, { state: 'REALIZED' }]))
      .toEqual({ REALIZED: 2, FAILED: 1 });
    expect(realizationCounts(undefined)).toEqual({});
  });

  it('tells a failed task from one still running or succeeded', () => {
    expect(taskFailed({ state: 'FAILED' })).toBe(true);
    expect(taskFailed({ state: 'ROLLED_BACK' })).toBe(true);
    expect(taskFailed({ state: 'RUNNING' })).toBe(false);
    expect(taskFailed({ state: 'SUCCEEDED' })).toBe(false);
  });
});
