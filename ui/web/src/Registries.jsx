/* The image center's registries: add, delete, browse repositories and tags, pull a tag. */
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

import { PullForm, placeProblem } from './PullForm.jsx';

const REGISTRY_FIELDS = [
  { name: 'name', label: 'col.name', required: true, kind: 'name' },
  { name: 'url', label: 'registries.url', required: true, placeholder: 'http://10.77.0.1:5000',
    check: (v) => (/^https?:\/\/[^\s/]+(\/\S*)?$/.test(v.trim()) ? null : 'registries.badUrl') },
  { name: 'username', label: 'login.username' },
  { name: 'password', label: 'login.password', type: 'password' },
];

export function Registries({ list, context }) {
  const t = useT();
  const { data, error, reload, pager } = list;
  const [adding, setAdding] = useState(false);
  const [values, setValues] = useState({});
  const [problem, setProblem] = useState(null);
  const [showErrors, setShowErrors] = useState(false);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  const [ask, setAsk] = useState(null);
  const [browsing, setBrowsing] = useState(null);
  const items = data ? data.items : [];
  const add = async () => {
    if (validate(REGISTRY_FIELDS, values, t)) {
      setShowErrors(true);
      return;
    }
    const request = { name: values.name, url: values.url.trim() };
    if (values.username) {
      request.username = values.username;
    }
    if (values.password) {
      request.password = values.password;
    }
    try {
      await call('POST', '/registries', request);
      setAdding(false);
      setValues({});
      setProblem(null);
      setShowErrors(false);
      setNotice(t('form.created', { name: request.name }));
      reload();
    } catch (e) {
      setProblem(e.problem || { detail: e.message });
    }
  };
  const remove = async (registry) => {
    try {
      await call('DELETE', `/registries/${registry.id}`);
      setFailure(null);
      setNotice(t('registries.deleted', { name: registry.name }));
      reload();
    } catch (e) {
      setNotice(null);
      setFailure(e);
    }
  };
  const { under, top } = placeProblem(problem, REGISTRY_FIELDS);
  return (
    <PageSection id="registries">
      <Title headingLevel="h2">{t('registries.title')}</Title>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button id="create-registries" onClick={() => { setProblem(null); setShowErrors(false); setAdding(true); }}>
              {t('registries.add')}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Problem error={error || failure} />
      {notice && <Alert variant="success" variantLabel={t('alert.success')} isInline title={notice} id="registries-notice" />}
      {data && data.total > 0 && <Pager pager={pager} data={data} id="pager-registries" />}
      {data && data.total === 0 ? <Content component="p">{t('registries.empty')}</Content> : (
        <Table aria-label={t('registries.title')} id="table-registries" variant="compact">
          <Thead>
            <Tr>
              <Th>{t('col.name')}</Th>
              <Th>{t('registries.url')}</Th>
              <Th>{t('login.username')}</Th>
              <Th>{t('login.password')}</Th>
              <Th>{t('images.created')}</Th>
              <Th screenReaderText={t('action.menu')} />
            </Tr>
          </Thead>
          <Tbody>
            {items.map((r) => (
              <Tr key={r.id} data-row={r.name}>
                <Td dataLabel={t('col.name')}>{r.name}</Td>
                <Td dataLabel={t('registries.url')}>{r.url}</Td>
                <Td dataLabel={t('login.username')}>{r.username || ''}</Td>
                <Td dataLabel={t('login.password')}>{t(r.hasPassword ? 'registries.passwordSet' : 'registries.noPassword')}</Td>
                <Td dataLabel={t('images.created')}>{t.date(r.createdAt)}</Td>
                <Td isActionCell>
                  <Flex flexWrap={{ default: 'nowrap' }} justifyContent={{ default: 'justifyContentFlexEnd' }}>
                    <Button variant="link" id={`browse-${r.name}`} onClick={() => setBrowsing(r)}>{t('registries.browse')}</Button>
                    <Button variant="link" isDanger id={`delete-registry-${r.name}`} onClick={() => setAsk({
                      title: t('registries.deleteTitle', { name: r.name }), message: t('registries.deleteMessage', { name: r.name }),
                      confirm: t('form.delete'), run: () => remove(r) })}>{t('form.delete')}</Button>
                  </Flex>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      <Modal isOpen={adding} onClose={() => setAdding(false)} variant="medium" aria-labelledby="registry-add-title" id="registry-add">
        <ModalHeader title={t('registries.add')} labelId="registry-add-title" />
        <ModalBody>
          {top && <Alert variant="danger" variantLabel={t('alert.danger')} isInline title={t('error.title')} id="form-problem">{top.detail}</Alert>}
          <Form id="form-registries" onSubmit={(e) => { e.preventDefault(); add(); }}>
            <Fields fields={REGISTRY_FIELDS} values={values} onChange={setValues} problem={under} showErrors={showErrors} />
          </Form>
        </ModalBody>
        <ModalFooter>
          <ActionGroup>
            <Button id="registry-submit" onClick={add}>{t('form.create')}</Button>
            <Button variant="link" onClick={() => setAdding(false)}>{t('form.cancel')}</Button>
          </ActionGroup>
        </ModalFooter>
      </Modal>
      <Confirm ask={ask} onClose={() => setAsk(null)} />
      {browsing && <Browse registry={browsing} context={context} onClose={() => setBrowsing(null)} />}
    </PageSection>
  );
}

/** A registry's repositories, then one repository's tags, each tag pullable onto a host. */
function Browse({ registry, context, onClose }) {
  const t = useT();
  const [repositories, setRepositories] = useState(null);
  const [repository, setRepository] = useState(null);
  const [tags, setTags] = useState(null);
  const [failure, setFailure] = useState(null);
  const [pullOf, setPullOf] = useState(null);
  const [notice, setNotice] = useState(null);
  const initial = useMemo(() => (pullOf ? { reference: pullOf, registryId: registry.id, target: 'host' } : null), [pullOf, registry]);
  useEffect(() => {
    call('GET', `/registries/${registry.id}/repositories`).then((page) => setRepositories(page.items)).catch(setFailure);
  }, [registry]);
  useEffect(() => {
    if (!repository) {
      return;
    }
    setTags(null);
    call('GET', `/registries/${registry.id}/tags?repository=${encodeURIComponent(repository)}`)
      .then((page) => setTags(page.items)).catch(setFailure);
  }, [registry, repository]);
  const list = repository ? tags : repositories;
  return (
    <Modal isOpen onClose={onClose} variant="medium" aria-labelledby="browse-title" id="browse-registry">
      <ModalHeader title={repository ? t('registries.tagsOf', { repository }) : t('registries.repositoriesOf', { name: registry.name })}
        labelId="browse-title" />
      <ModalBody>
        {repository && (
          <Button variant="link" isInline id="browse-back" onClick={() => { setRepository(null); setFailure(null); }}>
            {t('registries.backToRepositories')}
          </Button>
        )}
        <Problem error={failure} />
        {notice && <Alert variant="info" variantLabel={t('alert.info')} isInline title={notice} id="browse-notice" />}
        {list && list.length === 0 && <Content component="p">{t('list.empty')}</Content>}
        {list && list.length > 0 && (
          <Table aria-label={repository ? t('registries.tags') : t('registries.repositories')} id="browse-table" variant="compact">
            <Thead>
              <Tr>
                <Th>{repository ? t('registries.tag') : t('registries.repository')}</Th>
                <Th screenReaderText={t('action.menu')} />
              </Tr>
            </Thead>
            <Tbody>
              {list.map((item) => (
                <Tr key={item} data-row={item}>
                  <Td>{item}</Td>
                  <Td isActionCell>
                    {repository ? (
                      <Button variant="link" id={`pull-tag-${item}`} onClick={() => setPullOf(`${repository}:${item}`)}>
                        {t('registries.pullOnto')}
                      </Button>
                    ) : (
                      <Button variant="link" id={`open-repository-${item}`} onClick={() => setRepository(item)}>
                        {t('registries.showTags')}
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </ModalBody>
      <PullForm isOpen={!!pullOf} onClose={() => setPullOf(null)} context={context}
        initial={initial}
        onStarted={(task, reference) => {
          setPullOf(null);
          setNotice(t('pull.started', { reference }));
          context.follow(task, reference);
        }} />
    </Modal>
  );
}
