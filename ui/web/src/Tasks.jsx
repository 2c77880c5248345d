import { Label, PageSection, Progress, Title, Content } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useT } from './I18n.jsx';
import { usePolling } from './usePolling.js';
import { Problem } from './Problem.jsx';

const COLORS = { SUCCEEDED: 'green', FAILED: 'red', ROLLED_BACK: 'orange', RUNNING: 'blue', QUEUED: 'grey' };

export function Tasks() {
  const t = useT();
  const { data, error } = usePolling('/tasks?limit=50', 5000);
  const items = data ? data.items : [];
  return (
    <PageSection>
      <Title headingLevel="h1">{t('tasks.title')}</Title>
      <Problem error={error} />
      {data && items.length === 0 ? <Content component="p">{t('tasks.empty')}</Content> : (
        <Table aria-label={t('tasks.title')} id="tasks" variant="compact">
          <Thead>
            <Tr>
              <Th>{t('tasks.col.operation')}</Th>
              <Th>{t('tasks.col.state')}</Th>
              <Th>{t('tasks.col.progress')}</Th>
              <Th>{t('tasks.col.created')}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {items.map((task) => (
              <Tr key={task.id}>
                <Td>{t.operation(task.operation)}</Td>
                <Td><Label isCompact color={COLORS[task.state]}>{t(`task.${task.state}`)}</Label></Td>
                <Td><Progress aria-label={t('tasks.col.progress')} size="sm"
                  value={task.stepCount ? (100 * task.stepsDone) / task.stepCount : 0} /></Td>
                <Td>{new Date(task.createdAt).toLocaleString()}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </PageSection>
  );
}
