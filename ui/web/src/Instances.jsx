import { useState } from 'react';
import {
  Alert, Button, Content, FormSelect, FormSelectOption, Label, PageSection, Title, Toolbar, ToolbarContent, ToolbarItem,
} from '@patternfly/react-core';
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { call, taskEnd } from './api.js';
import { CreateInstance } from './CreateInstance.jsx';
import { Snapshots } from './Snapshots.jsx';
import { Console } from './Console.jsx';
import { Terminal } from './Terminal.jsx';
import { Logs } from './Logs.jsx';
import { InstanceDetails } from './InstanceDetails.jsx';
import { typeBadge } from './esxi.js';
import { useT } from './I18n.jsx';
import { Problem } from './Problem.jsx';
import { Pager } from './Pager.jsx';
import { useList } from './useList.js';
import { FilterBar } from './FilterBar.jsx';

const FILTERS = [{ name: 'name', label: 'instances.col.name' }];
const STATE_COLORS = { RUNNING: 'green', STOPPED: 'grey', CREATING: 'blue', DELETING: 'orange', MISSING: 'red' };
const VM_ACTIONS = ['details', 'console', 'start', 'stop', 'reboot', 'snapshots', 'delete'];
const CONTAINER_ACTIONS = ['details', 'terminal', 'logs', 'start', 'stop', 'reboot', 'delete'];
/** Actions that need the instance running, or stopped; the others are always offered. */
const NEEDS_RUNNING = ['console', 'terminal', 'stop', 'reboot'];
const NEEDS_STOPPED = ['start'];

const isContainer = (i) => i.type === 'container' || (!i.type && !!i.details && i.details.kind === 'container');
/** The image of a container, the template of a VM (the other details are in the details dialog). */
const source = (i) => (i.details && (isContainer(i) ? i.details.image : i.details.template)) || '';

/** VM or container; a VM says which hypervisor runs it (an ESXi VM in orange). */
function Badge({ instance, t }) {
  const badge = typeBadge(instance, isContainer(instance));
  return (
    <Label isCompact color={badge.color} data-type-badge data-host-type={badge.hostType || undefined}>
      {t(badge.label)}
    </Label>
  );
}

/** A container's limit (0: none). */
const limit = (value, t) => (value ? value : t('instances.unlimited'));

export function Instances({ user }) {
  const t = useT();
  const { data, error, reload, pager, applyFilters } = useList('/instances');
  // the API filters by name, host, VDC, state: the type is filtered on the page shown
  const [type, setType] = useState('');
  const items = (data ? data.items : []).filter((i) => !type || (isContainer(i) ? 'container' : 'vm') === type);
  const [creating, setCreating] = useState(false);
  const [snapshotsOf, setSnapshotsOf] = useState(null);
  const [consoleOf, setConsoleOf] = useState(null);
  const [terminalOf, setTerminalOf] = useState(null);
  const [logsOf, setLogsOf] = useState(null);
  const [detailsOf, setDetailsOf] = useState(null);
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
  const DIALOGS = { snapshots: setSnapshotsOf, console: setConsoleOf, terminal: setTerminalOf, logs: setLogsOf,
    details: setDetailsOf };
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
          <ToolbarItem>
            <FormSelect id="filter-type" aria-label={t('filter.by', { field: t('instances.col.type') })} value={type}
              onChange={(_, v) => setType(v)}>
              <FormSelectOption value="" label={t('instances.allTypes')} />
              <FormSelectOption value="vm" label={t('type.vm')} />
              <FormSelectOption value="container" label={t('type.container')} />
            </FormSelect>
          </ToolbarItem>
          {type && data && (
            <ToolbarItem><Content component="p" id="instance-shown">{t('instances.shownOnPage', { count: items.length })}</Content></ToolbarItem>
          )}
        </ToolbarContent>
      </Toolbar>
      <FilterBar filters={FILTERS} onChange={applyFilters} id="filters-instances" />
      <Problem error={error || failure} />
      {notice && <Alert variant="info" isInline title={notice} id="notice" />}
      <Snapshots instance={snapshotsOf} onClose={() => setSnapshotsOf(null)} />
      <Console instance={consoleOf} onClose={() => setConsoleOf(null)} />
      <Terminal instance={terminalOf} onClose={() => setTerminalOf(null)} />
      <Logs instance={logsOf} onClose={() => setLogsOf(null)} />
      <InstanceDetails instance={detailsOf} onClose={() => setDetailsOf(null)} />
      <CreateInstance isOpen={creating} onClose={() => setCreating(false)} isAdmin={!!user && user.role === 'admin'}
        onCreated={(task) => { setCreating(false); setNotice(t('action.started', { action: t('action.create'), name: '' })); follow(task); }} />
      {data && data.total > 0 && <Pager pager={pager} data={data} id="pager-instances" />}
      {data && data.total === 0 ? <Content component="p">{t('instances.empty')}</Content> : (
        <Table aria-label={t('instances.title')} id="instances" variant="compact">
          <Thead>
            <Tr>
              <Th>{t('instances.col.name')}</Th>
              <Th>{t('instances.col.type')}</Th>
              <Th>{t('instances.col.source')}</Th>
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
              <Tr key={i.id} data-instance={i.name} data-type={isContainer(i) ? 'container' : 'vm'}>
                <Td dataLabel={t('instances.col.name')}>{i.name}</Td>
                <Td dataLabel={t('instances.col.type')}>
                  <Badge instance={i} t={t} />
                </Td>
                <Td dataLabel={t('instances.col.source')} data-source>{source(i)}</Td>
                <Td dataLabel={t('instances.col.state')}>
                  <Label isCompact color={STATE_COLORS[i.state] || 'grey'}>
                    {t(`state.${i.state}`) === `state.${i.state}` ? t('state.UNKNOWN') : t(`state.${i.state}`)}
                  </Label>
                </Td>
                <Td dataLabel={t('instances.col.cpus')}>{isContainer(i) ? limit(i.cpus, t) : i.cpus}</Td>
                <Td dataLabel={t('instances.col.memory')}>{isContainer(i) ? limit(i.memoryMiB, t) : i.memoryMiB}</Td>
                <Td dataLabel={t('instances.col.addresses')}>{(i.nics || []).map((n) => n.ip).join(', ')}</Td>
                <Td dataLabel={t('instances.col.managed')}>{t(i.managed ? 'managed.yes' : 'managed.no')}</Td>
                <Td isActionCell>
                  <ActionsColumn items={(isContainer(i) ? CONTAINER_ACTIONS : VM_ACTIONS).map((action) => ({
                    title: t(isContainer(i) && action === 'reboot' ? 'action.restart' : `action.${action}`), isDanger: action === 'delete',
                    isDisabled: (NEEDS_RUNNING.includes(action) && i.state !== 'RUNNING')
                      || (NEEDS_STOPPED.includes(action) && i.state === 'RUNNING'),
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
