import { describe, expect, it } from 'vitest';
import { HOST_STATE_COLORS, activateOffered, drainTaskId, draining, maintenanceOffered } from './maintenance.js';
import { translate } from './i18n.js';

const host = (state, stateReason = null) => ({ id: 'h1', name: 'kvm1', state, stateReason });

describe('host maintenance', () => {
  it('offers maintenance to a host not in it, activate to one in it or on its way', () => {
    for (const state of ['UP', 'DOWN', 'SUSPECT', 'NON_RESPONSIVE', 'CONNECTING', 'ERROR']) {
      expect(maintenanceOffered(host(state)), state).toBe(true);
      expect(activateOffered(host(state)), state).toBe(false);
    }
    expect(maintenanceOffered(host('MAINTENANCE'))).toBe(false);
    expect(activateOffered(host('MAINTENANCE'))).toBe(true);
    // a drain that left instances behind is tried again by asking for maintenance again; activate calls it off
    expect(maintenanceOffered(host('PREPARING_FOR_MAINTENANCE'))).toBe(true);
    expect(activateOffered(host('PREPARING_FOR_MAINTENANCE'))).toBe(true);
    expect(maintenanceOffered(null)).toBe(false);
    expect(activateOffered(undefined)).toBe(false);
  });

  it('says when a host is being emptied, and by which task', () => {
    const preparing = host('PREPARING_FOR_MAINTENANCE',
      'moving 3 instance(s) to other hosts of its cluster (task 7f3e2a10-0c1d-4c55-9d0e-2b7c9f1a6e11): a, b, c');
    expect(draining(preparing)).toBe(true);
    expect(drainTaskId(preparing)).toBe('7f3e2a10-0c1d-4c55-9d0e-2b7c9f1a6e11');
    expect(drainTaskId(host('PREPARING_FOR_MAINTENANCE', 'a: no other host of its cluster has room'))).toBeNull();
    expect(drainTaskId(host('PREPARING_FOR_MAINTENANCE'))).toBeNull();
    expect(draining(host('MAINTENANCE'))).toBe(false);
    expect(drainTaskId(host('UP', '(task x)'))).toBeNull();
    expect(HOST_STATE_COLORS.PREPARING_FOR_MAINTENANCE).toBe('orange');
  });

  it('names the state and the new confirmation in both languages', () => {
    expect(translate('en', 'hostState.PREPARING_FOR_MAINTENANCE')).toBe('Preparing for maintenance');
    expect(translate('zh-CN', 'hostState.PREPARING_FOR_MAINTENANCE')).toBe('准备维护');
    expect(translate('zh-CN', 'state.PREPARING_FOR_MAINTENANCE')).toBe('准备维护');
    expect(translate('en', 'confirm.maintenance', { name: 'kvm1' })).toContain('moved live');
  });
});
