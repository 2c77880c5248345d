import { useState } from 'react';
import {
  Alert, Breadcrumb, BreadcrumbItem, Button, Card, CardBody, CardTitle, Content, DescriptionList, DescriptionListDescription,
  DescriptionListGroup, DescriptionListTerm, Gallery, Label, PageSection, Title, Toolbar, ToolbarContent, ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { call, taskEnd } from '../api.js';
import { useT } from '../I18n.jsx';
import { Confirm } from '../Confirm.jsx';
import { NotLoaded, Problem } from '../Problem.jsx';
import { href } from '../router.js';
import { usePolling } from '../usePolling.js';
import { Head, UsageBar } from './Bars.jsx';
import { stateName } from './Dashboard.jsx';
import { HostEdit } from './HostEdit.jsx';
import { PromptDialog } from '../ResourceDialogs.jsx';
import { POWER_ACTIONS } from '../hosts.jsx';
import { fencedText, pmSummary } from '../powerManagement.js';
import { hostFree } from './logic.js';
import { HOST_STATE_COLORS, activateOffered, draining, maintenanceOffered } from '../maintenance.js';
import { useFormat } from './useFormat.js';

/** #/hosts/<id> (admins): facts, allocation, the instances on the host; refresh, maintenance, edit, power management. */
export function HostPage({ id }) {
  const t = useT();
  const f = useFormat();
  const { data: host, error, reload } = usePolling(`/hosts/${encodeURIComponent(id)}`, 15000);
  const instances = usePolling(`/instances?hostId=${encodeURIComponent(id)}&limit=1000`);
  const clusters = usePolling('/clusters?limit=1000', 60000);
  const [ask, setAsk] = useState(null);
  const [editing, setEditing] = useState(false);
  // the power management form (the hosts list's, issue 17) and its refusal
  const [powerForm, setPowerForm] = useState(false);
  const [powerProblem, setPowerProblem] = useState(null);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  if (!host) {
    return <NotLoaded list="hosts" error={error} />;
  }
  const cluster = clusters.data && clusters.data.items.find((c) => c.id === host.clusterId);
  const run = async (label, request) => {
    try {
      const answer = await request();
      setFailure(null);
      setNotice(t('action.started', { action: label, name: host.name }));
      if (answer && answer.operation) {
        setNotice(t.outcome(await taskEnd(answer)));
      }
      reload();
    } catch (e) {
      setFailure(e);
    }
  };
  const running = instances.data ? instances.data.items.filter((i) => i.state === 'RUNNING').length : 0;
  const cpuTotal = Math.floor(host.cpus * (host.cpuOvercommit || 1));
  const memTotal = Math.floor(host.memoryMiB * (host.memoryOvercommit || 1));
  const free = hostFree(host);
  const facts = [
    ['type', t('col.hypervisorType'), host.type],
    ['state', t('col.state'), (
      <Label key="s" isCompact color={HOST_STATE_COLORS[host.state] || 'grey'} id="host-state" data-state={host.state}>
        {stateName(t, host.state)}
      </Label>
    )],
    ['reason', t('ops.reason'), host.stateReason || '–'],
    ['storage', t('host.storage'), host.storageReason
      ? <span key="st" className="ovm-warning" data-storage-reason>{host.storageReason}</span> : '–'],
    ['cluster', t('col.cluster'), cluster ? cluster.name : t('ops.noCluster')],
    ['uri', t('col.uri'), host.uri],
    ['cpuModel', t('ops.host.cpuModel'), host.cpuModel || '–'],
    ['cpus', t('instances.col.cpus'), f.n(host.cpus)],
    ['memory', t('ops.memory'), f.mib(host.memoryMiB)],
    ['version', t('ops.host.version'), host.hypervisorVersion || '–'],
    ['lastProbe', t('ops.host.lastProbe'), t.date(host.lastProbe)],
    ['powerManagement', t('pm.title'), (
      <span key="pm" data-power-management={host.powerManagement ? host.powerManagement.type : ''}>{pmSummary(host, t)}</span>
    )],
    ['fenced', t('pm.lastFenced'), host.fencedAt
      ? <span key="f" className="ovm-warning" data-fenced={host.fencedAt}>{fencedText(host, t)}</span> : '–'],
    ['settings', t('ops.host.settings'), Object.entries(host.settings || {}).map(([k, v]) => `${k}=${v}`).join(', ') || '–'],
  ];
  return (
    <PageSection id="host-page" data-host={host.name}>
      <Breadcrumb>
        <BreadcrumbItem to={href('hosts')}>{t('nav.hosts')}</BreadcrumbItem>
        <BreadcrumbItem isActive>{host.name}</BreadcrumbItem>
      </Breadcrumb>
      <Title headingLevel="h1">{host.name}</Title>
      <Toolbar id="host-actions">
        <ToolbarContent>
          <ToolbarItem>
            <Button id="host-refresh" variant="secondary"
              onClick={() => run(t('ops.host.refresh'), () => call('POST', `/hosts/${host.id}/refresh`))}>
              {t('ops.host.refresh')}
            </Button>
          </ToolbarItem>
          {/* activate: out of maintenance, or (preparing) the drain stops; maintenance: again after a drain that left instances */}
          {activateOffered(host) && (
            <ToolbarItem>
              <Button id="host-activate" variant="secondary"
                onClick={() => run(t('ops.host.activate'), () => call('POST', `/hosts/${host.id}/activate`))}>
                {t('ops.host.activate')}
              </Button>
            </ToolbarItem>
          )}
          {maintenanceOffered(host) && (
            <ToolbarItem>
              <Button id="host-maintenance" variant="secondary" onClick={() => setAsk({
                title: t('ops.host.maintenanceTitle', { name: host.name }),
                message: t('ops.host.maintenanceMessage', { name: host.name, count: running }),
                confirm: t('ops.host.maintenance'),
                run: () => run(t('ops.host.maintenance'), () => call('POST', `/hosts/${host.id}/maintenance`)) })}>
                {t('ops.host.maintenance')}
              </Button>
            </ToolbarItem>
          )}
          <ToolbarItem><Button id="host-edit" variant="secondary" onClick={() => setEditing(true)}>{t('form.edit')}</Button></ToolbarItem>
          <ToolbarItem>
            <Button id="host-power-management" variant="secondary" onClick={() => { setPowerProblem(null); setPowerForm(true); }}>
              {t('pm.action')}
            </Button>
          </ToolbarItem>
          {host.powerManagement && (
            <ToolbarItem>
              <Button id="host-remove-power-management" variant="secondary" isDanger onClick={() => setAsk({
                title: t('confirm.title', { action: t('pm.remove'), name: host.name }),
                message: t('confirm.removePowerManagement', { name: host.name }),
                confirm: t('pm.remove'),
                run: async () => {
                  try {
                    await call('DELETE', `/hosts/${host.id}/power-management`);
                    setFailure(null);
                    setNotice(t('pm.removed', { name: host.name }));
                    reload();
                  } catch (e) {
                    setFailure(e);
                  }
                } })}>
                {t('pm.remove')}
              </Button>
            </ToolbarItem>
          )}
        </ToolbarContent>
      </Toolbar>
      <Confirm ask={ask} onClose={() => setAsk(null)} />
      {editing && <HostEdit host={host} clusters={clusters.data ? clusters.data.items : []} onClose={() => setEditing(false)}
        onSaved={() => { setEditing(false); setNotice(t('ops.saved', { name: host.name })); reload(); }} />}
      {powerForm && (
        <PromptDialog prompt={{ item: host, action: POWER_ACTIONS[0] }} problem={powerProblem}
          onClose={() => { setPowerForm(false); setPowerProblem(null); }}
          onSubmit={async (payload) => {
            try {
              await call('PUT', `/hosts/${host.id}/power-management`, payload);
              setPowerForm(false);
              setPowerProblem(null);
              setFailure(null);
              setNotice(t('pm.saved', { name: host.name }));
              reload();
            } catch (e) {
              setPowerProblem(e.problem || { detail: e.message });
            }
          }} />
      )}
      <Problem error={failure} />
      {notice && <Alert variant="info" isInline title={notice} id="host-notice" />}
      {draining(host) && (
        <Alert variant="warning" variantLabel={t('alert.warning')} isInline title={t('host.preparingTitle', { name: host.name })}
          id="host-draining">
          {host.stateReason || t('host.preparingHint')}
        </Alert>
      )}
      <Gallery hasGutter minWidths={{ default: '320px' }}>
        <Card isCompact>
          <CardTitle>{t('ops.host.facts')}</CardTitle>
          <CardBody>
            <DescriptionList isHorizontal isCompact id="host-facts">
              {facts.map(([key, term, value]) => (
                <DescriptionListGroup key={key}>
                  <DescriptionListTerm>{term}</DescriptionListTerm>
                  <DescriptionListDescription data-fact={key}>{value}</DescriptionListDescription>
                </DescriptionListGroup>
              ))}
            </DescriptionList>
          </CardBody>
        </Card>
        <Card isCompact>
          <CardTitle>{t('ops.host.allocation')}</CardTitle>
          <CardBody>
            <UsageBar id="host-cpu" title={t('ops.dash.vcpus', { overcommit: f.n(host.cpuOvercommit || 1, 1) })}
              used={host.allocatedCpus} total={cpuTotal} label={t('ops.ofTotal', { used: f.n(host.allocatedCpus), total: f.n(cpuTotal) })} />
            <UsageBar id="host-memory" title={t('ops.dash.memory')} used={host.allocatedMemoryMiB} total={memTotal}
              label={t('ops.ofTotal', { used: f.mib(host.allocatedMemoryMiB), total: f.mib(memTotal) })} />
            <Content component="small" id="host-free">{t('ops.free', { cpus: f.n(free.cpus), memory: f.mib(free.memoryMiB) })}</Content>
          </CardBody>
        </Card>
      </Gallery>
      <Title headingLevel="h2" style={{ marginTop: 24 }}>{t('ops.host.instances')}</Title>
      <Problem error={instances.error} />
      {instances.data && instances.data.items.length === 0 ? (
        <Content component="p" id="host-no-instances">{t('ops.host.noInstances')}</Content>
      ) : (
        <Table variant="compact" aria-label={t('ops.host.instances')} id="host-instances">
          <Head t={t} keys={['col.name', 'col.state', 'instances.col.cpus', 'ops.memory']} />
          <Tbody>
            {(instances.data ? instances.data.items : []).map((i) => (
              <Tr key={i.id} data-instance={i.name}>
                <Td><a href={href('instances', i.id)}>{i.name}</a></Td>
                <Td>{stateName(t, i.state)}</Td>
                <Td>{f.n(i.cpus)}</Td>
                <Td>{f.mib(i.memoryMiB)}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </PageSection>
  );
}
