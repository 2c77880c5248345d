import { useEffect, useState } from 'react';
import {
  Button, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, HelperText, HelperTextItem,
  Label, LabelGroup, TextInput,
} from '@patternfly/react-core';
import { call } from '../api.js';
import { useT } from '../I18n.jsx';
import { href } from '../router.js';
import { parseTags, tagsProblem } from './logic.js';
import { useFormat } from './useFormat.js';

/** What the instance runs from: a container's image, a VM's template. */
const source = (i) => (i.details && (i.details.image || i.details.template)) || '';

/**
 * The summary tab: state, host (a link for admins), VDC, owner, image, addresses, size, created,
 * tags (editable where the engine has PATCH /instances/{id}), managed.
 */
export function InstanceSummary({ instance, admin, reload }) {
  const t = useT();
  const f = useFormat();
  // an engine without hostName in the instance: an admin looks the host up
  const [looked, setLooked] = useState(null);
  useEffect(() => {
    if (admin && !instance.hostName && instance.hostId) {
      call('GET', `/hosts/${instance.hostId}`).then((h) => setLooked(h.name)).catch(() => setLooked(null));
    }
  }, [admin, instance.hostName, instance.hostId]);
  const hostName = instance.hostName || looked || instance.hostId;
  const rows = [
    ['host', t('col.host'), admin && instance.hostId
      ? <a href={href('hosts', instance.hostId)} id="instance-host-link">{hostName}</a> : hostName],
    ['hostType', t('detail.hostType'), instance.hostType],
    ['vdc', t('col.vdc'), instance.vdcName || instance.vdcId || t('form.none')],
    ['owner', t('ops.owner'), instance.owner || '–'],
    ['source', t('instances.col.source'), source(instance) || '–'],
    ['addresses', t('instances.col.addresses'), (instance.nics || []).map((n) => n.ip).filter(Boolean).join(', ') || '–'],
    ['cpus', t('instances.col.cpus'), f.n(instance.cpus)],
    ['memory', t('ops.memory'), f.mib(instance.memoryMiB)],
    ['created', t('ops.created'), t.date(instance.createdAt)],
    ['managed', t('instances.col.managed'), t(instance.managed ? 'managed.yes' : 'managed.no')],
    ['tags', t('ops.tags'), <Tags key="tags" instance={instance} reload={reload} />],
  ];
  return (
    <DescriptionList isHorizontal isCompact id="instance-summary">
      {rows.map(([key, term, value]) => (
        <DescriptionListGroup key={key}>
          <DescriptionListTerm>{term}</DescriptionListTerm>
          <DescriptionListDescription data-summary={key}>{value}</DescriptionListDescription>
        </DescriptionListGroup>
      ))}
    </DescriptionList>
  );
}

/** The tags as labels, and an editor that replaces them (PATCH /instances/{id} {tags}). */
function Tags({ instance, reload }) {
  const t = useT();
  const [editing, setEditing] = useState(null);
  const [problem, setProblem] = useState(null);
  const tags = instance.tags || [];
  const save = async () => {
    const bad = tagsProblem(editing);
    if (bad) {
      setProblem(t(bad));
      return;
    }
    try {
      await call('PATCH', `/instances/${instance.id}`, { tags: parseTags(editing) });
      setEditing(null);
      setProblem(null);
      reload();
    } catch (e) {
      setProblem(e.problem ? e.problem.detail : t('error.network'));
    }
  };
  if (editing === null) {
    return (
      <>
        {tags.length ? <LabelGroup id="instance-tags">{tags.map((tag) => <Label key={tag} isCompact>{tag}</Label>)}</LabelGroup> : '–'}{' '}
        {instance.tags !== undefined && (
          <Button variant="link" isInline id="tags-edit" onClick={() => setEditing(tags.join(' '))}>{t('form.edit')}</Button>
        )}
      </>
    );
  }
  return (
    <>
      <TextInput id="tags-input" value={editing} onChange={(_, v) => setEditing(v)} aria-label={t('ops.tags')}
        validated={problem ? 'error' : 'default'} style={{ maxWidth: 360 }} />
      <HelperText><HelperTextItem variant={problem ? 'error' : 'default'}>{problem || t('ops.tags.hint')}</HelperTextItem></HelperText>
      <Button variant="primary" size="sm" id="tags-save" onClick={save}>{t('ops.save')}</Button>{' '}
      <Button variant="link" size="sm" onClick={() => { setEditing(null); setProblem(null); }}>{t('form.cancel')}</Button>
    </>
  );
}
