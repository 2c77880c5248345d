// The backups as a table (the instance's Backups tab and the admins' Backups page): name, disk,
// pool, size, consistency (what it means in a tooltip), state, created, scheduled or manual, and
// per row "Restore…" and "Delete" (asked first), both with the reason when they cannot run now.
import { Button, Label, Tooltip } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useT } from '../I18n.jsx';
import { BACKUP_STATE_COLORS, CONSISTENCY_COLORS, backupRefusal, restoreRefusal } from './logic.js';

/** A backup's consistency as a label; hovering or focusing it says what it means. */
export function Consistency({ value }) {
  const t = useT();
  if (!value) {
    return '';
  }
  return (
    <span>
      <Tooltip content={t(`consistency.${value}.hint`)}>
        <Label isCompact color={CONSISTENCY_COLORS[value] || 'grey'} tabIndex={0} data-consistency={value}>
          {t(`consistency.${value}`)}
        </Label>
      </Tooltip>
    </span>
  );
}

/** A button that, when refused, is disabled and says why in a tooltip (aria-disabled keeps it focusable). */
function RowButton({ refusal, ...props }) {
  const t = useT();
  const button = <Button variant="link" isInline isAriaDisabled={!!refusal} data-refusal={refusal || undefined} {...props} />;
  return refusal ? <Tooltip content={t(refusal)}>{button}</Tooltip> : button;
}

/**
 * #backups: one row per backup (tr[data-backup=<name>], data-state, data-scheduled), newest first;
 * `showInstance` adds the instance's column (admins' page, names from `instanceNames`).
 */
export function BackupsTable({ backups, showInstance, instanceNames = {}, onRestore, onDelete }) {
  const t = useT();
  const keys = ['col.name', ...(showInstance ? ['col.instance'] : []), 'col.disk', 'col.pool', 'col.size', 'col.consistency',
    'col.state', 'col.created', 'col.origin', ''];
  return (
    <div className="ovm-table-scroll">
      <Table variant="compact" gridBreakPoint="grid-lg" aria-label={t('nav.backups')} id="backups">
        <Thead>
          <Tr>{keys.map((key, i) => (key ? <Th key={key} modifier="wrap">{t(key)}</Th> : <Th key={i} screenReaderText={t('action.menu')} />))}</Tr>
        </Thead>
        <Tbody>
          {backups.map((b) => (
            <Tr key={b.id} data-backup={b.name} data-state={b.state} data-scheduled={!!b.scheduled}>
              <Td dataLabel={t('col.name')}>{b.name}</Td>
              {showInstance && <Td dataLabel={t('col.instance')}>{b.instanceId ? instanceNames[b.instanceId] || b.instanceId : ''}</Td>}
              <Td dataLabel={t('col.disk')} data-volume={b.volumeName}>{b.volumeName || b.volumeId}</Td>
              <Td dataLabel={t('col.pool')} data-pool={b.poolName}>{b.poolName || b.poolId}</Td>
              <Td dataLabel={t('col.size')} modifier="nowrap">{b.sizeBytes != null ? t.size(b.sizeBytes) : ''}</Td>
              <Td dataLabel={t('col.consistency')}><Consistency value={b.consistency} /></Td>
              <Td dataLabel={t('col.state')}>
                <span><Label isCompact color={BACKUP_STATE_COLORS[b.state] || 'grey'}>{t(`backupState.${b.state}`)}</Label></span>
              </Td>
              <Td dataLabel={t('col.created')} modifier="nowrap">{t.date(b.createdAt)}</Td>
              <Td dataLabel={t('col.origin')}>{t(b.scheduled ? 'backup.scheduled' : 'backup.manual')}</Td>
              <Td isActionCell modifier="nowrap">
                <RowButton id={`backup-restore-${b.id}`} data-action="restore" refusal={restoreRefusal(b)}
                  onClick={() => onRestore(b)}>{t('backup.restore')}</RowButton>{' '}
                <RowButton id={`backup-delete-${b.id}`} data-action="delete" isDanger refusal={backupRefusal(b)}
                  onClick={() => onDelete(b)}>{t('form.delete')}</RowButton>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </div>
  );
}
