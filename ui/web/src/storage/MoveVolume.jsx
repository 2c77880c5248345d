// "Move to pool…" for one of an instance's disks (the instance page's disks tab): the pool picker,
// whether it moves live or offline, and the task's progress until it ends.
import { useEffect, useState } from 'react';
import {
  Alert, Button, Form, FormGroup, FormSelect, FormSelectOption, Modal, ModalBody, ModalFooter, ModalHeader,
} from '@patternfly/react-core';
import { call } from '../api.js';
import { useT } from '../I18n.jsx';
import { TaskProgressList, useTaskFollow } from './TaskProgress.jsx';
import { moveMode, targetPools } from './logic.js';

/**
 * #move-dialog: #move-pool (the other pools that have not failed), #move-note (data-mode live or
 * offline), #move-submit; a refusal stays here (#move-problem); `onEnded(task)` once the move ends.
 */
export function MoveVolumeDialog({ volume, instance, onClose, onEnded }) {
  const t = useT();
  const [pools, setPools] = useState([]);
  const [poolId, setPoolId] = useState('');
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const [tasks, follow] = useTaskFollow();
  useEffect(() => {
    call('GET', '/storage-pools?limit=1000').then((page) => setPools(page.items.filter(targetPools(volume, instance)))).catch(() => setPools([]));
  }, [volume, instance]);
  const { mode } = moveMode(volume, [instance]);
  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      follow(await call('POST', `/volumes/${volume.id}/migrate`, { poolId }), (end) => {
        setBusy(false);
        onEnded(end);
      });
    } catch (e) {
      setBusy(false);
      setProblem(e.problem ? e.problem.detail : t('error.network'));
    }
  };
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="move-title" id="move-dialog">
      <ModalHeader title={`${t('volume.move')}: ${volume.name}`} labelId="move-title" />
      <ModalBody>
        {problem && <Alert variant="danger" variantLabel={t('alert.danger')} isInline title={t('error.title')} id="move-problem">{problem}</Alert>}
        <Alert variant={mode === 'live' ? 'warning' : 'info'} variantLabel={t(mode === 'live' ? 'alert.warning' : 'alert.info')}
          isInline isPlain id="move-note" data-mode={mode || ''} title={t(mode === 'live' ? 'volume.moveLiveHint' : 'volume.moveOfflineHint')} />
        <Form onSubmit={(e) => { e.preventDefault(); if (poolId) submit(); }}>
          <FormGroup label={t('volume.targetPool')} fieldId="move-pool" isRequired>
            <FormSelect id="move-pool" value={poolId} onChange={(_, v) => setPoolId(v)} isDisabled={busy}>
              <FormSelectOption value="" label={t('form.choose')} />
              {pools.map((p) => (
                <FormSelectOption key={p.id} value={p.id}
                  label={`${p.name} (${p.type}, ${t('pool.freeOf', { free: t.size(p.availableBytes), total: t.size(p.totalBytes) })})`} />
              ))}
            </FormSelect>
          </FormGroup>
        </Form>
        <TaskProgressList tasks={tasks} />
      </ModalBody>
      <ModalFooter>
        <Button id="move-submit" isLoading={busy} isDisabled={busy || !poolId} onClick={submit}>{t('volume.move')}</Button>
        <Button variant="link" onClick={onClose}>{t('form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}
