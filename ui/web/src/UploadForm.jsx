import { useState } from 'react';
import {
  ActionGroup, Button, Form, Modal, ModalBody, ModalFooter, ModalHeader, Progress, Toolbar, ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { upload } from './api.js';
import { useT } from './I18n.jsx';
import { Fields, body, validate } from './Fields.jsx';
import { FormProblem } from './ResourceDialogs.jsx';
import { FilePicker } from './FileButton.jsx';

/**
 * A file sent with a form's values as query parameters (image upload): a button, then a modal
 * with the spec's upload fields, the file and the upload's progress.
 */
export function UploadForm({ spec, onDone }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState({});
  const [file, setFile] = useState(null);
  const [sent, setSent] = useState(null);
  const [problem, setProblem] = useState(null);
  const fields = spec.upload.fields;
  const send = async () => {
    try {
      setSent(0);
      const query = new URLSearchParams(body(fields, values)).toString();
      const reply = await upload(`${spec.upload.path}?${query}`, file, setSent);
      setOpen(false);
      setValues({});
      setFile(null);
      setProblem(null);
      onDone(reply && reply.name ? reply.name : file.name);
    } catch (e) {
      setProblem(e.problem || { detail: e.message });
    } finally {
      setSent(null);
    }
  };
  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button variant="secondary" id={`upload-open-${spec.id}`} onClick={() => { setProblem(null); setOpen(true); }}>
              {t(spec.upload.label)}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Modal isOpen={open} onClose={() => setOpen(false)} variant="medium" aria-labelledby={`upload-title-${spec.id}`}>
        <ModalHeader title={t(spec.upload.label)} labelId={`upload-title-${spec.id}`} />
        <ModalBody>
          <FormProblem problem={problem} fields={fields} values={values} />
          <Form id={`upload-form-${spec.id}`} onSubmit={(e) => e.preventDefault()}>
            <Fields fields={fields} values={values} onChange={setValues} problem={problem} showErrors={false} />
            <FilePicker id={`upload-file-${spec.id}`} accept={spec.upload.accept} label={t('upload.file')} file={file}
              onFile={setFile} />
          </Form>
          {sent !== null && <Progress id="upload-progress" value={Math.round(sent * 100)} title={t('upload.sending')} />}
        </ModalBody>
        <ModalFooter>
          <ActionGroup>
            <Button id={`upload-submit-${spec.id}`} isDisabled={!file || sent !== null || validate(fields, values, t) !== null}
              onClick={send}>{t('upload.send')}</Button>
            <Button variant="link" onClick={() => setOpen(false)}>{t('form.cancel')}</Button>
          </ActionGroup>
        </ModalFooter>
      </Modal>
    </>
  );
}
