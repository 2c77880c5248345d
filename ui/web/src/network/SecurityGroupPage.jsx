import { useState } from 'react';
import {
  Alert, Breadcrumb, BreadcrumbItem, Button, Content, DescriptionList, DescriptionListDescription, DescriptionListGroup,
  DescriptionListTerm, Label, PageSection, Title, Toolbar, ToolbarContent, ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { call, followTask, taskFailed } from '../api.js';
import { useT } from '../I18n.jsx';
import { Confirm } from '../Confirm.jsx';
import { NotLoaded, Problem } from '../Problem.jsx';
import { PromptDialog } from '../ResourceDialogs.jsx';
import { href, navigate } from '../router.js';
import { usePolling } from '../usePolling.js';
import { useLookup } from '../useLookup.js';
import { nameField } from '../columns.js';
import { Head } from '../operator/Bars.jsx';
import {
  DIRECTIONS, PROTOCOLS, hasPorts, portMaxProblem, remoteCidrProblem, ruleBody, rulePorts, ruleRemote,
} from './logic.js';

const PORT = { type: 'number', min: 1, max: 65535, showWhen: (v) => hasPorts(v.protocol) };
const translated = (values, prefix) => values.map((v) => ({ value: v, label: `${prefix}${v}`, translate: true }));

/** The add-rule form: ports only for tcp and udp; the remote end anywhere, a CIDR or a group of the same VDC. */
const ruleFields = (group) => [
  { name: 'direction', label: 'sg.direction', type: 'select', required: true, options: translated(DIRECTIONS, 'sg.direction.') },
  { name: 'protocol', label: 'sg.protocol', type: 'select', required: true, options: translated(PROTOCOLS, 'sg.protocol.') },
  { ...PORT, name: 'portMin', label: 'sg.portMin', hint: 'sg.portHint' },
  { ...PORT, name: 'portMax', label: 'sg.portMax', check: portMaxProblem },
  { name: 'remote', label: 'sg.remote', type: 'select', required: true, options: translated(['any', 'cidr', 'group'], 'sg.remote.') },
  { name: 'remoteCidr', label: 'sg.remoteCidr', required: true, placeholder: '10.0.0.0/8', check: remoteCidrProblem,
    showWhen: (v) => v.remote === 'cidr' },
  { name: 'remoteGroupId', label: 'sg.remoteGroup', type: 'select', required: true, showWhen: (v) => v.remote === 'group',
    optionsFrom: { path: '/security-groups?limit=1000', filter: (g) => g.vdcId === group.vdcId } },
];
const VDCS = { vdcs: '/vdcs?limit=1000' };
const ADD_RULE = { id: 'add-rule', label: 'sg.addRule', fields: ruleFields, toBody: ruleBody,
  initial: () => ({ direction: 'ingress', protocol: 'tcp', remote: 'any' }) };
const EDIT = { id: 'edit', label: 'form.edit', fields: [nameField, { name: 'description', label: 'col.description' }],
  initial: (g) => ({ name: g.name, description: g.description || '' }),
  toBody: (v) => ({ name: v.name, description: v.description || '' }) };

/**
 * #/security-groups/<id>: a group's rules (add one, delete one: asked first) and the NICs in it;
 * edit its name and description, delete it. A change the engine applies as a task is followed; a
 * failure shows the task's error.
 */
export function SecurityGroupPage({ user, id }) {
  const t = useT();
  const admin = user.role === 'admin';
  const { data: group, error, reload } = usePolling(`/security-groups/${encodeURIComponent(id)}`, 15000);
  const groups = usePolling('/security-groups?limit=1000', 60000);
  const lookup = useLookup(admin ? VDCS : null);
  const [ask, setAsk] = useState(null);
  const [prompt, setPrompt] = useState(null);
  const [problem, setProblem] = useState(null);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  if (!group) {
    return <NotLoaded list="security-groups" error={error} />;
  }
  const all = groups.data ? groups.data.items : [];
  const vdc = (lookup.vdcs || []).find((v) => v.id === group.vdcId);
  /** The engine's answer to a change: a task (followed; a failure shown with its error) or the change done. */
  const answered = async (reply, label, after) => {
    setFailure(null);
    if (reply && reply.operation && reply.state) {
      setNotice(t('action.started', { action: label, name: group.name }));
      const ended = await followTask(reply, (running) => setNotice(t.outcome(running)));
      if (taskFailed(ended)) {
        setNotice(null);
        setFailure({ problem: { detail: ended.error ? `${t.outcome(ended)} · ${ended.error}` : t.outcome(ended) } });
        reload();
        return;
      }
      setNotice(t.outcome(ended));
    } else {
      setNotice(t('sg.saved', { name: group.name }));
    }
    reload();
    if (after) {
      after();
    }
  };
  const run = (method, path, body, label, after) => call(method, path, body).then((reply) => answered(reply, label, after))
    .catch((e) => { setNotice(null); setFailure(e); });
  const rules = group.rules || [];
  const members = group.members || [];
  return (
    <PageSection id="group-page" data-group={group.name}>
      <Breadcrumb>
        <BreadcrumbItem to={href('security-groups')}>{t('nav.security-groups')}</BreadcrumbItem>
        <BreadcrumbItem isActive>{group.name}</BreadcrumbItem>
      </Breadcrumb>
      <Title headingLevel="h1" id="group-title">{group.name}</Title>
      <DescriptionList isHorizontal isCompact id="group-facts" style={{ marginTop: 8 }}>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('col.description')}</DescriptionListTerm>
          <DescriptionListDescription data-fact="description">{group.description || '–'}</DescriptionListDescription>
        </DescriptionListGroup>
        {admin && (
          <DescriptionListGroup>
            <DescriptionListTerm>{t('col.vdc')}</DescriptionListTerm>
            <DescriptionListDescription data-fact="vdc">{vdc ? vdc.name : group.vdcId || '–'}</DescriptionListDescription>
          </DescriptionListGroup>
        )}
        <DescriptionListGroup>
          <DescriptionListTerm>{t('col.created')}</DescriptionListTerm>
          <DescriptionListDescription data-fact="created">{t.date(group.createdAt)}</DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
      <Toolbar id="group-actions">
        <ToolbarContent>
          <ToolbarItem>
            <Button id="group-add-rule" onClick={() => { setProblem(null); setPrompt({ item: group, action: ADD_RULE }); }}>
              {t('sg.addRule')}
            </Button>
          </ToolbarItem>
          <ToolbarItem>
            <Button id="group-edit" variant="secondary" onClick={() => { setProblem(null); setPrompt({ item: group, action: EDIT }); }}>
              {t('form.edit')}
            </Button>
          </ToolbarItem>
          <ToolbarItem>
            <Button id="group-delete" variant="danger" onClick={() => setAsk({
              title: t('confirm.deleteTitle', { name: group.name }),
              message: t('sg.confirmDelete', { name: group.name }), confirm: t('form.delete'),
              run: () => run('DELETE', `/security-groups/${group.id}`, undefined, t('form.delete'),
                () => navigate('security-groups')) })}>
              {t('form.delete')}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Confirm ask={ask} onClose={() => setAsk(null)} />
      <Problem error={failure} />
      {notice && <Alert variant="info" isInline title={notice} id="group-notice" />}
      <Title headingLevel="h2" style={{ marginTop: 16 }}>{t('sg.rules')}</Title>
      {rules.length === 0 ? <Content component="p" id="group-rules">{t('sg.noRules')}</Content> : (
        <Table variant="compact" aria-label={t('sg.rules')} id="group-rules">
          <Head t={t} keys={['sg.direction', 'sg.protocol', 'sg.ports', 'sg.remote', '']} />
          <Tbody>
            {rules.map((r) => {
              const remote = ruleRemote(r, all);
              const text = `${r.direction} ${r.protocol} ${rulePorts(r)} ${remote || ''}`.trim();
              return (
                <Tr key={r.id} data-rule={text} data-rule-id={r.id}>
                  <Td>{t(`sg.direction.${r.direction}`)}</Td>
                  <Td>{t(`sg.protocol.${r.protocol}`)}</Td>
                  <Td data-ports>{rulePorts(r) || (hasPorts(r.protocol) ? t('sg.allPorts') : '–')}</Td>
                  <Td data-remote>{r.remoteGroupId ? (
                    <Label isCompact color="blue"><a href={href('security-groups', r.remoteGroupId)}>{remote}</a></Label>
                  ) : remote || t('sg.anywhere')}</Td>
                  <Td isActionCell>
                    <Button variant="link" isDanger data-action="delete-rule" onClick={() => setAsk({
                      title: t('sg.deleteRuleTitle'), message: t('sg.deleteRuleMessage', { rule: text, name: group.name }),
                      confirm: t('form.delete'),
                      run: () => run('DELETE', `/security-groups/${group.id}/rules/${r.id}`, undefined, t('sg.deleteRule')) })}>
                      {t('form.delete')}
                    </Button>
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
      <Title headingLevel="h2" style={{ marginTop: 24 }}>{t('sg.members')}</Title>
      {members.length === 0 ? <Content component="p" id="group-members">{t('sg.noMembers')}</Content> : (
        <Table variant="compact" aria-label={t('sg.members')} id="group-members">
          <Head t={t} keys={['nav.instances', 'ops.nics.index']} />
          <Tbody>
            {members.map((m) => (
              <Tr key={`${m.instanceId}-${m.nicIndex}`} data-member={m.instanceName || m.instanceId}>
                <Td><a href={href('instances', m.instanceId, 'nics')}>{m.instanceName || m.instanceId}</a></Td>
                <Td>{m.nicIndex}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {prompt && (
        <PromptDialog prompt={prompt} problem={problem} onClose={() => { setPrompt(null); setProblem(null); }}
          onSubmit={async (payload) => {
            const { action } = prompt;
            let reply;
            try {
              reply = await call(action.id === 'edit' ? 'PATCH' : 'POST',
                action.id === 'edit' ? `/security-groups/${group.id}` : `/security-groups/${group.id}/rules`, payload);
            } catch (e) {
              setProblem(e.problem || { detail: e.message }); // the form stays open with the refusal
              return;
            }
            setPrompt(null);
            setProblem(null);
            answered(reply, t(action.label)).catch((e) => { setNotice(null); setFailure(e); });
          }} />
      )}
    </PageSection>
  );
}
