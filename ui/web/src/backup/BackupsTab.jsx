// The instance page's Backups tab: "Back up now" (every disk, to a chosen pool, the task's bar),
// the instance's backups with Restore… and Delete, and the schedule.
import { useState } from 'react';
import { Alert, Button, Content, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { useT } from '../I18n.jsx';
import { Problem } from '../Problem.jsx';
import { usePolling } from '../usePolling.js';
import { BackupNowDialog } from './BackupDialogs.jsx';
import { BackupsTable } from './BackupsTable.jsx';
import { ScheduleForm } from './ScheduleForm.jsx';
import { noticeText, useBackupActions } from './useBackupActions.jsx';
import { backupsPath, newestFirst } from './logic.js';

/** #instance-backups: #backup-now, #backups-notice, the table (or #backups-empty), the schedule card. */
export function BackupsTab({ instance }) {
  const t = useT();
  const list = usePolling(backupsPath({ instanceId: instance.id }), 10000);
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  const actions = useBackupActions({ reload: list.reload, onNotice: setNotice, onProblem: setFailure });
  const backups = newestFirst(list.data ? list.data.items : []);
  const started = (task) => {
    setNotice(null);
    actions.follow(task, actions.ended);
    list.reload();
  };
  return (
    <div id="instance-backups" data-count={list.data ? backups.length : ''}>
      {open && <BackupNowDialog instance={instance} onClose={() => { setOpen(false); list.reload(); }} onEnded={actions.ended} />}
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button id="backup-now" onClick={() => { setFailure(null); setOpen(true); }}>{t('backup.now')}</Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Problem error={list.error || failure} />
      {notice && <Alert variant="info" variantLabel={t('alert.info')} isInline title={noticeText(t, notice)} id="backups-notice" />}
      {actions.elements}
      {list.data && backups.length === 0
        ? <Content component="p" id="backups-empty">{t('backup.none')}</Content>
        : <BackupsTable backups={backups} onRestore={actions.restore} onDelete={actions.remove} />}
      <div style={{ paddingTop: 16 }}>
        <ScheduleForm instance={instance} onTask={started} onNotice={setNotice} onProblem={setFailure} />
      </div>
    </div>
  );
}
