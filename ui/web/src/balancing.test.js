import { describe, expect, it } from 'vitest';
import { balancingBody, balancingColumn, balancingInitial, balancingActions } from './balancing.js';

const t = (key, values) => (values ? `${key} ${JSON.stringify(values)}` : key);

describe('cluster balancing settings', () => {
  it('fills the edit form from the view and sends only what is filled in', () => {
    const cluster = { id: 'c1', name: 'c', balancing: { policy: 'POWER_SAVING', highPercent: 80, lowPercent: 20, windowMinutes: 5, maxMigrations: 2 } };
    const values = balancingInitial(cluster);
    expect(values['balancing.policy']).toBe('POWER_SAVING');
    expect(values['balancing.lowPercent']).toBe('20');
    expect(balancingBody({ ...values, 'balancing.highPercent': '90', 'balancing.windowMinutes': '' }))
      .toEqual({ policy: 'POWER_SAVING', highPercent: 90, lowPercent: 20, maxMigrations: 2 });
  });

  it('shows the policy and the power-off candidates by host name', () => {
    const cluster = { balancing: { policy: 'POWER_SAVING' }, powerOffCandidates: ['h1'] };
    expect(balancingColumn.value(cluster, t, { hosts: [{ id: 'h1', name: 'kvm1' }] }))
      .toBe('balancing.policy.POWER_SAVING · balancing.candidates {"hosts":"kvm1"}');
  });

  it('offers Balance now only when a policy is set; the preview is a dry run', () => {
    const [preview, run] = balancingActions(() => null);
    expect(preview.path({ id: 'c1' })).toBe('/clusters/c1/balance?dryRun=true');
    expect(run.when({ balancing: { policy: 'NONE' } })).toBe(false);
    expect(run.when({ balancing: { policy: 'LOAD_BALANCING' } })).toBe(true);
  });
});
