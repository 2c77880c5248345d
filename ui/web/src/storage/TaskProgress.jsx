// Long tasks followed on the page (a volume copied or moved, an instance migrated): one progress
// bar each with the step the engine reports, until the task ends.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Progress, ProgressVariant } from '@patternfly/react-core';
import { call } from '../api.js';
import { useT } from '../I18n.jsx';
import { taskPercent } from './logic.js';

const ENDED = (task) => !['QUEUED', 'RUNNING'].includes(task.state);
const VARIANTS = { SUCCEEDED: ProgressVariant.success, FAILED: ProgressVariant.danger, ROLLED_BACK: ProgressVariant.danger };

/**
 * The tasks a page follows: [tasks, follow(task, onEnd?)]; each is asked about every second (the
 * engine answers early once it ends) so its progress moves, until it ends; then onEnd(task).
 */
export function useTaskFollow() {
  const [tasks, setTasks] = useState([]);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => { live.current = false; };
  }, []);
  const follow = useCallback(async (task, onEnd) => {
    setTasks((old) => [task, ...old.filter((x) => x.id !== task.id)]);
    let current = task;
    while (live.current && !ENDED(current)) {
      try {
        current = await call('GET', `/tasks/${task.id}?wait=1`);
      } catch {
        await new Promise((r) => setTimeout(r, 2000));
        continue;
      }
      const seen = current;
      setTasks((old) => old.map((x) => (x.id === seen.id ? seen : x)));
    }
    if (live.current && onEnd) {
      onEnd(current);
    }
    return current;
  }, []);
  const dismiss = useCallback((id) => setTasks((old) => old.filter((x) => x.id !== id)), []);
  return [tasks, follow, dismiss];
}

/**
 * One bar per followed task: #task-progress-<id>, data-operation, data-state, data-percent;
 * its label says the state, the engine's progress message and (failed) the error.
 */
export function TaskProgressList({ tasks, onDismiss }) {
  const t = useT();
  return tasks.map((task) => {
    const percent = Math.round(taskPercent(task));
    const label = [t(`task.${task.state}`), task.progressMessage, task.error].filter(Boolean).join(' · ');
    return (
      <div key={task.id} className="ovm-task-progress" data-task-progress={task.operation} data-state={task.state}
        data-percent={percent} data-resource={task.resourceName || ''}>
        <Progress id={`task-progress-${task.id}`} size="sm" value={percent} variant={VARIANTS[task.state]}
          title={t('progress.of', { operation: t.operation(task.operation), name: task.resourceName || '' })}
          label={label} measureLocation="outside" />
        {ENDED(task) && onDismiss && (
          <Button variant="link" isInline onClick={() => onDismiss(task.id)} data-dismiss={task.id}>{t('progress.dismiss')}</Button>
        )}
      </div>
    );
  });
}
