// Restore and delete for a list of backups (the instance tab and the admins' page share them):
// restore opens the dialog once the original volume and its instance are known; delete asks first,
// then follows the backup.delete task with a bar on the page.
import { useState } from 'react';
import { ApiError, call, taskFailed } from '../api.js';
import { useT } from '../I18n.jsx';
import { useConfirm } from '../Confirm.jsx';
import { TaskProgressList, useTaskFollow } from '../storage/TaskProgress.jsx';
import { RestoreDialog } from './BackupDialogs.jsx';

/** GET a path; a 404 is null (a volume deleted since its backup was made). */
async function orNull(path) {
  try {
    return await call('GET', path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      return null;
    }
    throw e;
  }
}

/**
 * { restore(backup), remove(backup), ended(task), elements }: `elements` (the dialogs and the bars)
 * go on the page; `onNotice({task} | {key})` (see noticeText) / `onProblem(error)` say how things went;
 * `reload()` after.
 */
export function useBackupActions({ reload, onNotice, onProblem }) {
  const t = useT();
  const [restoring, setRestoring] = useState(null);
  const [, setAsk, confirmDialog] = useConfirm();
  const [tasks, follow, dismiss] = useTaskFollow();
  const ended = (task) => {
    if (taskFailed(task)) {
      onProblem({ problem: { detail: task.error ? `${t.outcome(task)} · ${task.error}` : t.outcome(task) } });
    } else {
      onProblem(null);
      onNotice({ task });
    }
    reload();
  };
  const restore = async (backup) => {
    try {
      const volume = backup.volumeId ? await orNull(`/volumes/${backup.volumeId}`) : null;
      const instance = volume && volume.instanceId ? await orNull(`/instances/${volume.instanceId}`) : null;
      setRestoring({ backup, volume, instance });
    } catch (e) {
      onProblem(e);
    }
  };
  const remove = (backup) => setAsk({
    title: t('backup.deleteTitle', { name: backup.name }),
    message: t('backup.deleteMessage', { pool: backup.poolName || backup.poolId }),
    confirm: t('form.delete'),
    run: async () => {
      try {
        const reply = await call('DELETE', `/backups/${backup.id}`);
        onProblem(null);
        reload();
        if (reply && reply.operation && reply.state) {
          follow(reply, ended);
        }
      } catch (e) {
        onProblem(e);
      }
    },
  });
  const elements = (
    <>
      {confirmDialog}
      {restoring && <RestoreDialog {...restoring} onClose={() => { setRestoring(null); reload(); }} onEnded={ended} />}
      <TaskProgressList tasks={tasks} onDismiss={dismiss} />
    </>
  );
  return { restore, remove, ended, follow, elements };
}

/** A notice in the language shown now (kept as what happened, so switching languages rewrites it). */
export const noticeText = (t, notice) => (notice.task ? t.outcome(notice.task) : t(notice.key));
