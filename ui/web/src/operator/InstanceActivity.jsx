import { Content, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { Head } from './Bars.jsx';
import { useT } from '../I18n.jsx';
import { Problem } from '../Problem.jsx';
import { usePolling } from '../usePolling.js';

const TASK_COLORS = { SUCCEEDED: 'green', FAILED: 'red', ROLLED_BACK: 'orange', RUNNING: 'blue', QUEUED: 'grey' };
const OUTCOME_COLORS = { SUCCEEDED: 'green', FAILED: 'red', REFUSED: 'orange' };

/** The instance's audit events (GET /events?resourceId=), newest first. */
export function InstanceEvents({ instance }) {
  const t = useT();
  const { data, error } = usePolling(`/events?resourceId=${instance.id}&limit=100`);
  const items = data ? data.items : [];
  return (
    <div id="instance-events">
      <Problem error={error} />
      {data && items.length === 0 ? <Content component="p">{t('ops.events.none')}</Content> : (
        <Table variant="compact" aria-label={t('ops.tab.events')}>
          <Head t={t} keys={['col.time', 'col.topic', 'col.user', 'col.outcome', 'col.message']} />
          <Tbody>
            {items.map((e) => (
              <Tr key={e.id} data-event={e.topic}>
                <Td>{t.date(e.time)}</Td>
                <Td>{e.topic}</Td>
                <Td>{e.user}</Td>
                <Td>
                  {e.outcome && (
                    <Label isCompact color={OUTCOME_COLORS[e.outcome] || 'grey'}>
                      {t(`task.${e.outcome}`) === `task.${e.outcome}` ? e.outcome : t(`task.${e.outcome}`)}
                    </Label>
                  )}
                </Td>
                <Td>{e.message}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </div>
  );
}

/** The tasks on the instance (GET /tasks?resourceId=), with their error and end. */
export function InstanceTasks({ instance }) {
  const t = useT();
  const { data, error } = usePolling(`/tasks?resourceId=${instance.id}&limit=100`, 5000);
  // an engine that ignores the filter answers every task: keep the instance's own
  const items = data ? data.items.filter((task) => !task.resourceId || task.resourceId === instance.id) : [];
  return (
    <div id="instance-tasks">
      <Problem error={error} />
      {data && items.length === 0 ? <Content component="p">{t('ops.tasks.none')}</Content> : (
        <Table variant="compact" aria-label={t('ops.tab.tasks')}>
          <Head t={t} keys={['tasks.col.operation', 'tasks.col.state', 'col.user', 'tasks.col.created', 'ops.finished', 'ops.error']} />
          <Tbody>
            {items.map((task) => (
              <Tr key={task.id} data-task={task.operation} data-state={task.state}>
                <Td>{t.operation(task.operation)}</Td>
                <Td><Label isCompact color={TASK_COLORS[task.state]}>{t(`task.${task.state}`)}</Label></Td>
                <Td>{task.user}</Td>
                <Td>{t.date(task.createdAt)}</Td>
                <Td>{t.date(task.finishedAt || (['RUNNING', 'QUEUED'].includes(task.state) ? null : task.updatedAt))}</Td>
                <Td>{task.error || ''}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </div>
  );
}
