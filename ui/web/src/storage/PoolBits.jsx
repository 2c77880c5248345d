// Small pieces of the pool list and page: a pool's state with its reason, its allocation with
// the overcommit limit.
import { Label } from '@patternfly/react-core';
import { STATE_COLORS, capacity } from './logic.js';

/** The state as a label (DEGRADED orange, ERROR red) and, when the engine says why, the reason under it. */
export function PoolState({ pool, t }) {
  return (
    <>
      <Label isCompact color={STATE_COLORS[pool.state] || 'grey'} data-pool-state={pool.state}>{t('poolState.' + pool.state)}</Label>
      {pool.stateReason && <small className="ovm-reason" data-state-reason>{pool.stateReason}</small>}
    </>
  );
}

/** "15 GiB of 20 GiB (2×)" with an overcommit ratio, "3 GiB" without; nothing from engines that do not say. */
export function Allocated({ pool, t }) {
  const c = capacity(pool);
  if (c.allocated == null) {
    return '';
  }
  return (
    <span data-allocated={c.allocated} data-limit={c.limit ?? ''}>
      {c.limit == null ? t.size(c.allocated)
        : t('pool.allocatedOf', { allocated: t.size(c.allocated), limit: t.size(c.limit), ratio: t.number(c.ratio, 2) })}
    </span>
  );
}
