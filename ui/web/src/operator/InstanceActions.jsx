import { useState } from 'react';
import {
  Alert, Button, Checkbox, Form, FormGroup, FormSelect, FormSelectOption, HelperText, HelperTextItem, Modal, ModalBody,
  ModalFooter, ModalHeader, TextInput, Toolbar, ToolbarContent, ToolbarItem,
} from '@patternfly/react-core';
import { call, taskEnd } from '../api.js';
import { useT } from '../I18n.jsx';
import { Confirm } from '../Confirm.jsx';
import { navigate } from '../router.js';
import { actionsFor } from './forms.js';
import { MigrateButton, MigrateDialog, cancelMigration } from '../storage/Migrate.jsx';
import { migrationTasksPath, runningMigrations } from '../storage/logic.js';
import { TaskProgressList } from '../storage/TaskProgress.jsx';
import { usePolling } from '../usePolling.js';

/**
 * The detail page's power and lifecycle actions, enabled by state: Start, Shut down (graceful, ACPI),
 * Power off (forced, asked first), Reboot, Resize, Adopt (an unmanaged instance), Migrate (admins),
 * Cancel migration (admins, while one runs: its progress shows under the bar), Delete (asked first,
 * volumes kept on request). Each starts a task whose outcome `onNotice` shows.
 */
export function InstanceActions({ instance, admin, onNotice, onProblem, reload }) {
  const t = useT();
  const [ask, setAsk] = useState(null);
  const [resizing, setResizing] = useState(false);
  const [adopting, setAdopting] = useState(false);
  const [migrating, setMigrating] = useState(false);
  const allowed = actionsFor(instance, admin);
  // the instance's running migration (admins), whoever started it: its progress and Cancel migration
  const migrationTasks = usePolling(admin ? migrationTasksPath(instance.id) : null, 5000);
  const migration = runningMigrations(migrationTasks.data ? migrationTasks.data.items : [])[instance.id] || null;
  const base = `/instances/${instance.id}`;
  const run = async (label, request, after) => {
    try {
      const task = await request();
      onProblem(null);
      onNotice(t('action.started', { action: label, name: instance.name }));
      if (task && task.operation) { // a task (adopt answers the instance itself)
        let end = await taskEnd(task); // each wait is up to 60 s: a graceful shutdown may take longer
        for (let i = 0; i < 5 && ['QUEUED', 'RUNNING'].includes(end.state); i++) {
          onNotice(t.outcome(end));
          end = await taskEnd(task);
        }
        onNotice(t.outcome(end));
      }
      reload();
      if (after) {
        after();
      }
    } catch (e) {
      onProblem(e);
    }
  };
  /** A migration has ended: its outcome, the task's error when it failed, the instance on its new host. */
  const migrated = (task) => {
    onNotice(t.outcome(task));
    onProblem(task.state === 'SUCCEEDED' ? null : { problem: { detail: task.error || t.outcome(task) } });
    reload();
  };
  const askCancel = () => setAsk({ title: t('confirm.cancelMigrationTitle', { name: instance.name }),
    message: t('confirm.cancelMigration', { name: instance.name, host: instance.hostName || instance.hostId || '' }),
    confirm: t('action.cancelMigration'),
    run: async () => {
      try {
        await cancelMigration(instance);
        onProblem(null);
        onNotice(t('migrate.cancelAsked', { name: instance.name }));
      } catch (e) {
        onProblem(e); // 409: none runs any more, or the host cannot abort it at this moment
      }
      migrationTasks.reload();
      reload();
    } });
  const choice = { keepVolumes: false };
  const buttons = [
    ['start', 'primary', () => run(t('action.start'), () => call('POST', `${base}/start`))],
    ['shutdown', 'secondary', () => run(t('ops.action.shutdown'), () => call('POST', `${base}/stop?force=false`))],
    ['poweroff', 'secondary', () => setAsk({ title: t('ops.poweroff.title', { name: instance.name }),
      message: t('ops.poweroff.message', { name: instance.name }), confirm: t('ops.action.poweroff'),
      run: () => run(t('ops.action.poweroff'), () => call('POST', `${base}/stop?force=true`)) })],
    ['reboot', 'secondary', () => run(t('action.reboot'), () => call('POST', `${base}/reboot`))],
    ['resize', 'secondary', () => setResizing(true)],
    ['adopt', 'secondary', () => setAdopting(true)],
    // to another host (admins; issue 16): live when running, offline when stopped
    ['migrate', 'secondary', () => setMigrating(true)],
    ['delete', 'danger', () => setAsk({ title: t('ops.delete.title', { name: instance.name }),
      message: (
        <>
          <p>{t('ops.delete.message', { name: instance.name })}</p>
          <KeepVolumes label={t('ops.delete.keepVolumes')} onChange={(checked) => { choice.keepVolumes = checked; }} />
        </>
      ),
      confirm: t('action.delete'),
      run: () => run(t('action.delete'), () => call('DELETE', `${base}?deleteVolumes=${!choice.keepVolumes}`),
        () => navigate('instances')) })],
  ];
  return (
    <>
      <Toolbar id="instance-actions">
        <ToolbarContent>
          {buttons.filter(([id]) => id !== 'adopt' || allowed.adopt).map(([id, variant, onClick]) => (id === 'migrate' ? (
            admin && (
              <ToolbarItem key={id}>
                <MigrateButton instance={instance} migration={migration} onClick={onClick} />
                {migration && (
                  <Button id="action-cancel-migration" data-action="cancel-migration" variant="secondary" isDanger
                    onClick={askCancel} style={{ marginLeft: 8 }}>
                    {t('action.cancelMigration')}
                  </Button>
                )}
              </ToolbarItem>
            )
          ) : (
            <ToolbarItem key={id}>
              <Button id={`action-${id}`} data-action={id} variant={variant} isDisabled={!allowed[id]} onClick={onClick}>
                {t(id === 'start' || id === 'reboot' || id === 'delete' ? `action.${id}` : `ops.action.${id}`)}
              </Button>
            </ToolbarItem>
          )))}
        </ToolbarContent>
      </Toolbar>
      {migration && <div id="instance-migration"><TaskProgressList tasks={[migration]} /></div>}
      <Confirm ask={ask} onClose={() => setAsk(null)} />
      {resizing && <Resize instance={instance} onClose={() => setResizing(false)}
        onDone={(request) => { setResizing(false); run(t('ops.action.resize'), request); }} />}
      {migrating && <MigrateDialog instance={instance} onClose={() => setMigrating(false)}
        onEnded={(task) => { setMigrating(false); migrated(task); }} />}
      {adopting && <Adopt instance={instance} onClose={() => setAdopting(false)}
        onDone={(request) => { setAdopting(false); run(t('ops.action.adopt'), request); }} />}
    </>
  );
}

/** The delete dialog's "keep the volumes" box (the choice is read when the delete runs). */
function KeepVolumes({ label, onChange }) {
  const [checked, setChecked] = useState(false);
  return (
    <Checkbox id="delete-keep-volumes" label={label} isChecked={checked}
      onChange={(_, value) => { setChecked(value); onChange(value); }} />
  );
}

/** vCPUs and memory; a running instance is resized only where its host can do it online. */
function Resize({ instance, onClose, onDone }) {
  const t = useT();
  const [cpus, setCpus] = useState(String(instance.cpus));
  const [memory, setMemory] = useState(String(instance.memoryMiB));
  const [problem, setProblem] = useState(null);
  const bad = (v, min, max) => !/^\d+$/.test(v) || Number(v) < min || Number(v) > max;
  const submit = async () => {
    if (bad(cpus, 1, 256) || bad(memory, 16, 4194304)) {
      setProblem(t('ops.resize.invalid'));
      return;
    }
    // the task is followed by the caller; a refusal of the request itself stays in this dialog
    try {
      const task = await call('POST', `/instances/${instance.id}/resize`, { cpus: Number(cpus), memoryMiB: Number(memory) });
      onDone(() => Promise.resolve(task));
    } catch (e) {
      setProblem(e.problem ? e.problem.detail : t('error.network'));
    }
  };
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="resize-title" id="resize-dialog">
      <ModalHeader title={t('ops.resize.title', { name: instance.name })} labelId="resize-title" />
      <ModalBody>
        {problem && <Alert variant="danger" isInline title={problem} id="resize-problem" />}
        <Form onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <FormGroup label={t('instances.col.cpus')} fieldId="resize-cpus">
            <TextInput id="resize-cpus" type="number" value={cpus} onChange={(_, v) => setCpus(v)} />
          </FormGroup>
          <FormGroup label={t('instances.col.memory')} fieldId="resize-memory">
            <TextInput id="resize-memory" type="number" value={memory} onChange={(_, v) => setMemory(v)} />
          </FormGroup>
          <HelperText>
            <HelperTextItem variant={instance.state === 'RUNNING' ? 'warning' : 'default'}>
              {t(instance.state === 'RUNNING' ? 'ops.resize.running' : 'ops.resize.stopped')}
            </HelperTextItem>
          </HelperText>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button id="resize-submit" onClick={submit}>{t('ops.action.resize')}</Button>
        <Button variant="link" onClick={onClose}>{t('form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}

/** Adopt a discovered instance: OVM manages it from now on, in the chosen VDC (or none). */
function Adopt({ instance, onClose, onDone }) {
  const t = useT();
  const [vdcs, setVdcs] = useState(null);
  const [vdcId, setVdcId] = useState('');
  if (vdcs === null) {
    call('GET', '/vdcs?limit=1000').then((page) => setVdcs(page.items)).catch(() => setVdcs([]));
  }
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="adopt-title" id="adopt-dialog">
      <ModalHeader title={t('ops.adopt.title', { name: instance.name })} labelId="adopt-title" />
      <ModalBody>
        <p>{t('ops.adopt.message')}</p>
        <FormGroup label={t('col.vdc')} fieldId="adopt-vdc">
          <FormSelect id="adopt-vdc" value={vdcId} onChange={(_, v) => setVdcId(v)}>
            <FormSelectOption value="" label={t('form.none')} />
            {(vdcs || []).map((v) => <FormSelectOption key={v.id} value={v.id} label={v.name} />)}
          </FormSelect>
        </FormGroup>
      </ModalBody>
      <ModalFooter>
        <Button id="adopt-submit" onClick={() => onDone(() => call('POST', `/instances/${instance.id}/adopt`, { vdcId: vdcId || null }))}>
          {t('ops.action.adopt')}
        </Button>
        <Button variant="link" onClick={onClose}>{t('form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}
