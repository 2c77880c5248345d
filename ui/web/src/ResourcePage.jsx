import { useState } from 'react';
import { Alert, AlertActionCloseButton, Button, PageSection, Title, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { call, download, followTask, taskFailed } from './api.js';
import { useT } from './I18n.jsx';
import { Problem } from './Problem.jsx';
import { Pager } from './Pager.jsx';
import { useList } from './useList.js';
import { FilterBar } from './FilterBar.jsx';
import { UploadForm } from './UploadForm.jsx';
import { FileButton } from './FileButton.jsx';
import { useConfirm } from './Confirm.jsx';
import { RowMenu } from './RowMenu.jsx';
import { EmptyList, SearchBox, sortable } from './ListTools.jsx';
import { CreateDialog, PromptDialog } from './ResourceDialogs.jsx';
import { nameOf, typed, undeletable } from './safety.js';
import { useLookup } from './useLookup.js';
import { TaskProgressList, useTaskFollow } from './storage/TaskProgress.jsx';

const rowName = (item) => item.name || item.username || item.id;

/**
 * An administration page: a list, a create form in a modal and delete per row, all from a spec
 * { id, title, path, columns: [{key, label, value(item, t, context), sort? (the API's sort field)}],
 * fields (none: read-only), exports: {path, formats: ['csv', 'jsonl']} (download buttons),
 * noDelete, actions: [{id, label, path(item), method?, when(item, context)?, fields?, initial(item)?,
 * toBody(values)?, submitLabel? (the form's button, a key), notice? (a key with {name}: the success
 * notice of an action answered at once, instead of "task started"), danger?, confirm?: (item, t, context) => message (asks first), typed? (the name is
 * typed to confirm), show?: (reply, item, t, context) => node (the answer, shown on the page until closed), progress? (the task's progress bar stays on the page until it ends; fields may
 * then be a function of (item, context))}], followCreate? (the create task's progress is shown too), filters: [{name, label, type?: 'select', options?}] (exact-match query
 * parameters), refuse(item, context)? (a message key:
 * the action is shown disabled, saying why)}], undeletable(item, context)? (a message key: Delete
 * disabled, saying why; true: no Delete), deleteMessage (key),
 * context: {key: path} (lists the rules read), search: label key (the `q` search; noSearch: none) }.
 */
export function ResourcePage({ spec, user }) {
  const t = useT();
  const list = useList(spec.path, { text: spec.searchText });
  const { data, error, reload, pager, applyFilters } = list;
  const context = useLookup(spec.context, data);
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState(null);
  const [notice, setNotice] = useState(null);
  // what an action with show(reply, item, t, context) answered ({ title, body }), shown until closed
  const [shown, setShown] = useState(null);
  const [prompt, setPrompt] = useState(null);
  const [, setAsk, confirmDialog] = useConfirm();
  const [followed, follow, dismiss] = useTaskFollow();
  const fail = (e) => {
    setNotice(null);
    setShown(null);
    setProblem(e.problem || { detail: e.message });
  };
  /** A followed task has ended: its outcome, or (failed) the outcome and the task's error as the problem. */
  const ended = (task) => {
    if (taskFailed(task)) {
      setNotice(null);
      setProblem({ detail: task.error ? `${t.outcome(task)} · ${task.error}` : t.outcome(task) });
    } else {
      setNotice(t.outcome(task));
    }
    reload();
  };
  /** Sends an action's request; a task is followed to its end. Throws the refusal (the prompt shows it). */
  const send = async (item, action, payload) => {
    const reply = await call(action.method || 'POST', action.path(item), payload === undefined ? action.body : payload);
    setProblem(null);
    // an action answered at once (no task) may say so in its own words: action.notice, a key with {name}
    const said = action.notice ? t(action.notice, { name: rowName(item) }) : t('action.started', { action: t(action.label), name: rowName(item) });
    // an answer to show replaces the notice: its title says the same
    const answer = action.show && reply ? { title: said, body: action.show(reply, item, t, context) } : null;
    setShown(answer);
    setNotice(answer ? null : said);
    reload();
    if (reply && reply.operation && reply.state) { // followed in the background: the dialog closes at once
      if (action.progress) {
        follow(reply, ended).catch(fail);
      } else {
        followTask(reply).then(ended, fail);
      }
    }
  };
  const run = (item, action) => {
    if (action.fields) {
      setProblem(null);
      setPrompt({ item, action });
      return;
    }
    const go = () => send(item, action).catch(fail);
    if (!action.confirm) {
      go();
      return;
    }
    setAsk({ title: t('confirm.title', { action: t(action.label), name: rowName(item) }),
      message: action.confirm(item, t, context), confirm: t(action.label),
      typeName: action.typed && action.typed(item, context) ? nameOf(item) : null, run: go });
  };
  const remove = (item) => setAsk({
    title: t('confirm.deleteTitle', { name: nameOf(item) }),
    message: t(spec.deleteMessage || 'confirm.deleteMessage', { name: nameOf(item) }),
    confirm: t('form.delete'),
    typeName: typed(spec.id, 'delete') ? nameOf(item) : null,
    run: async () => {
      try {
        // 202 and a task (followed to its end, a failure shown with its error), or 204: gone at once
        const reply = await call('DELETE', `${spec.path}/${item.id}`);
        setProblem(null);
        setNotice(reply && reply.operation ? t('action.started', { action: t('form.delete'), name: nameOf(item) }) : null);
        reload();
        if (reply && reply.operation && reply.state) {
          ended(await followTask(reply));
        }
      } catch (e) {
        fail(e);
      }
    },
  });
  const menu = (item) => {
    const items = (spec.actions || []).filter((a) => !a.when || a.when(item, context)).map((a) => {
      const refusal = a.refuse ? a.refuse(item, context) : null;
      return { id: a.id, title: t(a.label), isDanger: !!a.danger, isDisabled: !!refusal,
        description: refusal ? t(refusal) : undefined, onClick: () => run(item, a) };
    });
    const refusal = spec.noDelete ? null : undeletable(spec.id, item, user)
      || (spec.undeletable ? spec.undeletable(item, context) : null);
    if (!spec.noDelete && refusal !== true) {
      // a row that cannot be deleted says why (your own account, a built-in, a boot disk in use)
      items.push({ id: 'delete', title: t('form.delete'), isDanger: true, isDisabled: !!refusal,
        description: refusal && refusal !== true ? t(refusal) : undefined, onClick: () => remove(item) });
    }
    return items;
  };
  const items = data ? data.items : [];
  const hasMenu = !spec.noDelete || spec.actions;
  const what = t(spec.title);
  return (
    <PageSection>
      <Title headingLevel="h1">{what}</Title>
      {spec.upload && !spec.upload.fields && (
        <FileButton spec={spec} onDone={(name, count) => { setProblem(null); setNotice(t('upload.done', { name, count })); reload(); }}
          onError={fail} />
      )}
      {spec.upload && spec.upload.fields && (
        <UploadForm spec={spec} onDone={(name) => { setProblem(null); setNotice(t('form.created', { name })); reload(); }} />
      )}
      <Toolbar>
        <ToolbarContent>
          {spec.fields && (
            <ToolbarItem>
              <Button id={`create-${spec.id}`} onClick={() => { setProblem(null); setOpen(true); }}>{t(spec.createTitle || 'form.create')}</Button>
            </ToolbarItem>
          )}
          {!spec.noSearch && (
            <ToolbarItem>
              <SearchBox list={spec.id} value={list.q} onChange={list.setQ} label={t(spec.search || 'list.search')} />
            </ToolbarItem>
          )}
          {(spec.exports ? spec.exports.formats : []).map((format) => (
            <ToolbarItem key={format}>
              <Button variant="secondary" id={`export-${spec.id}-${format}`} onClick={() => download(`${spec.exports.path}?format=${format}`,
                `${spec.id}.${format}`).then(() => setProblem(null), fail)}>{t('export.' + format)}</Button>
            </ToolbarItem>
          ))}
        </ToolbarContent>
      </Toolbar>
      {spec.filters && <FilterBar filters={spec.filters} onChange={applyFilters} id={`filters-${spec.id}`} />}
      <Problem error={error} />
      {notice && <Alert variant="success" variantLabel={t('alert.success')} isInline title={notice} id="notice" />}
      {shown && (
        <Alert variant="info" variantLabel={t('alert.info')} isInline title={shown.title} id="action-result"
          actionClose={<AlertActionCloseButton id="action-result-close" aria-label={t('form.close')} onClose={() => setShown(null)} />}>
          {shown.body}
        </Alert>
      )}
      <TaskProgressList tasks={followed} onDismiss={dismiss} />
      {problem && !open && !prompt && <Alert variant="danger" variantLabel={t('alert.danger')} isInline title={t('error.title')} id="problem">{problem.detail}</Alert>}
      {data && data.total > 0 && <Pager pager={pager} data={data} id={`pager-${spec.id}`} />}
      {data && data.total === 0 ? (
        <EmptyList list={spec.id} what={what} q={list.q} onClear={() => list.setQ('')} hint={spec.emptyHint}
          onCreate={spec.fields ? () => { setProblem(null); setOpen(true); } : null}
          createLabel={t(spec.createTitle || 'form.create')} />
      ) : (
        <div className="ovm-table-scroll"><Table aria-label={what} id={`table-${spec.id}`} variant="compact">
          <Thead>
            <Tr>
              {spec.columns.map((c, index) => (
                <Th key={c.key} modifier="wrap" {...(c.sort ? sortable(list, c.sort, index, { newestFirst: c.sort === 'createdAt' }) : {})}>
                  {t(c.label)}
                </Th>
              ))}
              {hasMenu && <Th screenReaderText={t('action.menu')} />}
            </Tr>
          </Thead>
          <Tbody>
            {items.map((item) => (
              <Tr key={item.id} data-row={rowName(item)}>
                {spec.columns.map((c) => <Td key={c.key} dataLabel={t(c.label)}>{c.value(item, t, context)}</Td>)}
                {hasMenu && <Td isActionCell><RowMenu list={spec.id} row={rowName(item)} items={menu(item)} /></Td>}
              </Tr>
            ))}
          </Tbody>
        </Table></div>
      )}
      {confirmDialog}
      {prompt && (
        <PromptDialog prompt={prompt} context={context} problem={problem} onClose={() => { setPrompt(null); setProblem(null); }}
          onSubmit={async (payload) => {
            try {
              await send(prompt.item, prompt.action, payload);
              setPrompt(null);
            } catch (e) {
              setProblem(e.problem || { detail: e.message });
            }
          }} />
      )}
      {spec.fields && (
        <CreateDialog spec={spec} isOpen={open} problem={problem} onClose={() => setOpen(false)}
          onSubmit={async (payload, values) => {
            try {
              const reply = await call('POST', spec.path, payload);
              setOpen(false);
              setProblem(null);
              setNotice(t('form.created', { name: values.name || values.username || (reply && reply.name) || '' }));
              reload();
              if (spec.followCreate && reply && reply.operation && reply.state) {
                follow(reply, ended).catch(fail);
              }
              return true;
            } catch (e) {
              setProblem(e.problem || { detail: e.message });
              return false;
            }
          }} />
      )}
    </PageSection>
  );
}
