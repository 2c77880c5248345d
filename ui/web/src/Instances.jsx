import { useState } from 'react';
import {
  Alert, Button, Checkbox, Content, FormSelect, FormSelectOption, PageSection, Title, Toolbar, ToolbarContent, ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { call, taskEnd } from './api.js';
import { CreateInstance } from './CreateInstance.jsx';
import { Snapshots } from './Snapshots.jsx';
import { Console } from './Console.jsx';
import { Terminal } from './Terminal.jsx';
import { Logs } from './Logs.jsx';
import { InstanceDetails } from './InstanceDetails.jsx';
import { useT } from './I18n.jsx';
import { Problem } from './Problem.jsx';
import { Pager } from './Pager.jsx';
import { useList } from './useList.js';
import { useLookup } from './useLookup.js';
import { useConfirm } from './Confirm.jsx';
import { RowMenu } from './RowMenu.jsx';
import { EmptyList, SearchBox, sortable } from './ListTools.jsx';
import { TagsDialog } from './TagsDialog.jsx';
import { BulkBar } from './BulkBar.jsx';
import { ColumnChooser, useColumns } from './ColumnChooser.jsx';
import { FIXED_COLUMNS, OPTIONAL, isContainer } from './instanceColumns.jsx';
import { CONFIRMED, CONTAINER_ACTIONS, VM_ACTIONS, enabled, request } from './instanceActions.js';
import { MigrateDialog, cancelMigration } from './storage/Migrate.jsx';
import { migrateRefusal, migrationTasksPath, runningMigrations } from './storage/logic.js';
import { usePolling } from './usePolling.js';

const ADMIN_LOOKUPS = { hosts: '/hosts?limit=1000', vdcs: '/vdcs?limit=1000' };
const USER_LOOKUPS = { vdcs: '/vdcs?limit=1000' };

export function Instances({ user }) {
  const t = useT();
  const isAdmin = !!user && user.role === 'admin';
  const list = useList('/instances');
  const { data, error, reload, pager } = list;
  // the API filters by name, host, VDC, state: the type is filtered on the page shown
  const [type, setType] = useState('');
  const items = (data ? data.items : []).filter((i) => !type || (isContainer(i) ? 'container' : 'vm') === type);
  const [chosen, setChosen] = useColumns(user);
  // engines before hostName/vdcName: the names from the lists (an administrator's)
  const names = useLookup(isAdmin ? ADMIN_LOOKUPS : USER_LOOKUPS, data);
  const columns = [...FIXED_COLUMNS, ...chosen.map((key) => OPTIONAL[key])];
  const [selectedIds, setSelectedIds] = useState([]);
  const selected = items.filter((i) => selectedIds.includes(i.id));
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState({});
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  const [, setAsk, confirmDialog] = useConfirm();
  // the running migrations (admins): a row's Cancel migration, and no second Migrate… meanwhile
  const migrationTasks = usePolling(isAdmin ? migrationTasksPath() : null, 10000);
  const migrations = runningMigrations(migrationTasks.data ? migrationTasks.data.items : []);
  const follow = async (task) => {
    setNotice(t.outcome(await taskEnd(task)));
    reload();
  };
  const send = async (instance, action) => {
    const [method, path] = request(action, instance.id);
    const task = await call(method, path);
    setNotice(t('action.started', { action: t(`action.${action}`), name: instance.name }));
    follow(task).catch(setFailure);
  };
  const act = (instance, action) => {
    if (!request(action, instance.id)) {
      setDialog({ [action]: instance });
      return;
    }
    const go = () => send(instance, action).then(() => setFailure(null), setFailure);
    if (!CONFIRMED.includes(action)) {
      go();
      return;
    }
    setAsk({ title: t('confirm.instanceTitle', { action: t(`action.${action}`), name: instance.name }),
      message: t(`confirm.instance.${action}`, { name: instance.name }), confirm: t(`action.${action}`), run: go });
  };
  const bulk = (action, targets) => {
    const names = targets.map((i) => i.name);
    const go = async () => {
      const refused = [];
      for (const instance of targets) {
        try {
          const [method, path] = request(action, instance.id);
          await call(method, path);
        } catch (e) {
          refused.push(`${instance.name}: ${e.problem ? e.problem.detail : e.message}`);
        }
      }
      setSelectedIds([]);
      setNotice(t('bulk.started', { action: t(`action.${action}`), count: targets.length - refused.length }));
      setFailure(refused.length ? { problem: { detail: refused.join('; ') } } : null);
      reload();
    };
    // one question for all, even for the gentle ones: several instances at once
    setAsk({ title: t('bulk.title', { action: t(`action.${action}`), count: targets.length }),
      message: t(`bulk.consequence.${action}`, { count: targets.length }), names, confirm: t(`action.${action}`), run: go });
  };
  /** Migrate… (admins): disabled with the reason when the instance cannot move now (or is moving). */
  const migrateItem = (i) => {
    const refusal = migrateRefusal(i, migrations[i.id]);
    return { id: 'action-migrate', title: t('action.migrate'), isDisabled: !!refusal, description: refusal ? t(refusal) : undefined,
      onClick: () => setDialog({ migrate: i }) };
  };
  /** Cancel migration (admins, while the instance's instance.migrate task runs): asked first; a 409 says why not. */
  const cancelItem = (i) => ({ id: 'action-cancel-migration', title: t('action.cancelMigration'), isDanger: true,
    description: migrations[i.id].progressMessage || undefined,
    onClick: () => setAsk({ title: t('confirm.cancelMigrationTitle', { name: i.name }),
      message: t('confirm.cancelMigration', { name: i.name, host: i.hostName || i.hostId || '' }),
      confirm: t('action.cancelMigration'),
      run: async () => {
        try {
          await cancelMigration(i);
          setFailure(null);
          setNotice(t('migrate.cancelAsked', { name: i.name }));
        } catch (e) {
          setFailure(e);
        }
        migrationTasks.reload();
        reload();
      } }) });
  const adminItems = (i) => (isAdmin && !isContainer(i) ? [migrateItem(i), ...(migrations[i.id] ? [cancelItem(i)] : [])] : []);
  const toggle = (id, on) => setSelectedIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));
  const all = items.length > 0 && selected.length === items.length;
  return (
    <PageSection>
      <Title headingLevel="h1">{t('instances.title')}</Title>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem><Button onClick={() => setCreating(true)} id="create-instance">{t('wizard.title')}</Button></ToolbarItem>
          <ToolbarItem><SearchBox list="instances" value={list.q} onChange={list.setQ} label={t('instances.search')} /></ToolbarItem>
          <ToolbarItem>
            <FormSelect id="filter-type" aria-label={t('filter.by', { field: t('instances.col.type') })} value={type}
              onChange={(_, v) => setType(v)}>
              <FormSelectOption value="" label={t('instances.allTypes')} />
              <FormSelectOption value="vm" label={t('type.vm')} />
              <FormSelectOption value="container" label={t('type.container')} />
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem><ColumnChooser chosen={chosen} onChange={setChosen} /></ToolbarItem>
          <ToolbarItem><Button variant="secondary" onClick={reload} id="refresh">{t('instances.refresh')}</Button></ToolbarItem>
          <ToolbarItem><Content component="p" id="instance-total">{t('instances.total', { count: data ? data.total : 0 })}</Content></ToolbarItem>
          {type && data && (
            <ToolbarItem><Content component="p" id="instance-shown">{t('instances.shownOnPage', { count: items.length })}</Content></ToolbarItem>
          )}
          <BulkBar selected={selected} onRun={bulk} onClear={() => setSelectedIds([])} />
        </ToolbarContent>
      </Toolbar>
      <Problem error={error || failure} />
      {notice && <Alert variant="info" variantLabel={t('alert.info')} isInline title={notice} id="notice" />}
      {confirmDialog}
      <Snapshots instance={dialog.snapshots || null} onClose={() => setDialog({})} />
      <Console instance={dialog.console || null} onClose={() => setDialog({})} />
      <Terminal instance={dialog.terminal || null} onClose={() => setDialog({})} />
      <Logs instance={dialog.logs || null} onClose={() => setDialog({})} />
      <InstanceDetails instance={dialog.details || null} onClose={() => setDialog({})} />
      {dialog.migrate && <MigrateDialog instance={dialog.migrate} onClose={() => setDialog({})} onEnded={(task) => {
        setDialog({});
        setNotice(t.outcome(task));
        setFailure(task.state === 'SUCCEEDED' ? null : { problem: { detail: task.error || t.outcome(task) } });
        reload();
      }} />}
      <TagsDialog instance={dialog.tags || null} onClose={() => setDialog({})}
        onSaved={(i) => { setDialog({}); setNotice(t('tags.saved', { name: i.name })); reload(); }} />
      <CreateInstance isOpen={creating} onClose={() => setCreating(false)} isAdmin={isAdmin}
        onCreated={(task) => { setCreating(false); setNotice(t('action.started', { action: t('action.create'), name: '' })); follow(task); }} />
      {data && data.total > 0 && <Pager pager={pager} data={data} id="pager-instances" />}
      {data && data.total === 0 ? (
        <EmptyList list="instances" what={t('instances.title')} q={list.q} onClear={() => list.setQ('')}
          onCreate={() => setCreating(true)} createLabel={t('wizard.title')} />
      ) : (
        <div className="ovm-table-scroll"><Table aria-label={t('instances.title')} id="instances" variant="compact">
          <Thead>
            <Tr>
              <Th screenReaderText={t('bulk.select')}>
                <Checkbox id="select-all-instances" aria-label={t('bulk.selectAll')} isChecked={all}
                  onChange={(_, on) => setSelectedIds(on ? items.map((i) => i.id) : [])} />
              </Th>
              {columns.map((c, index) => (
                <Th key={c.key} modifier="wrap" {...(c.sort ? sortable(list, c.sort, index + 1, { newestFirst: c.sort === 'createdAt' }) : {})}>
                  {t(c.label)}
                </Th>
              ))}
              <Th screenReaderText={t('action.menu')} />
            </Tr>
          </Thead>
          <Tbody>
            {items.map((i) => (
              <Tr key={i.id} data-instance={i.name} data-type={isContainer(i) ? 'container' : 'vm'} isSelectable
                data-migrating={migrations[i.id] ? 'true' : undefined}
                isRowSelected={selectedIds.includes(i.id)}>
                <Td>
                  <Checkbox id={`select-${i.name}`} data-select={i.name} aria-label={t('bulk.selectOne', { name: i.name })}
                    isChecked={selectedIds.includes(i.id)} onChange={(_, on) => toggle(i.id, on)} />
                </Td>
                {columns.map((c) => <Td key={c.key} dataLabel={t(c.label)}>{c.value(i, t, isAdmin, names)}</Td>)}
                <Td isActionCell>
                  <RowMenu list="instances" row={i.name} items={(isContainer(i) ? CONTAINER_ACTIONS : VM_ACTIONS).map((action) => ({
                    id: `action-${action}`,
                    title: t(isContainer(i) && action === 'reboot' ? 'action.restart' : `action.${action}`),
                    isDanger: CONFIRMED.includes(action) && action !== 'reboot',
                    // tags need an engine that has them (InstanceView.tags)
                    isDisabled: !enabled(action, i.state) || (action === 'tags' && !Array.isArray(i.tags)),
                    onClick: () => act(i, action),
                  })).concat(adminItems(i))} />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table></div>
      )}
    </PageSection>
  );
}
