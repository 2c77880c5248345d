// The backups' dialogs: "Back up now" (an instance's disks, or one volume) and "Restore…" (as a
// new volume, or over the original when nothing uses it); both follow the task with a progress bar
// until it ends and keep a refusal in the dialog.
import { useEffect, useState } from 'react';
import {
  Alert, Button, Form, FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, Modal,
  ModalBody, ModalFooter, ModalHeader, Radio, TextInput,
} from '@patternfly/react-core';
import { call } from '../api.js';
import { useT } from '../I18n.jsx';
import { TaskProgressList, useTaskFollow } from '../storage/TaskProgress.jsx';
import { backupPools, overwriteRefusal, restoreBody } from './logic.js';

/** The pools a backup or a restored volume may go to (`keep` narrows them), each with its free space. */
function PoolSelect({ id, label, value, onChange, keep, disabled }) {
  const t = useT();
  const [pools, setPools] = useState(null);
  useEffect(() => {
    call('GET', '/storage-pools?limit=1000').then((page) => setPools(page.items.filter(keep))).catch(() => setPools([]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <FormGroup label={t(label)} fieldId={id} isRequired>
      <FormSelect id={id} value={value} onChange={(_, v) => onChange(v)} isDisabled={disabled} data-loaded={pools !== null}>
        <FormSelectOption value="" label={t('form.choose')} />
        {(pools || []).map((p) => (
          <FormSelectOption key={p.id} value={p.id}
            label={`${p.name} (${p.type}, ${t('pool.freeOf', { free: t.size(p.availableBytes), total: t.size(p.totalBytes) })})`} />
        ))}
      </FormSelect>
    </FormGroup>
  );
}

/** Sends a request that answers with a task, follows it in the dialog: [busy, problem, tasks, start]. */
function useTaskRequest(onEnded) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [tasks, follow] = useTaskFollow();
  const start = async (method, path, body) => {
    setBusy(true);
    setProblem(null);
    try {
      follow(await call(method, path, body), (end) => {
        setBusy(false);
        onEnded(end);
      });
    } catch (e) {
      setBusy(false);
      setProblem(e.problem ? e.problem.detail : t('error.network'));
    }
  };
  return [busy, problem, tasks, start];
}

/**
 * #backup-dialog: "Back up now" for every disk of `instance` (POST /instances/{id}/backups): the
 * backup pool (#backup-pool), #backup-submit, the task's bar, #backup-problem; onEnded(task).
 */
export function BackupNowDialog({ instance, onClose, onEnded }) {
  const t = useT();
  const [poolId, setPoolId] = useState('');
  const [busy, problem, tasks, start] = useTaskRequest(onEnded);
  const submit = () => start('POST', `/instances/${instance.id}/backups`, { poolId });
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="backup-title" id="backup-dialog">
      <ModalHeader title={t('backup.nowTitle', { name: instance.name })} labelId="backup-title" />
      <ModalBody>
        {problem && <Alert variant="danger" variantLabel={t('alert.danger')} isInline title={t('error.title')} id="backup-problem">{problem}</Alert>}
        <Alert variant="info" variantLabel={t('alert.info')} isInline isPlain id="backup-note" title={t('backup.nowHint')} />
        <Form onSubmit={(e) => { e.preventDefault(); if (poolId && !busy) submit(); }}>
          <PoolSelect id="backup-pool" label="backup.pool" value={poolId} onChange={setPoolId} keep={backupPools(instance)} disabled={busy} />
        </Form>
        <TaskProgressList tasks={tasks} />
      </ModalBody>
      <ModalFooter>
        <Button id="backup-submit" isLoading={busy} isDisabled={busy || !poolId} onClick={submit}>{t('backup.now')}</Button>
        <Button id="backup-close" variant="link" onClick={onClose}>{t(tasks.length && !busy ? 'form.close' : 'form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}

/**
 * #restore-dialog for `backup`: #restore-mode-new (pool #restore-pool, name #restore-name) or
 * #restore-mode-overwrite (disabled with the reason, #restore-overwrite-reason, while the original
 * volume is gone or in use by an instance that is not stopped); #restore-submit; onEnded(task).
 * `volume` and `instance`: the original volume and its instance as the page knows them (null: gone / none).
 */
export function RestoreDialog({ backup, volume, instance, onClose, onEnded }) {
  const t = useT();
  const refusal = overwriteRefusal(backup, volume, instance);
  const [values, setValues] = useState({ mode: 'new', poolId: backup.poolId || '', name: '' });
  const [busy, problem, tasks, start] = useTaskRequest(onEnded);
  const set = (name) => (value) => setValues((v) => ({ ...v, [name]: value }));
  const ready = values.mode === 'overwrite' ? !refusal : !!values.poolId;
  const submit = () => start('POST', `/backups/${backup.id}/restore`, restoreBody(values));
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="restore-title" id="restore-dialog">
      <ModalHeader title={t('backup.restoreTitle', { name: backup.name })} labelId="restore-title" />
      <ModalBody>
        {problem && <Alert variant="danger" variantLabel={t('alert.danger')} isInline title={t('error.title')} id="restore-problem">{problem}</Alert>}
        <Form onSubmit={(e) => { e.preventDefault(); if (ready && !busy) submit(); }}>
          <FormGroup role="radiogroup" fieldId="restore-mode" isStack>
            <Radio id="restore-mode-new" name="restore-mode" label={t('backup.restoreNew')} description={t('backup.restoreNewHint')}
              isChecked={values.mode === 'new'} onChange={() => set('mode')('new')} isDisabled={busy} />
            <Radio id="restore-mode-overwrite" name="restore-mode" label={t('backup.restoreOverwrite')}
              isChecked={values.mode === 'overwrite'} onChange={() => set('mode')('overwrite')} isDisabled={busy || !!refusal}
              description={refusal
                ? <span id="restore-overwrite-reason" data-reason={refusal.key}>{t(refusal.key, refusal.values)}</span>
                : t('backup.restoreOverwriteHint', { name: backup.volumeName })} />
          </FormGroup>
          {values.mode === 'new' && (
            <>
              <PoolSelect id="restore-pool" label="col.pool" value={values.poolId} onChange={set('poolId')} keep={(p) => p.state !== 'ERROR'}
                disabled={busy} />
              <FormGroup label={t('backup.restoreName')} fieldId="restore-name">
                <TextInput id="restore-name" value={values.name} onChange={(_, v) => set('name')(v)} isDisabled={busy} />
                <FormHelperText><HelperText><HelperTextItem>{t('backup.restoreNameHint')}</HelperTextItem></HelperText></FormHelperText>
              </FormGroup>
            </>
          )}
        </Form>
        <TaskProgressList tasks={tasks} />
      </ModalBody>
      <ModalFooter>
        <Button id="restore-submit" isLoading={busy} isDisabled={busy || !ready} onClick={submit}
          variant={values.mode === 'overwrite' ? 'danger' : 'primary'}>{t('backup.restoreSubmit')}</Button>
        <Button id="restore-close" variant="link" onClick={onClose}>{t(tasks.length && !busy ? 'form.close' : 'form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}
