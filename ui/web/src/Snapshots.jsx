import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Form, Modal, ModalBody, ModalHeader, Content } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { call, taskEnd } from './api.js';
import { useT } from './I18n.jsx';
import { Fields, validate } from './Fields.jsx';
import { onEngineEvent } from './live.js';
import { Confirm } from './Confirm.jsx';

const FIELDS = [
  { name: 'name', label: 'col.name', required: true, kind: 'name' },
  { name: 'description', label: 'col.description' },
];

/** An instance's snapshots in a dialog (the instances list). */
export function Snapshots({ instance, onClose }) {
  const t = useT();
  return (
    <Modal isOpen={instance !== null} onClose={onClose} variant="medium" aria-labelledby="snapshots-title">
      <ModalHeader title={t('snapshots.title', { name: instance ? instance.name : '' })} labelId="snapshots-title" />
      <ModalBody>{instance && <SnapshotsPanel instance={instance} />}</ModalBody>
    </Modal>
  );
}

/**
 * An instance's snapshots: take one, revert to one, delete one (both asked first); each a task
 * whose outcome is shown.
 */
export function SnapshotsPanel({ instance }) {
  const t = useT();
  const [ask, setAsk] = useState(null);
  const [items, setItems] = useState([]);
  const [values, setValues] = useState({});
  const [problem, setProblem] = useState(null);
  const [notice, setNotice] = useState(null);
  const instanceId = instance.id;
  const reload = useCallback(() => {
    call('GET', `/instances/${instanceId}/snapshots`).then((list) => setItems(Array.isArray(list) ? list : list.items))
      .catch((e) => setProblem(e.problem || { detail: e.message }));
  }, [instanceId]);
  useEffect(() => {
    reload();
    return onEngineEvent(reload);
  }, [reload]);
  const run = async (request) => {
    try {
      const task = await request();
      setProblem(null);
      setNotice(t.outcome(await taskEnd(task)));
      reload();
    } catch (e) {
      setProblem(e.problem || { detail: e.message });
    }
  };
  const take = () => {
    const local = validate(FIELDS, values, t);
    if (local) {
      setProblem(local);
      return;
    }
    run(() => call('POST', `/instances/${instance.id}/snapshots`, { name: values.name, description: values.description || undefined }));
    setValues({});
  };
  const revert = (s) => setAsk({ title: t('snapshots.revertTitle', { name: s.name }),
    message: t('snapshots.revertMessage', { instance: instance.name, name: s.name }), confirm: t('snapshots.revert'),
    run: () => run(() => call('POST', `/instances/${instance.id}/snapshots/${s.id}/revert`)) });
  const remove = (s) => setAsk({ title: t('snapshots.deleteTitle', { name: s.name }),
    message: t('snapshots.deleteMessage', { instance: instance.name, name: s.name }), confirm: t('form.delete'),
    run: () => run(() => call('DELETE', `/instances/${instance.id}/snapshots/${s.id}`)) });
  return (
    <>
      <Confirm ask={ask} onClose={() => setAsk(null)} />
      {notice && <Alert variant="info" variantLabel={t('alert.info')} isInline title={notice} id="snapshot-notice" />}
      {problem && !problem.field && <Alert variant="danger" variantLabel={t('alert.danger')} isInline title={t('error.title')}>{problem.detail}</Alert>}
      {items.length === 0 ? <Content component="p">{t('snapshots.empty')}</Content> : (
        <Table aria-label={t('snapshots.title', { name: '' })} id="snapshots" variant="compact">
          <Thead>
            <Tr>
              <Th>{t('col.name')}</Th><Th>{t('col.description')}</Th><Th>{t('instances.col.state')}</Th>
              <Th>{t('snapshots.created')}</Th><Th screenReaderText={t('action.menu')} />
            </Tr>
          </Thead>
          <Tbody>
            {items.map((s) => (
              <Tr key={s.id} data-snapshot={s.name}>
                <Td>{s.name}</Td>
                <Td>{s.description || ''}</Td>
                <Td>{t(`state.${s.powerState}`)}</Td>
                <Td data-created={s.createdAt}>{t.date(s.createdAt)}</Td>
                <Td isActionCell>
                  <Button variant="link" id={`revert-${s.name}`} data-action="revert" onClick={() => revert(s)}>
                    {t('snapshots.revert')}
                  </Button>
                  <Button variant="link" isDanger id={`delete-snapshot-${s.name}`} data-action="delete" onClick={() => remove(s)}>
                    {t('form.delete')}
                  </Button>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      <Form onSubmit={(e) => { e.preventDefault(); take(); }}>
        <Fields fields={FIELDS} values={values} onChange={setValues} problem={problem} />
        <div><Button id="take-snapshot" onClick={take}>{t('snapshots.take')}</Button></div>
      </Form>
    </>
  );
}
