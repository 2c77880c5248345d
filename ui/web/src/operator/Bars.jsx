import { Progress } from '@patternfly/react-core';
import { percent } from './logic.js';

/** A labelled used/total bar; red from 90 %, orange from 75 %. */
export function UsageBar({ id, title, used, total, label }) {
  const p = percent(used, total);
  return (
    <Progress id={id} data-used={used} data-total={total} title={title} value={p} label={label} measureLocation="outside"
      variant={p >= 90 ? 'danger' : p >= 75 ? 'warning' : undefined} size="sm" />
  );
}
