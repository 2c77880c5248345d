import { describe, expect, it } from 'vitest';
import { CONFIRMED, VM_ACTIONS, applicable, enabled, request } from './instanceActions.js';

const STATES = ['CREATING', 'RUNNING', 'STOPPED', 'PAUSED', 'UNKNOWN', 'DELETING', 'MISSING'];
const offered = (state) => VM_ACTIONS.filter((a) => enabled(a, state));

describe('instance actions by state', () => {
  it('a running VM can be shut down, powered off, rebooted, not started', () => {
    expect(offered('RUNNING')).toEqual(['details', 'console', 'shutdown', 'poweroff', 'reboot', 'snapshots', 'tags', 'delete']);
  });

  it('a stopped VM can be started, not stopped nor rebooted, and has no console', () => {
    expect(offered('STOPPED')).toEqual(['details', 'start', 'snapshots', 'tags', 'delete']);
  });

  it('while a task creates or deletes it, only the details', () => {
    expect(offered('CREATING')).toEqual(['details']);
    expect(offered('DELETING')).toEqual(['details']);
  });

  it('a missing instance can only be deleted (and retagged)', () => {
    expect(offered('MISSING')).toEqual(['details', 'tags', 'delete']);
  });

  it('a paused one can be powered off but not shut down gracefully', () => {
    expect(enabled('poweroff', 'PAUSED')).toBe(true);
    expect(enabled('shutdown', 'PAUSED')).toBe(false);
  });

  it('every state the API has is covered by at least the details', () => {
    for (const state of STATES) {
      expect(enabled('details', state)).toBe(true);
    }
  });
});

describe('requests', () => {
  it('shutting down asks the guest (no force); power off forces', () => {
    expect(request('shutdown', 'i1')).toEqual(['POST', '/instances/i1/stop']);
    expect(request('poweroff', 'i1')).toEqual(['POST', '/instances/i1/stop?force=true']);
    expect(request('delete', 'i1')).toEqual(['DELETE', '/instances/i1']);
    expect(request('console', 'i1')).toBeNull();
  });

  it('power off, reboot and delete ask first; shut down and start do not', () => {
    expect(CONFIRMED).toEqual(expect.arrayContaining(['poweroff', 'reboot', 'delete']));
    expect(CONFIRMED).not.toContain('shutdown');
    expect(CONFIRMED).not.toContain('start');
  });

  it('a bulk action applies to the selected instances whose state allows it', () => {
    const selected = [{ name: 'a', state: 'RUNNING' }, { name: 'b', state: 'STOPPED' }, { name: 'c', state: 'RUNNING' }];
    expect(applicable('shutdown', selected).map((i) => i.name)).toEqual(['a', 'c']);
    expect(applicable('start', selected).map((i) => i.name)).toEqual(['b']);
    expect(applicable('delete', selected)).toHaveLength(3);
  });
});
