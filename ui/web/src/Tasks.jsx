import { useEffect, useState } from 'react';
import {
  Content, FormSelect, FormSelectOption, Label, PageSection, Progress, Title, Toolbar, ToolbarContent, ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useT } from './I18n.jsx';
import { Problem } from './Problem.jsx';
import { Pager } from './Pager.jsx';
import { useList } from './useList.js';
import { EmptyList, SearchBox, sortable } from './ListTools.jsx';
import { duration } from './format.js';
import { objectWord } from './events.js';
import { taskPercent } from './storage/logic.js';

const COLORS = { SUCCEEDED: 'green', FAILED: 'red', ROLLED_BACK: 'orange', RUNNING: 'blue', QUEUED: 'grey' };
const STATES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'ROLLED_BACK'];
const running = (task) => task.state === 'QUEUED' || task.state === 'RUNNING';
const searchText = (task) => `${task.resourceName || ''} ${task.operation}`;

/** What a task acted on: "Instance vm1" (engines before resourceName: its id, shortened). */
function Target({ task, t }) {
  const id = task.resourceId || '';
  const name = task.resourceName || (/^[0-9a-f-]{36}$/.test(id) ? id.slice(0, 8) : id);
  return <span data-target={task.resourceName || task.resourceId || ''}>{[objectWord(task.resourceType, t), name].filter(Boolean).join(' ')}</span>;
}

/**
 * The task log (review D15): what ran on which object, for whom, how long, and why it failed;
 * filtered by state, searched, sorted, in pages.
 */
export function Tasks() {
  const t = useT();
  const list = useList('/tasks', { text: searchText, defaultSort: { field: 'createdAt', direction: 'desc' } });
  const { data, error, pager, applyFilters } = list;
  const [state, setState] = useState('');
  const [now, setNow] = useState(Date.now());
  useEffect(() => applyFilters({ state }), [state, applyFilters]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const items = data ? data.items : [];
  return (
    <PageSection>
      <Title headingLevel="h1">{t('tasks.title')}</Title>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem><SearchBox list="tasks" value={list.q} onChange={list.setQ} label={t('tasks.search')} /></ToolbarItem>
          <ToolbarItem>
            <FormSelect id="filter-state" aria-label={t('filter.by', { field: t('tasks.col.state') })} value={state}
              onChange={(_, v) => setState(v)}>
              <FormSelectOption value="" label={t('filter.all', { field: t('tasks.col.state') })} />
              {STATES.map((s) => <FormSelectOption key={s} value={s} label={t(`task.${s}`)} />)}
            </FormSelect>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Problem error={error} />
      {data && data.total > 0 && <Pager pager={pager} data={data} id="pager-tasks" />}
      {data && items.length === 0 ? (
        <EmptyList list="tasks" what={t('tasks.title')} q={list.q || state} onClear={() => { list.setQ(''); setState(''); }}
          hint="tasks.emptyHint" />
      ) : (
        <Table aria-label={t('tasks.title')} id="tasks" variant="compact">
          <Thead>
            <Tr>
              <Th>{t('tasks.col.operation')}</Th>
              <Th>{t('tasks.col.target')}</Th>
              <Th>{t('tasks.col.state')}</Th>
              <Th>{t('tasks.col.progress')}</Th>
              <Th>{t('col.user')}</Th>
              <Th {...sortable(list, 'createdAt', 5, { newestFirst: true })}>{t('tasks.col.created')}</Th>
              <Th>{t('tasks.col.duration')}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {items.map((task) => (
              <Tr key={task.id} data-task={task.id} data-state={task.state}>
                  <Td dataLabel={t('tasks.col.operation')}>{t.operation(task.operation)}</Td>
                  <Td dataLabel={t('tasks.col.target')}><Target task={task} t={t} /></Td>
                  <Td dataLabel={t('tasks.col.state')} modifier="breakWord">
                    <Label isCompact color={COLORS[task.state]}>{t(`task.${task.state}`)}</Label>
                    {task.error && <Content component="small" className="ovm-task-error" data-task-error>{task.error}</Content>}
                  </Td>
                  <Td dataLabel={t('tasks.col.progress')}>
                    <Progress aria-label={t('tasks.col.progress')} size="sm" title={task.progressMessage || undefined}
                      value={taskPercent(task)} />
                  </Td>
                  <Td dataLabel={t('col.user')}>{task.user || ''}</Td>
                  <Td dataLabel={t('tasks.col.created')}>{t.date(task.createdAt)}</Td>
                  <Td dataLabel={t('tasks.col.duration')}>
                    {duration(task.createdAt, task.finishedAt || (running(task) ? null : task.updatedAt), running(task) ? now : null)}
                  </Td>
                </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </PageSection>
  );
}
