// Migrating an instance to another host (admins): a host picker whose default is automatic
// placement, the disks that keep it where it is, and the task's progress until it ends.
import { useEffect, useState } from 'react';
import {
  Alert, Button, Form, FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, List, ListItem,
  Modal, ModalBody, ModalFooter, ModalHeader, Tooltip,
} from '@patternfly/react-core';
import { call } from '../api.js';
import { useT } from '../I18n.jsx';
import { TaskProgressList, useTaskFollow } from './TaskProgress.jsx';
import { localDisks, migrateBody, migrateRefusal, migrationTargets } from './logic.js';

const itemsOf = (page) => (page && page.items) || [];

/**
 * #migrate-dialog: #migrate-host ("" = automatic placement, else a host of the same type that is
 * up), #migrate-submit; a refusal stays in the dialog (#migrate-problem); once the task runs its
 * bar shows here, and `onEnded(task)` hears how it ended (the dialog closes).
 */
export function MigrateDialog({ instance, onClose, onEnded }) {
  const t = useT();
  const [hosts, setHosts] = useState([]);
  const [disks, setDisks] = useState([]);
  const [hostId, setHostId] = useState('');
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
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
        }
      });
    return () => { current = false; };
  }, [instance]);
  const hostName = instance.hostName || instance.hostId || '';
  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const task = await call('POST', `/instances/${instance.id}/migrate`, migrateBody(hostId));
      follow(task, (end) => {
        setBusy(false);
        onEnded(end);
      });
    } catch (e) {
      setBusy(false);
      setProblem(e.problem ? e.problem.detail : t('error.network'));
    }
  };
  const live = instance.state === 'RUNNING';
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="migrate-title" id="migrate-dialog">
      <ModalHeader title={t('migrate.title', { name: instance.name })} labelId="migrate-title"
        description={t('migrate.from', { host: hostName })} />
      <ModalBody>
        {problem && <Alert variant="danger" variantLabel={t('alert.danger')} isInline title={t('error.title')} id="migrate-problem">{problem}</Alert>}
        {disks.length > 0 && (
          <Alert variant="warning" variantLabel={t('alert.warning')} isInline title={t('migrate.localDisks')} id="migrate-local-disks">
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
        </Form>
        <TaskProgressList tasks={tasks} />
      </ModalBody>
      <ModalFooter>
        <Button id="migrate-submit" isLoading={busy} isDisabled={busy || disks.length > 0} onClick={submit}>{t('migrate.submit')}</Button>
        <Button variant="link" onClick={onClose}>{t('form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}

/**
 * The instance page's Migrate… button (admins): disabled with the reason as its tooltip when the
 * instance cannot move now (#action-migrate, data-reason).
 */
export function MigrateButton({ instance, onClick }) {
  const t = useT();
  const refusal = migrateRefusal(instance);
  const button = (
    <Button id="action-migrate" data-action="migrate" variant="secondary" isAriaDisabled={!!refusal}
      data-reason={refusal ? t(refusal) : ''} onClick={refusal ? undefined : onClick}>
      {t('action.migrate')}
    </Button>
  );
  return refusal ? <Tooltip content={t(refusal)}>{button}</Tooltip> : button;
}
