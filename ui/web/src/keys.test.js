// Message keys the portal builds at run time (action.<name>, topic.<object>...): each must exist,
// in every language (i18n.test.js checks the languages agree).
import { describe, expect, it } from 'vitest';
import { MESSAGES } from './i18n.js';
import { BULK_ACTIONS, CONFIRMED, CONTAINER_ACTIONS, VM_ACTIONS } from './instanceActions.js';
import { GROUPS } from './navigation.js';
import { TOPIC_OBJECTS, TOPIC_VERBS } from './events.js';
import { OPTIONAL_COLUMNS } from './tags.js';
import { DIRECTIONS, PROTOCOLS, REALIZATION_STATES } from './network/logic.js';
import { PLACEMENTS, POOL_HOST_STATES, POOL_STATES } from './storage/logic.js';
import { BACKUP_STATES, CONSISTENCIES, DAYS, SCHEDULE_KINDS } from './backup/logic.js';
import { HOST_STATES } from './maintenance.js';

const keys = [
  ...[...VM_ACTIONS, ...CONTAINER_ACTIONS].map((a) => `action.${a}`),
  ...CONFIRMED.map((a) => `confirm.instance.${a}`),
  ...BULK_ACTIONS.flatMap((a) => [`action.${a}`, `bulk.consequence.${a}`]),
  ...GROUPS.flatMap((g) => [`navGroup.${g.id}`, ...g.pages.map((p) => `nav.${p}`)]), 'nav.dashboard',
  ...TOPIC_OBJECTS.map((o) => `topic.${o}`), ...TOPIC_VERBS.map((v) => `verb.${v}`),
  ...['danger', 'warning', 'success', 'info'].map((s) => `severity.${s}`),
  ...['hosts', 'pools', 'networks'].map((k) => `plugin.used.${k}`),
  ...OPTIONAL_COLUMNS.map((c) => (c === 'created' ? 'col.created' : `col.${c}`)),
  ...['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'ROLLED_BACK'].map((s) => `task.${s}`),
  ...['CREATING', 'RUNNING', 'STOPPED', 'PAUSED', 'UNKNOWN', 'DELETING', 'MISSING'].map((s) => `state.${s}`),
  ...REALIZATION_STATES.map((s) => `realization.${s}`), ...DIRECTIONS.map((d) => `sg.direction.${d}`),
  ...PROTOCOLS.map((p) => `sg.protocol.${p}`), ...['any', 'cidr', 'group'].map((r) => `sg.remote.${r}`),
  ...POOL_STATES.map((s) => `poolState.${s}`), ...POOL_STATES.map((s) => `state.${s}`),
  ...POOL_HOST_STATES.map((s) => `poolHostState.${s}`), ...PLACEMENTS.map((p) => `pool.placement.${p}`),
  ...['info', 'warning'].map((v) => `alert.${v}`),
  ...HOST_STATES.flatMap((s) => [`hostState.${s}`, `state.${s}`]),
  ...BACKUP_STATES.map((s) => `backupState.${s}`), ...CONSISTENCIES.flatMap((c) => [`consistency.${c}`, `consistency.${c}.hint`]),
  ...DAYS.map((d) => `day.${d}`), ...SCHEDULE_KINDS.map((k) => `backup.kind.${k}`),
  ...['CREATING', 'DELETING'].map((s) => `backup.notReady.${s}`), 'ops.tab.backups',
  ...['volume.backup', 'instance.backup', 'backup.delete', 'backup.restore'].map((o) => `op.${o}`),
];

describe('keys built at run time', () => {
  it.each(Object.keys(MESSAGES))('all exist in %s', (language) => {
    expect(keys.filter((k) => !(k in MESSAGES[language]))).toEqual([]);
  });
});
