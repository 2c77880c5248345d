import { Progress } from '@patternfly/react-core';
import { Th, Thead, Tr } from '@patternfly/react-table';
import { percent } from './logic.js';

// Small shared pieces of the operator pages: usage bars and table headers.

/** A labelled used/total bar; red from 90 %, orange from 75 %. */
export function UsageBar({ id, title, used, total, label }) {
  const p = percent(used, total);
  return (
    <Progress id={id} data-used={used} data-total={total} title={title} value={p} label={label} measureLocation="outside"
      variant={p >= 90 ? 'danger' : p >= 75 ? 'warning' : undefined} size="sm" />
  );
}

/** A table's header row from message keys (an empty key: an unlabelled actions column). */
export function Head({ t, keys }) {
  return (
    <Thead>
      <Tr>{keys.map((key, i) => (key ? <Th key={key}>{t(key)}</Th> : <Th key={i} screenReaderText={t('action.menu')} />))}</Tr>
    </Thead>
  );
}
