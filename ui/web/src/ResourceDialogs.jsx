// The generic page's dialogs: the create form and the per-row form (edit, attach, quota...).
import { useMemo, useState } from 'react';
import { ActionGroup, Alert, Button, Form, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { useT } from './I18n.jsx';
import { Fields, body, validate } from './Fields.jsx';
import { atField } from './validation.js';

/** A refusal the form cannot show under a field, at the top of the dialog (#form-problem). */
export function FormProblem({ problem, fields, values }) {
  const t = useT();
  if (!problem || atField(problem, fields, values)) {
    return null;
  }
  return <Alert variant="danger" variantLabel={t('alert.danger')} isInline title={t('error.title')} id="form-problem">{problem.detail}</Alert>;
}

/** The create form: errors show after a first submit; onSubmit(payload, values) resolves true when created. */
export function CreateDialog({ spec, isOpen, problem, onClose, onSubmit }) {
  const t = useT();
  const [values, setValues] = useState({});
  const [showErrors, setShowErrors] = useState(false);
  const create = async () => {
    if (validate(spec.fields, values, t)) {
      setShowErrors(true);
      return;
    }
    if (await onSubmit(spec.toBody ? spec.toBody(values) : body(spec.fields, values), values)) {
      setValues({});
      setShowErrors(false);
    }
  };
  return (
    <Modal isOpen={isOpen} onClose={onClose} variant="medium" aria-labelledby={`modal-${spec.id}`}>
      <ModalHeader title={t(spec.createTitle)} labelId={`modal-${spec.id}`} />
      <ModalBody>
        <FormProblem problem={problem} fields={spec.fields} values={values} />
        <Form id={`form-${spec.id}`} onSubmit={(e) => { e.preventDefault(); create(); }}>
          <Fields fields={spec.fields} values={values} onChange={setValues} problem={problem} showErrors={showErrors} />
        </Form>
      </ModalBody>
      <ModalFooter>
        <ActionGroup>
          <Button id="submit" onClick={create}>{t('form.create')}</Button>
          <Button variant="link" onClick={onClose}>{t('form.cancel')}</Button>
        </ActionGroup>
      </ModalFooter>
    </Modal>
  );
}

/**
 * A row action's form, filled from action.initial(item), with action.note(item, context) above it
 * (#prompt-note); its button says action.submitLabel (a key; else Save for edit, the action's
 * label otherwise); stays open with the refusal when refused.
 */
export function PromptDialog({ prompt, context, problem, onClose, onSubmit }) {
  const t = useT();
  const { item, action } = prompt;
  const [values, setValues] = useState(() => (action.initial ? action.initial(item) : {}));
  const [busy, setBusy] = useState(false);
  // (the page's lists, `context`, as they were when it opened)
  const [lists] = useState(context || {});
  // what the action will do, said before it runs: { text (a key), variant?, kind? (data-note) }
  const note = action.note ? action.note(item, context || {}) : null;
  // built once per dialog: a select's options are fetched per field object
  const fields = useMemo(() => (typeof action.fields === 'function' ? action.fields(item, lists) : action.fields), [action, item, lists]);
  const submit = async () => {
    setBusy(true);
    try {
      await onSubmit(action.toBody ? action.toBody(values, item) : body(fields, values));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal isOpen onClose={onClose} variant="small" aria-labelledby="prompt-title" id="prompt">
      <ModalHeader title={`${t(action.label)}: ${item.name || item.username || item.id}`} labelId="prompt-title" />
      <ModalBody>
        <FormProblem problem={problem} fields={fields} values={values} />
        {note && <Alert variant={note.variant || 'info'} variantLabel={t(`alert.${note.variant || 'info'}`)} isInline isPlain
          title={t(note.text)} id="prompt-note" data-note={note.kind || ''} />}
        <Form id="prompt-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <Fields fields={fields} values={values} onChange={setValues} problem={problem} showErrors />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button id="prompt-submit" isLoading={busy} isDisabled={busy || validate(fields, values, t) !== null} onClick={submit}>
          {t(action.submitLabel || (action.id === 'edit' ? 'form.save' : action.label))}
        </Button>
        <Button variant="link" onClick={onClose}>{t('form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}
