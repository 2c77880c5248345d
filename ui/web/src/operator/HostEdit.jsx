import { useState } from 'react';
import {
  Alert, Button, Form, FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, Modal, ModalBody,
  ModalFooter, ModalHeader, TextArea, TextInput,
} from '@patternfly/react-core';
import { call } from '../api.js';
import { useT } from '../I18n.jsx';
import { hostPatch, settingsText } from './forms.js';

/** Edit a host: name, cluster (only clusters of its hypervisor type), settings, credentials. */
export function HostEdit({ host, clusters, onClose, onSaved }) {
  const t = useT();
  const [values, setValues] = useState({ name: host.name, clusterId: host.clusterId || '', settings: settingsText(host.settings),
    username: host.username || '', password: '' });
  const [problem, setProblem] = useState(null);
  const set = (name) => (_, v) => setValues({ ...values, [name]: v });
  const sameType = clusters.filter((c) => c.hypervisorType === host.type);
  const save = async () => {
    const patch = hostPatch(host, values);
    if (!Object.keys(patch).length) {
      onClose();
      return;
    }
    try {
      await call('PATCH', `/hosts/${host.id}`, patch);
      onSaved();
    } catch (e) {
      // an engine without host edits answers 405 (or 404): say so in the UI's words
      const missing = e.status === 404 || e.status === 405;
      setProblem(missing ? { detail: t('ops.host.noEdit') } : e.problem || { detail: t('error.network') });
    }
  };
  const under = (name) => problem && problem.field === name && (
    <FormHelperText><HelperText><HelperTextItem variant="error">{problem.detail}</HelperTextItem></HelperText></FormHelperText>
  );
  const known = ['name', 'clusterId', 'settings', 'username', 'password'];
  return (
    <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="host-edit-title" id="host-edit">
      <ModalHeader title={t('ops.host.editTitle', { name: host.name })} labelId="host-edit-title" />
      <ModalBody>
        {problem && !known.includes(String(problem.field || '').split('.')[0]) && (
          <Alert variant="danger" isInline title={t('error.title')} id="host-edit-problem">{problem.detail}</Alert>
        )}
        <Form onSubmit={(e) => { e.preventDefault(); save(); }}>
          <FormGroup label={t('col.name')} fieldId="host-edit-name" isRequired>
            <TextInput id="host-edit-name" value={values.name} onChange={set('name')} />
            {under('name')}
          </FormGroup>
          <FormGroup label={t('col.cluster')} fieldId="host-edit-cluster">
            <FormSelect id="host-edit-cluster" value={values.clusterId} onChange={set('clusterId')}>
              <FormSelectOption value="" label={t('ops.noCluster')} />
              {sameType.map((c) => <FormSelectOption key={c.id} value={c.id} label={c.name} />)}
            </FormSelect>
            <FormHelperText>
              <HelperText><HelperTextItem>{t('ops.host.clusterHint', { type: host.type })}</HelperTextItem></HelperText>
            </FormHelperText>
            {under('clusterId')}
          </FormGroup>
          <FormGroup label={t('ops.host.settings')} fieldId="host-edit-settings">
            <TextArea id="host-edit-settings" value={values.settings} onChange={set('settings')} rows={4} resizeOrientation="vertical" />
            <FormHelperText><HelperText><HelperTextItem>{t('ops.host.settingsHint')}</HelperTextItem></HelperText></FormHelperText>
            {under('settings')}
          </FormGroup>
          <FormGroup label={t('login.username')} fieldId="host-edit-username">
            <TextInput id="host-edit-username" value={values.username} onChange={set('username')} />
            {under('username')}
          </FormGroup>
          <FormGroup label={t('login.password')} fieldId="host-edit-password">
            <TextInput id="host-edit-password" type="password" value={values.password} onChange={set('password')}
              placeholder={t('ops.host.passwordKeep')} />
            {under('password')}
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button id="host-edit-save" onClick={save}>{t('ops.save')}</Button>
        <Button variant="link" onClick={onClose}>{t('form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}
