// Migrating an instance to another host (admins): a host picker whose default is automatic
// placement, the disks that keep it where it is (or, running on KVM, that it takes along: the pool
// they go to), a bandwidth cap, and the task's progress until it ends, with a way to abort it.
import { useEffect, useState } from 'react';
import {
  Alert, Button, Form, FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, List, ListItem,
  Modal, ModalBody, ModalFooter, ModalHeader, TextInput, Tooltip,
} from '@patternfly/react-core';
import { call } from '../api.js';
import { useT } from '../I18n.jsx';
import { TaskProgressList, useTaskFollow } from './TaskProgress.jsx';
import {
  bandwidthProblem, carriesDisks, carryPools, localDiskRefusal, localDisks, migrateBody, migrateRefusal, migrationTargets,
} from './logic.js';

const itemsOf = (page) => (page && page.items) || [];

/** Aborts the instance's running migration: the migration task (it then ends FAILED); 409 when none runs. */
export const cancelMigration = (instance) => call('POST', `/instances/${instance.id}/migration/cancel`);

/**
 * #migrate-dialog: #migrate-host ("" = automatic placement, else a host of the same type that is
 * up), #migrate-pool (a running instance: where the disks the target does not reach are copied,
 * "" = the target's roomiest pool), #migrate-bandwidth (MiB/s, empty = no cap), #migrate-submit;
 * a refusal stays in the dialog (#migrate-problem); once the task runs its bar shows here with
 * #migrate-abort (Cancel migration), and `onEnded(task)` hears how it ended (the dialog closes).
 */
export function MigrateDialog({ instance, onClose, onEnded }) {
  const t = useT();
  const [hosts, setHosts] = useState([]);
  const [pools, setPools] = useState([]);
  const [disks, setDisks] = useState([]);
  const [hostId, setHostId] = useState('');
  const [poolId, setPoolId] = useState('');
  const [bandwidth, setBandwidth] = useState('');
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const [running, setRunning] = useState(null);
  const [aborting, setAborting] = useState(false);
  const [tasks, follow] = useTaskFollow();
  useEffect(() => {
    let current = true;
    Promise.all([call('GET', '/hosts?limit=1000').catch(() => null),
      call('GET', `/volumes?instanceId=${encodeURIComponent(instance.id)}&limit=100`).catch(() => null),
      call('GET', '/storage-pools?limit=1000').catch(() => null)])
      .then(([h, v, p]) => {
        if (current) {
          setHosts(migrationTargets(instance, itemsOf(h)));
          setDisks(localDisks(itemsOf(v).filter((x) => x.instanceId === instance.id), itemsOf(p)));
          setPools(itemsOf(p));
        }
      });
    return () => { current = false; };
  }, [instance]);
  const hostName = instance.hostName || instance.hostId || '';
  const live = instance.state === 'RUNNING';
  const carries = carriesDisks(instance);
  const diskRefusal = localDiskRefusal(instance, disks);
  const targets = carryPools(pools, instance, hostId);
  // a pool chosen for one host that the next one does not reach falls back to automatic
  const pool = targets.some((p) => p.id === poolId) ? poolId : '';
  const badBandwidth = bandwidthProblem(bandwidth);
  // the followed task as last seen: the engine aborts a migration once it runs on the host
  const seen = running && (tasks.find((x) => x.id === running.id) || running);
  const submit = async () => {
    if (busy || diskRefusal || badBandwidth) {
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const task = await call('POST', `/instances/${instance.id}/migrate`,
        migrateBody({ hostId, storagePoolId: carries ? pool : '', bandwidthMiBps: live ? bandwidth : '' }));
      setRunning(task);
      follow(task, (end) => {
        setBusy(false);
        setRunning(null);
        onEnded(end);
      });
    } catch (e) {
      setBusy(false);
      setProblem(e.problem ? e.problem.detail : t('error.network'));
    }
  };
  const abort = async () => {
    setAborting(true);
    try {
      await cancelMigration(instance);
      setProblem(null);
    } catch (e) {
      // 409: no migration runs (any more), or the host cannot abort it now: the engine says which
      setProblem(e.problem ? e.problem.detail : t('error.network'));
    } finally {
      setAborting(false);
    }
  };
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="migrate-title" id="migrate-dialog">
      <ModalHeader title={t('migrate.title', { name: instance.name })} labelId="migrate-title"
        description={t('migrate.from', { host: hostName })} />
      <ModalBody>
        {problem && <Alert variant="danger" variantLabel={t('alert.danger')} isInline title={t('error.title')} id="migrate-problem">{problem}</Alert>}
        {disks.length > 0 && (
          <Alert variant={diskRefusal ? 'warning' : 'info'} variantLabel={t(diskRefusal ? 'alert.warning' : 'alert.info')} isInline
            title={t(diskRefusal ? 'migrate.localDisks' : 'migrate.carriedDisks')} id="migrate-local-disks"
            data-carried={diskRefusal ? 'false' : 'true'}>
            <List>{disks.map((d) => <ListItem key={d.volume} data-local-disk={d.volume}>{t('migrate.localDisk', d)}</ListItem>)}</List>
          </Alert>
        )}
        <Form onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <FormGroup label={t('migrate.host')} fieldId="migrate-host">
            <FormSelect id="migrate-host" value={hostId} onChange={(_, v) => setHostId(v)} isDisabled={busy}>
              <FormSelectOption value="" label={t('migrate.auto')} />
              {hosts.map((h) => <FormSelectOption key={h.id} value={h.id} label={`${h.name} (${h.type})`} />)}
            </FormSelect>
            <FormHelperText><HelperText>
              {!hostId && <HelperTextItem id="migrate-auto-hint">{t('migrate.autoHint', { host: hostName })}</HelperTextItem>}
              <HelperTextItem id="migrate-mode" data-mode={live ? 'live' : 'offline'} variant={live ? 'default' : 'warning'}>
                {t(live ? 'migrate.liveHint' : 'migrate.offlineHint')}
              </HelperTextItem>
            </HelperText></FormHelperText>
          </FormGroup>
          {carries && (
            <FormGroup label={t('migrate.pool')} fieldId="migrate-pool">
              <FormSelect id="migrate-pool" value={pool} onChange={(_, v) => setPoolId(v)} isDisabled={busy}>
                <FormSelectOption value="" label={t('migrate.poolAuto')} />
                {targets.map((p) => <FormSelectOption key={p.id} value={p.id} label={`${p.name} (${p.type})`} />)}
              </FormSelect>
              <FormHelperText><HelperText>
                <HelperTextItem id="migrate-pool-hint">{t('migrate.poolHint')}</HelperTextItem>
              </HelperText></FormHelperText>
            </FormGroup>
          )}
          {live && (
            <FormGroup label={t('migrate.bandwidth')} fieldId="migrate-bandwidth">
              <TextInput id="migrate-bandwidth" type="number" min={0} step={1} value={bandwidth} isDisabled={busy}
                validated={badBandwidth ? 'error' : 'default'} onChange={(_, v) => setBandwidth(v)} />
              <FormHelperText><HelperText>
                <HelperTextItem id="migrate-bandwidth-hint" variant={badBandwidth ? 'error' : 'default'}>
                  {t(badBandwidth || 'migrate.bandwidthHint')}
                </HelperTextItem>
              </HelperText></FormHelperText>
            </FormGroup>
          )}
        </Form>
        <TaskProgressList tasks={tasks} />
      </ModalBody>
      <ModalFooter>
        <Button id="migrate-submit" isLoading={busy} isDisabled={busy || !!diskRefusal || !!badBandwidth} onClick={submit}>
          {t('migrate.submit')}
        </Button>
        {seen && seen.state === 'RUNNING' && (
          <Button id="migrate-abort" variant="danger" isLoading={aborting} isDisabled={aborting} onClick={abort}>
            {t('action.cancelMigration')}
          </Button>
        )}
        <Button variant="link" onClick={onClose}>{t(running ? 'form.close' : 'form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}

/**
 * The instance page's Migrate… button (admins): disabled with the reason as its tooltip when the
 * instance cannot move now (#action-migrate, data-reason); `migration` is its running migration task.
 */
export function MigrateButton({ instance, migration, onClick }) {
  const t = useT();
  const refusal = migrateRefusal(instance, migration);
  const button = (
    <Button id="action-migrate" data-action="migrate" variant="secondary" isAriaDisabled={!!refusal}
      data-reason={refusal ? t(refusal) : ''} onClick={refusal ? undefined : onClick}>
      {t('action.migrate')}
    </Button>
  );
  return refusal ? <Tooltip content={t(refusal)}>{button}</Tooltip> : button;
}
