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
import { imageProblem } from './containers.js';
import { PullForm } from './PullForm.jsx';
import { Registries } from './Registries.jsx';

const ENDED = ['SUCCEEDED', 'FAILED', 'ROLLED_BACK'];
const PULL_COLORS = { SUCCEEDED: ProgressVariant.success, FAILED: ProgressVariant.danger, ROLLED_BACK: ProgressVariant.danger };

/**
 * The image center: templates and ISOs (as before), container images on the hosts (pull, delete
 * from a host) and the container registries they are pulled from (add, delete, browse).
 */
export function ImageCenter({ user }) {
  const hosts = usePolling('/hosts?limit=1000');
  const clusters = usePolling('/clusters?limit=1000');
  const registries = useList('/registries');
  const [pulls, setPulls] = useState([]);
  const live = useRef(true);
  useEffect(() => () => { live.current = false; }, []);
  const containerHosts = (hosts.data ? hosts.data.items : []).filter((h) => h.type === 'docker');
  const hostName = (id) => {
    const host = hosts.data && hosts.data.items.find((h) => h.id === id);
    return host ? host.name : id;
  };
  /** Follows a pull task until it ends, keeping its progress on the page. */
  const follow = useCallback(async (task, reference, onEnd) => {
    setPulls((old) => [{ ...task, reference }, ...old]);
    let current = task;
    while (live.current && !ENDED.includes(current.state)) {
      try {
        current = await call('GET', `/tasks/${task.id}?wait=1`);
      } catch {
        await new Promise((r) => setTimeout(r, 2000));
        continue;
      }
      const seen = current;
      setPulls((old) => old.map((p) => (p.id === seen.id ? { ...seen, reference } : p)));
    }
    if (onEnd) {
      onEnd(current);
    }
  }, []);
  const pullContext = { hosts: containerHosts, clusters: (clusters.data ? clusters.data.items : []).filter((c) => c.hypervisorType === 'docker'),
    registries: registries.data ? registries.data.items : [], follow, hostName };
  return (
    <>
      <ResourcePage spec={ADMIN_SPECS.images} user={user} />
      <ContainerImages context={pullContext} pulls={pulls} onDismiss={(id) => setPulls((old) => old.filter((p) => p.id !== id))} />
      <Registries list={registries} context={pullContext} />
    </>
  );
}

function PullProgress({ pulls, onDismiss }) {
  const t = useT();
  return pulls.map((p) => (
    <div key={p.id} data-pull={p.reference} data-state={p.state} className="pf-v6-u-mb-sm">
      <Progress id={`pull-${p.id}`} title={t('pull.of', { reference: p.reference })} size="sm"
        value={p.state === 'SUCCEEDED' ? 100 : p.progress || 0} variant={PULL_COLORS[p.state]}
        label={`${t(`task.${p.state}`)}${p.progressMessage ? ' · ' + p.progressMessage : ''}${p.error ? ' · ' + p.error : ''}`}
        measureLocation="outside" />
      {ENDED.includes(p.state) && (
        <Button variant="link" isInline onClick={() => onDismiss(p.id)}>{t('pull.dismiss')}</Button>
      )}
    </div>
  ));
}

function ContainerImages({ context, pulls, onDismiss }) {
  const t = useT();
  const { data, error, reload, pager } = useList('/images?kind=container');
  const [pulling, setPulling] = useState(false);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  const [removing, setRemoving] = useState(null);
  const items = data ? data.items : [];
  const ended = (task) => {
    setNotice(t.outcome(task));
    reload();
  };
  const remove = async (image, hostId) => {
    try {
      await call('DELETE', `/images/${encodeURIComponent(image.id)}${hostId ? `?hostId=${encodeURIComponent(hostId)}` : ''}`);
      setFailure(null);
      setNotice(t('images.removed', { name: image.name, host: hostId ? context.hostName(hostId) : t('images.allHosts') }));
      reload();
    } catch (e) {
      setNotice(null);
      setFailure(e);
    }
  };
  return (
    <PageSection id="container-images">
      <Title headingLevel="h2">{t('images.containers')}</Title>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem><Button id="pull-open" onClick={() => setPulling(true)}>{t('pull.title')}</Button></ToolbarItem>
          <ToolbarItem><Button variant="secondary" id="container-images-refresh" onClick={reload}>{t('instances.refresh')}</Button></ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <PullProgress pulls={pulls} onDismiss={onDismiss} />
      <Problem error={error || failure} />
      {notice && <Alert variant="info" variantLabel={t('alert.info')} isInline title={notice} id="container-images-notice" />}
      {data && data.total > 0 && <Pager pager={pager} data={data} id="pager-container-images" />}
      {data && data.total === 0 ? <Content component="p">{t('images.noContainers')}</Content> : (
        <Table aria-label={t('images.containers')} id="table-container-images" variant="compact">
          <Thead>
            <Tr>
              <Th>{t('images.references')}</Th>
              <Th>{t('images.size')}</Th>
              <Th>{t('nav.hosts')}</Th>
              <Th>{t('images.created')}</Th>
              <Th screenReaderText={t('action.menu')} />
            </Tr>
          </Thead>
          <Tbody>
            {items.map((image) => (
              <Tr key={image.id} data-row={image.name}>
                <Td dataLabel={t('images.references')}>
                  {(image.references || []).length ? image.references.join(', ') : <code>{image.id.slice(0, 19)}</code>}
                </Td>
                <Td dataLabel={t('images.size')}>{t.size(image.sizeBytes)}</Td>
                <Td dataLabel={t('nav.hosts')}>{(image.hostIds || []).map(context.hostName).join(', ')}</Td>
                <Td dataLabel={t('images.created')}>{t.date(image.createdAt)}</Td>
                <Td isActionCell>
                  <Button variant="link" isDanger id={`remove-image-${image.name}`} onClick={() => setRemoving(image)}>
                    {t('images.removeFromHost')}
                  </Button>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      <PullForm isOpen={pulling} onClose={() => setPulling(false)} context={context}
        onStarted={(task, reference) => { setPulling(false); setNotice(null); context.follow(task, reference, ended); }} />
      {removing && (
        <RemoveForm image={removing} context={context} onClose={() => setRemoving(null)}
          onConfirmed={(hostId) => { const image = removing; setRemoving(null); remove(image, hostId); }} />
      )}
    </PageSection>
  );
}

/** Asks which host to delete an image from (or all of them), naming what goes. */
function RemoveForm({ image, context, onClose, onConfirmed }) {
  const t = useT();
  const [values, setValues] = useState({ hostId: image.hostIds && image.hostIds.length === 1 ? image.hostIds[0] : '' });
  const fields = [{ name: 'hostId', label: 'col.host', type: 'select',
    options: (image.hostIds || []).map((id) => ({ value: id, label: context.hostName(id) })) }];
  return (
    <Modal isOpen onClose={onClose} variant="small" aria-labelledby="remove-image-title" id="remove-image">
      <ModalHeader title={t('images.removeTitle', { name: image.name })} labelId="remove-image-title" />
      <ModalBody>
        <Form onSubmit={(e) => e.preventDefault()}>
          <Fields fields={fields} values={values} onChange={setValues} />
          <Content component="p" id="remove-image-message">
            {t('images.removeMessage', { name: image.name, host: values.hostId ? context.hostName(values.hostId) : t('images.allHosts') })}
          </Content>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button variant="danger" id="remove-image-confirm" onClick={() => onConfirmed(values.hostId || null)}>
          {t('images.removeFromHost')}
        </Button>
        <Button variant="link" onClick={onClose}>{t('form.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}
