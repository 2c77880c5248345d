import { useState } from 'react';
import {
  ActionGroup, Alert, Button, Form, Modal, ModalBody, ModalFooter, ModalHeader, PageSection, Title, Toolbar,
  ToolbarContent, ToolbarItem, Content,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { call, download, taskEnd, upload } from './api.js';
import { useT } from './I18n.jsx';
import { Problem } from './Problem.jsx';
import { Fields, body, validate } from './Fields.jsx';
import { Pager } from './Pager.jsx';
import { useList } from './useList.js';
import { FilterBar } from './FilterBar.jsx';
import { UploadForm } from './UploadForm.jsx';

/**
 * An administration page: a list, a create form in a modal and delete per row, all from a spec
 * { id, title, path, columns: [{key, label, value(item, t)}], fields (none: read-only),
 * exports: {path, formats: ['csv', 'jsonl']} (download buttons),
 * noDelete, actions: [{id, label, path(item), method?, when(item)?, fields?, initial(item)?, toBody(values)?}]
 * (requests per row, e.g. plugin install; with fields, a form first, filled from initial),
 * filters: [{name, label, type?: 'select', options?}] (exact-match query parameters of the list),
 * deletable(item)? (no Delete on the rows it refuses) }.
 */
export function ResourcePage({ spec }) {
  const t = useT();
  const { data, error, reload, pager, applyFilters } = useList(spec.path);
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState({});
  const [problem, setProblem] = useState(null);
  const [notice, setNotice] = useState(null);
  const [showErrors, setShowErrors] = useState(false);
  const create = async () => {
    const local = validate(spec.fields, values, t);
    if (local) {
      setShowErrors(true);
      return;
    }
    try {
      const reply = await call('POST', spec.path, spec.toBody ? spec.toBody(values) : body(spec.fields, values));
      setOpen(false);
      setValues({});
      setProblem(null);
      setShowErrors(false);
      setNotice(t('form.created', { name: values.name || values.username || reply.name || '' }));
      reload();
    } catch (e) {
      setProblem(e.problem || { detail: e.message });
    }
  };
  const [prompt, setPrompt] = useState(null);
  const [promptValues, setPromptValues] = useState({});
  const run = async (item, action, payload) => {
    if (action.fields && payload === undefined) {
      setPromptValues(action.initial ? action.initial(item) : {});
      setProblem(null);
      setPrompt({ item, action });
      return;
    }
    try {
      const reply = await call(action.method || 'POST', action.path(item), payload);
      setProblem(null);
      setNotice(t('action.started', { action: t(action.label), name: item.name || item.id }));
      if (reply && reply.operation && reply.state) {
        setNotice(t.outcome(await taskEnd(reply)));
      }
      reload();
    } catch (e) {
      setNotice(null);
      setProblem(e.problem || { detail: e.message });
    }
  };
  const remove = async (item) => {
    try {
      await call('DELETE', `${spec.path}/${item.id}`);
      setNotice(null);
      reload();
    } catch (e) {
      setNotice(null);
      setProblem(e.problem || { detail: e.message });
    }
  };
  const items = data ? data.items : [];
  return (
    <PageSection>
      <Title headingLevel="h1">{t(spec.title)}</Title>
      {spec.upload && !spec.upload.fields && (
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <input type="file" id={`upload-${spec.id}`} accept={spec.upload.accept} aria-label={t(spec.upload.label)}
                onChange={async (e) => {
                  const file = e.target.files[0];
                  if (!file) {
                    return;
                  }
                  try {
                    const added = await upload(spec.upload.path, file);
                    setProblem(null);
                    setNotice(t('upload.done', { name: file.name, count: added.total }));
                    reload();
                  } catch (err) {
                    setNotice(null);
                    setProblem(err.problem || { detail: err.message });
                  }
                  e.target.value = '';
                }} />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      )}
      {spec.upload && spec.upload.fields && (
        <UploadForm spec={spec} onDone={(name) => { setProblem(null); setNotice(t('form.created', { name })); reload(); }} />
      )}
      {spec.fields && (
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <Button id={`create-${spec.id}`} onClick={() => { setProblem(null); setOpen(true); }}>{t('form.create')}</Button>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      )}
      {spec.exports && (
        <Toolbar>
          <ToolbarContent>
            {spec.exports.formats.map((format) => (
              <ToolbarItem key={format}>
                <Button variant="secondary" id={`export-${spec.id}-${format}`} onClick={async () => {
                  try {
                    await download(`${spec.exports.path}?format=${format}`, `${spec.id}.${format}`);
                    setProblem(null);
                  } catch (e) {
                    setNotice(null);
                    setProblem(e.problem || { detail: e.message });
                  }
                }}>{t('export.' + format)}</Button>
              </ToolbarItem>
            ))}
          </ToolbarContent>
        </Toolbar>
      )}
      {spec.filters && <FilterBar filters={spec.filters} onChange={applyFilters} id={`filters-${spec.id}`} />}
      <Problem error={error} />
      {notice && <Alert variant="success" isInline title={notice} id="notice" />}
      {problem && !open && <Alert variant="danger" isInline title={t('error.title')} id="problem">{problem.detail}</Alert>}
      {data && data.total > 0 && <Pager pager={pager} data={data} id={`pager-${spec.id}`} />}
      {data && data.total === 0 ? <Content component="p">{t('list.empty')}</Content> : (
        <Table aria-label={t(spec.title)} id={`table-${spec.id}`} variant="compact">
          <Thead>
            <Tr>
              {spec.columns.map((c) => <Th key={c.key}>{t(c.label)}</Th>)}
              {(!spec.noDelete || spec.actions) && <Th screenReaderText={t('action.menu')} />}
            </Tr>
          </Thead>
          <Tbody>
            {items.map((item) => (
              <Tr key={item.id} data-row={item.name || item.username || item.id}>
                {spec.columns.map((c) => <Td key={c.key} dataLabel={t(c.label)}>{c.value(item, t)}</Td>)}
                {(!spec.noDelete || spec.actions) && (
                  <Td isActionCell>
                    {(spec.actions || []).filter((a) => !a.when || a.when(item)).map((a) => (
                      <Button key={a.id} variant="link" id={`${a.id}-${item.name || item.id}`} onClick={() => run(item, a)}>
                        {t(a.label)}
                      </Button>
                    ))}
                    {!spec.noDelete && (!spec.deletable || spec.deletable(item)) && (
                      <Button variant="link" isDanger onClick={() => remove(item)}>{t('form.delete')}</Button>
                    )}
                  </Td>
                )}
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {prompt && (
        <Modal isOpen onClose={() => setPrompt(null)} variant="small" aria-labelledby="prompt-title">
          <ModalHeader title={`${t(prompt.action.label)}: ${prompt.item.name || prompt.item.id}`} labelId="prompt-title" />
          <ModalBody>
            <Form id="prompt-form" onSubmit={(e) => e.preventDefault()}>
              <Fields fields={prompt.action.fields} values={promptValues} onChange={setPromptValues} problem={problem} showErrors />
            </Form>
          </ModalBody>
          <ModalFooter>
            <Button id="prompt-submit" isDisabled={validate(prompt.action.fields, promptValues, t) !== null} onClick={() => {
              const { item, action } = prompt;
              setPrompt(null);
              run(item, action, action.toBody ? action.toBody(promptValues) : body(action.fields, promptValues));
            }}>{t(prompt.action.label)}</Button>
            <Button variant="link" onClick={() => setPrompt(null)}>{t('form.cancel')}</Button>
          </ModalFooter>
        </Modal>
      )}
      {spec.fields && <Modal isOpen={open} onClose={() => setOpen(false)} variant="medium" aria-labelledby={`modal-${spec.id}`}>
        <ModalHeader title={t(spec.createTitle)} labelId={`modal-${spec.id}`} />
        <ModalBody>
          {problem && !problem.field && <Alert variant="danger" isInline title={t('error.title')} id="form-problem">{problem.detail}</Alert>}
          <Form id={`form-${spec.id}`} onSubmit={(e) => { e.preventDefault(); create(); }}>
            <Fields fields={spec.fields} values={values} onChange={setValues} problem={problem} showErrors={showErrors} />
          </Form>
        </ModalBody>
        <ModalFooter>
          <ActionGroup>
            <Button id="submit" onClick={create}>{t('form.create')}</Button>
            <Button variant="link" onClick={() => setOpen(false)}>{t('form.cancel')}</Button>
          </ActionGroup>
        </ModalFooter>
      </Modal>}
    </PageSection>
  );
}
