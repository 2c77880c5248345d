import { useState } from 'react';
import { Alert, Form, Modal, Wizard, WizardStep, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from '@patternfly/react-core';
import { call } from './api.js';
import { useT } from './I18n.jsx';
import { Fields, body, validate } from './Fields.jsx';

const STEPS = [
  { id: 'basics', title: 'wizard.basics', fields: [
    { name: 'name', label: 'col.name', required: true, kind: 'name' },
    { name: 'clusterId', label: 'col.cluster', type: 'select', required: true, optionsFrom: { path: '/clusters?limit=1000' } },
  ] },
  { id: 'size', title: 'wizard.size', fields: [
    { name: 'cpus', label: 'instances.col.cpus', type: 'number', required: true, min: 1, max: 256 },
    { name: 'memoryMiB', label: 'instances.col.memory', type: 'number', required: true, min: 16, max: 4194304 },
  ] },
  { id: 'source', title: 'wizard.source', fields: [
    { name: 'imageId', label: 'wizard.template', type: 'select', optionsFrom: { path: '/images?limit=1000&kind=template' },
      showWhen: (v) => !v.isoImageId },
    { name: 'cloneMode', label: 'wizard.cloneMode', type: 'select', showWhen: (v) => v.imageId, options: [
      { value: 'linked', label: 'wizard.linked', translate: true }, { value: 'full', label: 'wizard.full', translate: true }] },
    // or install from an ISO onto an empty disk
    { name: 'isoImageId', label: 'wizard.iso', type: 'select', optionsFrom: { path: '/images?limit=1000&kind=iso' },
      showWhen: (v) => !v.imageId },
    { name: 'storagePoolId', label: 'col.pool', type: 'select', optionsFrom: { path: '/storage-pools?limit=1000' },
      showWhen: (v) => !v.imageId || v.cloneMode === 'full', required: (v) => !!v.isoImageId },
    { name: 'diskGiB', label: 'wizard.diskGiB', type: 'number', min: 1, max: 65536, required: (v) => !!v.isoImageId },
    { name: 'networkId', label: 'wizard.network', type: 'select', optionsFrom: { path: '/networks?limit=1000' } },
  ] },
];
const ALL = STEPS.flatMap((s) => s.fields);

/** The self-service create wizard: basics, size, source and network, review; submits one POST /instances. */
export function CreateInstance({ isOpen, onClose, onCreated }) {
  const t = useT();
  const [values, setValues] = useState({ cpus: '1', memoryMiB: '512' });
  const [problem, setProblem] = useState(null);
  const submit = async () => {
    const local = validate(ALL, values, t);
    if (local) {
      setProblem(local);
      return;
    }
    const request = body(ALL.filter((f) => f.name !== 'networkId'), values);
    if (values.networkId) {
      request.nics = [{ networkId: values.networkId }];
    }
    request.start = true;
    try {
      const task = await call('POST', '/instances', request);
      setProblem(null);
      setValues({ cpus: '1', memoryMiB: '512' });
      onCreated(task);
    } catch (e) {
      setProblem(e.problem || { detail: e.message });
    }
  };
  return (
    <Modal isOpen={isOpen} onClose={onClose} variant="large" aria-label={t('wizard.title')}>
      <Wizard title={t('wizard.title')} onClose={onClose} onSave={submit} height={520}>
        {STEPS.map((step) => (
          <WizardStep key={step.id} id={`step-${step.id}`} name={t(step.title)}
            footer={{ nextButtonText: t('wizard.next'), backButtonText: t('wizard.back'), cancelButtonText: t('form.cancel'),
              isNextDisabled: validate(step.fields, values, t) !== null }}>
            <Form onSubmit={(e) => e.preventDefault()}>
              <Fields fields={step.fields} values={values} onChange={setValues} problem={problem} showErrors />
            </Form>
          </WizardStep>
        ))}
        <WizardStep id="step-review" name={t('wizard.review')}
          footer={{ nextButtonText: t('wizard.create'), backButtonText: t('wizard.back'), cancelButtonText: t('form.cancel') }}>
          {problem && <Alert variant="danger" isInline title={t('error.title')} id="wizard-problem">{problem.detail}</Alert>}
          <DescriptionList isHorizontal>
            {ALL.filter((f) => values[f.name]).map((f) => (
              <DescriptionListGroup key={f.name}>
                <DescriptionListTerm>{t(f.label)}</DescriptionListTerm>
                <DescriptionListDescription>{(values.labels && values.labels[f.name]) || values[f.name]}</DescriptionListDescription>
              </DescriptionListGroup>
            ))}
          </DescriptionList>
        </WizardStep>
      </Wizard>
    </Modal>
  );
}
