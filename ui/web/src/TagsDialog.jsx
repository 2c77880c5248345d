import { useEffect, useState } from 'react';
import {
  Button, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, Modal, ModalBody, ModalFooter, ModalHeader, TextInput,
} from '@patternfly/react-core';
import { call } from './api.js';
import { useT } from './I18n.jsx';
import { parseTags } from './tags.js';
import { FormProblem } from './ResourceDialogs.jsx';

/** Replaces an instance's tags (PATCH /instances/{id} {tags}); #tags-dialog, #field-tags, #tags-submit. */
export function TagsDialog({ instance, onClose, onSaved }) {
  const t = useT();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState(null);
  useEffect(() => {
    setText(instance ? (instance.tags || []).join(', ') : '');
    setProblem(null);
  }, [instance]);
  const parsed = parseTags(text);
  const save = async () => {
    if (parsed.error) {
      return;
    }
    try {
      await call('PATCH', `/instances/${instance.id}`, { tags: parsed.tags });
      onSaved(instance);
    } catch (e) {
      setProblem(e.problem || { detail: e.message });
    }
  };
  const local = parsed.error ? t(parsed.error, { tag: parsed.tag }) : null;
  const shown = local || (problem && problem.field === 'tags' ? problem.detail : null);
  return (
    <Modal isOpen={!!instance} onClose={onClose} variant="small" aria-labelledby="tags-title" id="tags-dialog">
      <ModalHeader title={t('tags.title', { name: instance ? instance.name : '' })} labelId="tags-title" />
      <ModalBody>
        <FormProblem problem={problem} fields={[{ name: 'tags' }]} values={{}} />
        <Form onSubmit={(e) => { e.preventDefault(); save(); }}>
          <FormGroup label={t('col.tags')} fieldId="field-tags">
            <TextInput id="field-tags" value={text} onChange={(_, v) => setText(v)} validated={shown ? 'error' : 'default'}
              placeholder="web, prod" />
            <FormHelperText><HelperText>
              <HelperTextItem variant={shown ? 'error' : 'default'}>{shown || t('tags.hint')}</HelperTextItem>
            </HelperText></FormHelperText>
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button id="tags-submit" isDisabled={!!parsed.error} onClick={save}>{t('form.save')}</Button>
        <Button variant="link" onClick={onClose}>{t('form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}
