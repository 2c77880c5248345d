/* The image center's pull form, shared by the container images and the registries. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  ActionGroup, Alert, Button, Content, Flex, Form, Modal, ModalBody, ModalFooter, ModalHeader, PageSection, Progress,
  ProgressVariant, Title, Toolbar, ToolbarContent, ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { call } from './api.js';
import { useT } from './I18n.jsx';
import { Problem } from './Problem.jsx';
import { Fields, validate } from './Fields.jsx';
import { Pager } from './Pager.jsx';
import { useList } from './useList.js';
import { usePolling } from './usePolling.js';
import { ResourcePage } from './ResourcePage.jsx';
import { Confirm } from './Confirm.jsx';
import { ADMIN_SPECS } from './admin.jsx';
import { size } from './format.js';
import { imageProblem } from './containers.js';


/** A problem to show in a form: under its field when the form has it, otherwise at the top (never swallowed). */
export function placeProblem(problem, fields) {
  return problem && problem.field && fields.some((f) => f.name === problem.field) ? { under: problem } : { top: problem };
}

/** Pull an image onto a host or a cluster's hosts, optionally from a registry (the reference then names a repository in it). */
export function PullForm({ isOpen, onClose, context, onStarted, initial }) {
  const t = useT();
  const [values, setValues] = useState(initial || { target: 'host' });
  const [problem, setProblem] = useState(null);
  const [showErrors, setShowErrors] = useState(false);
  useEffect(() => {
    if (isOpen) {
      setValues(initial || { target: 'host' });
      setProblem(null);
      setShowErrors(false);
    }
  }, [isOpen, initial]);
  const fields = [
    { name: 'reference', label: 'pull.reference', required: true, placeholder: 'ovm/busybox:1.35', check: (v) => imageProblem(v) },
    { name: 'registryId', label: 'pull.registry', type: 'select',
      options: context.registries.map((r) => ({ value: r.id, label: `${r.name} (${r.url})` })) },
    { name: 'target', label: 'pull.target', type: 'select', required: true, options: [
      { value: 'host', label: 'col.host', translate: true }, { value: 'cluster', label: 'col.cluster', translate: true }] },
    { name: 'hostId', label: 'col.host', type: 'select', required: true, showWhen: (v) => v.target !== 'cluster',
      options: context.hosts.map((h) => ({ value: h.id, label: h.name })) },
    { name: 'clusterId', label: 'col.cluster', type: 'select', required: true, showWhen: (v) => v.target === 'cluster',
      options: context.clusters.map((c) => ({ value: c.id, label: c.name })) },
  ];
  const submit = async () => {
    if (validate(fields, values, t)) {
      setShowErrors(true);
      return;
    }
    const request = { reference: values.reference.trim() };
    if (values.registryId) {
      request.registryId = values.registryId;
    }
    if (values.target === 'cluster') {
      request.clusterId = values.clusterId;
    } else {
      request.hostId = values.hostId;
    }
    try {
      const task = await call('POST', '/images/pull', request);
      onStarted(task, request.reference);
    } catch (e) {
      setProblem(e.problem || { detail: e.message });
    }
  };
  const { under, top } = placeProblem(problem, fields);
  return (
    <Modal isOpen={isOpen} onClose={onClose} variant="medium" aria-labelledby="pull-title" id="pull-dialog">
      <ModalHeader title={t('pull.title')} labelId="pull-title" />
      <ModalBody>
        {top && <Alert variant="danger" variantLabel={t('alert.danger')} isInline title={t('error.title')} id="pull-problem">{top.detail}</Alert>}
        <Form id="pull-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <Fields fields={fields} values={values} onChange={setValues} problem={under} showErrors={showErrors} />
        </Form>
      </ModalBody>
      <ModalFooter>
        <ActionGroup>
          <Button id="pull-submit" onClick={submit}>{t('pull.submit')}</Button>
          <Button variant="link" onClick={onClose}>{t('form.cancel')}</Button>
        </ActionGroup>
      </ModalFooter>
    </Modal>
  );
}
