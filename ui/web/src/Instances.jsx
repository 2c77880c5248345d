import { useState } from 'react';
import { Alert, Button, Label, PageSection, Title, Toolbar, ToolbarContent, ToolbarItem, Content } from '@patternfly/react-core';
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { call, taskEnd } from './api.js';
import { CreateInstance } from './CreateInstance.jsx';
import { Snapshots } from './Snapshots.jsx';
import { Console } from './Console.jsx';
import { useT } from './I18n.jsx';
import { Problem } from './Problem.jsx';
import { Pager } from './Pager.jsx';
import { useList } from './useList.js';
import { FilterBar } from './FilterBar.jsx';

const FILTERS = [{ name: 'name', label: 'instances.col.name' }];
const STATE_COLORS = { RUNNING: 'green', STOPPED: 'grey', CREATING: 'blue', DELETING: 'orange', MISSING: 'red' };

export function Instances() {
  const t = useT();
  const { data, error, reload, pager, applyFilters } = useList('/instances');
  const items = data ? data.items : [];
  const [creating, setCreating] = useState(false);
  const [snapshotsOf, setSnapshotsOf] = useState(null);
  const [consoleOf, setConsoleOf] = useState(null);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  const act = async (instance, action) => {
    try {
      const task = action === 'delete' ? await call('DELETE', `/instances/${instance.id}`)
        : await call('POST', `/instances/${instance.id}/${action}${action === 'stop' ? '?force=true' : ''}`);
      setFailure(null);
      setNotice(t('action.started', { action: t(`action.${action}`), name: instance.name }));
      follow(task);
    } catch (e) {
      setFailure(e);
    }
  };
  const DIALOGS = { snapshots: setSnapshotsOf, console: setConsoleOf };
  const follow = async (task) => {
    setNotice(t.outcome(await taskEnd(task)));
    reload();
  };
  return (
    <PageSection>
      <Title headingLevel="h1">{t('instances.title')}</Title>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem><Button onClick={() => setCreating(true)} id="create-instance">{t('wizard.title')}</Button></ToolbarItem>
          <ToolbarItem><Button variant="secondary" onClick={reload} id="refresh">{t('instances.refresh')}</Button></ToolbarItem>
          <ToolbarItem><Content component="p" id="instance-total">{t('instances.total', { count: data ? data.total : 0 })}</Content></ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <FilterBar filters={FILTERS} onChange={applyFilters} id="filters-instances" />
      <Problem error={error || failure} />
      {notice && <Alert variant="info" isInline title={notice} id="notice" />}
      <Snapshots instance={snapshotsOf} onClose={() => setSnapshotsOf(null)} />
      <Console instance={consoleOf} onClose={() => setConsoleOf(null)} />
      <CreateInstance isOpen={creating} onClose={() => setCreating(false)}
        onCreated={(task) => { setCreating(false); setNotice(t('action.started', { action: t('action.create'), name: '' })); follow(task); }} />
      {data && data.total > 0 && <Pager pager={pager} data={data} id="pager-instances" />}
      {data && data.total === 0 ? <Content component="p">{t('instances.empty')}</Content> : (
        <Table aria-label={t('instances.title')} id="instances" variant="compact">
          <Thead>
            <Tr>
              <Th>{t('instances.col.name')}</Th>
              <Th>{t('instances.col.type')}</Th>
              <Th>{t('instances.col.state')}</Th>
              <Th>{t('instances.col.cpus')}</Th>
              <Th>{t('instances.col.memory')}</Th>
              <Th>{t('instances.col.addresses')}</Th>
              <Th>{t('instances.col.managed')}</Th>
              <Th screenReaderText={t('action.menu')} />
            </Tr>
          </Thead>
          <Tbody>
            {items.map((i) => (
              <Tr key={i.id} data-instance={i.name}>
                <Td dataLabel={t('instances.col.name')}>{i.name}</Td>
                <Td dataLabel={t('instances.col.type')}>
                  <Label isCompact color={i.details && i.details.kind === 'container' ? 'purple' : 'blue'}>
                    {t(i.details && i.details.kind === 'container' ? 'type.container' : 'type.vm')}
                  </Label>
                </Td>
                <Td dataLabel={t('instances.col.state')}>
                  <Label isCompact color={STATE_COLORS[i.state] || 'grey'}>
                    {t(`state.${i.state}`) === `state.${i.state}` ? t('state.UNKNOWN') : t(`state.${i.state}`)}
                  </Label>
                </Td>
                <Td dataLabel={t('instances.col.cpus')}>{i.cpus}</Td>
                <Td dataLabel={t('instances.col.memory')}>{i.memoryMiB}</Td>
                <Td dataLabel={t('instances.col.addresses')}>{(i.nics || []).map((n) => n.ip).join(', ')}</Td>
                <Td dataLabel={t('instances.col.managed')}>{t(i.managed ? 'managed.yes' : 'managed.no')}</Td>
                <Td isActionCell>
                  <ActionsColumn items={['console', 'start', 'stop', 'reboot', 'snapshots', 'delete'].map((action) => ({
                    title: t(`action.${action}`), isDanger: action === 'delete',
                    isDisabled: action === 'console' && i.state !== 'RUNNING',
                    onClick: () => (DIALOGS[action] ? DIALOGS[action](i) : act(i, action)),
                  }))} popperProps={{ position: 'right' }} />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </PageSection>
  );
}
