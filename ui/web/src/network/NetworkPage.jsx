import { useState } from 'react';
import {
  Alert, Breadcrumb, BreadcrumbItem, Button, Card, CardBody, CardTitle, Content, DescriptionList,
  DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, Label, PageSection, Title, Toolbar, ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { call, followTask, taskFailed } from '../api.js';
import { useT } from '../I18n.jsx';
import { Confirm } from '../Confirm.jsx';
import { NotLoaded, Problem } from '../Problem.jsx';
import { href, navigate } from '../router.js';
import { usePolling } from '../usePolling.js';
import { Head } from '../operator/Bars.jsx';
import { freeAddresses } from './logic.js';
import { RealizationState } from './networkForm.jsx';

const byId = (page) => Object.fromEntries(((page && page.items) || []).map((x) => [x.id, x]));

/**
 * #/networks/<id> (admins): the network's settings, where it is realized (per host: state, reason,
 * port) and the addresses in use (instances' NICs and each host's DHCP server); Delete asks first
 * and follows the engine's task (a failure shows its error; 409 while instances hold addresses).
 */
export function NetworkPage({ id }) {
  const t = useT();
  const { data: network, error, reload } = usePolling(`/networks/${encodeURIComponent(id)}`, 10000);
  const addresses = usePolling(`/networks/${encodeURIComponent(id)}/addresses`, 15000);
  const instances = usePolling('/instances?limit=1000', 60000);
  const hosts = usePolling('/hosts?limit=1000', 60000);
  const clusters = usePolling('/clusters?limit=1000', 60000);
  const [ask, setAsk] = useState(null);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  if (!network) {
    return <NotLoaded list="networks" error={error} />;
  }
  const instanceOf = byId(instances.data);
  const hostOf = byId(hosts.data);
  const cluster = byId(clusters.data)[network.clusterId];
  const remove = async () => {
    try {
      const reply = await call('DELETE', `/networks/${network.id}`);
      setFailure(null);
      if (reply && reply.operation) { // 202: unrealized on every host first, then gone
        setNotice(t('action.started', { action: t('form.delete'), name: network.name }));
        const ended = await followTask(reply, (running) => setNotice(t.outcome(running)));
        if (taskFailed(ended)) {
          setNotice(null);
          setFailure({ problem: { detail: ended.error ? `${t.outcome(ended)} · ${ended.error}` : t.outcome(ended) } });
          reload();
          return;
        }
      }
      navigate('networks'); // 204 (an engine without the task) or the task succeeded
    } catch (e) {
      setNotice(null);
      setFailure(e);
    }
  };
  const facts = [
    ['type', t('col.type'), network.type],
    ['vlan', t('col.vlan'), network.vlan || t('net.untagged')],
    ['cidr', t('col.cidr'), network.cidr],
    ['ipv6Cidr', t('net.ipv6Cidr'), network.ipv6Cidr || '–'],
    ['gateway', t('col.gateway'), network.gateway || '–'],
    ['range', t('net.range'), `${network.rangeStart} – ${network.rangeEnd}`],
    ['dns', t('col.dns'), network.dns || '–'],
    ['cluster', t('col.cluster'), cluster ? cluster.name : network.clusterId || t('ops.noCluster')],
    ['usage', t('col.addresses'), t('net.usage', { used: t.number(network.addressesUsed), total: t.number(network.addressesTotal),
      free: t.number(freeAddresses(network)) })],
    ['created', t('col.created'), t.date(network.createdAt)],
  ];
  const realizations = network.realizations || [];
  const used = addresses.data || [];
  return (
    <PageSection id="network-page" data-network={network.name}>
      <Breadcrumb>
        <BreadcrumbItem to={href('networks')}>{t('nav.networks')}</BreadcrumbItem>
        <BreadcrumbItem isActive>{network.name}</BreadcrumbItem>
      </Breadcrumb>
      <Title headingLevel="h1" id="network-title">{network.name}</Title>
      <Toolbar id="network-actions">
        <ToolbarContent>
          <ToolbarItem>
            <Button id="network-delete" variant="danger" onClick={() => setAsk({
              title: t('confirm.deleteTitle', { name: network.name }),
              message: t('confirm.deleteNetwork', { name: network.name }), confirm: t('form.delete'), run: remove })}>
              {t('form.delete')}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Confirm ask={ask} onClose={() => setAsk(null)} />
      <Problem error={failure} />
      {notice && <Alert variant="info" isInline title={notice} id="network-notice" />}
      <Card isCompact>
        <CardTitle>{t('net.settings')}</CardTitle>
        <CardBody>
          <DescriptionList isHorizontal isCompact id="network-facts" columnModifier={{ lg: '2Col' }}>
            {facts.map(([key, term, value]) => (
              <DescriptionListGroup key={key}>
                <DescriptionListTerm>{term}</DescriptionListTerm>
                <DescriptionListDescription data-fact={key}>{value}</DescriptionListDescription>
              </DescriptionListGroup>
            ))}
          </DescriptionList>
        </CardBody>
      </Card>
      <Title headingLevel="h2" style={{ marginTop: 24 }}>{t('net.realizations')}</Title>
      {!network.realizations ? <Content component="p" id="network-realizations">{t('net.noRealizationInfo')}</Content>
        : realizations.length === 0 ? <Content component="p" id="network-realizations">{t('net.notRealized')}</Content> : (
          <Table variant="compact" aria-label={t('net.realizations')} id="network-realizations">
            <Head t={t} keys={['col.host', 'col.state', 'ops.reason', 'net.port', 'net.updated']} />
            <Tbody>
              {realizations.map((r) => (
                <Tr key={r.hostId} data-realization={r.hostName || r.hostId}>
                  <Td>{hostOf[r.hostId] ? <a href={href('hosts', r.hostId)}>{r.hostName || hostOf[r.hostId].name}</a>
                    : r.hostName || r.hostId}</Td>
                  <Td><RealizationState state={r.state} t={t} /></Td>
                  <Td><span className="ovm-reason" data-realization-reason>{r.reason || '–'}</span></Td>
                  <Td><code>{r.portRef || '–'}</code></Td>
                  <Td>{r.updatedAt ? t.date(r.updatedAt) : '–'}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      <Title headingLevel="h2" style={{ marginTop: 24 }}>{t('net.addresses')}</Title>
      <Problem error={addresses.error} />
      {addresses.data && used.length === 0 ? <Content component="p" id="network-addresses">{t('net.noAddresses')}</Content> : (
        <Table variant="compact" aria-label={t('net.addresses')} id="network-addresses">
          <Head t={t} keys={['net.address', 'net.role', 'net.usedBy', 'ops.nics.mac']} />
          <Tbody>
            {used.map((a) => {
              const dhcp = a.role === 'dhcp';
              const instance = instanceOf[a.instanceId];
              const host = hostOf[a.hostId];
              return (
                <Tr key={a.address} data-address={a.address} data-role={a.role || 'nic'}>
                  <Td>{a.address}</Td>
                  <Td>{dhcp ? <Label isCompact color="purple">{t('net.role.dhcp')}</Label>
                    : a.role && a.role !== 'nic' ? a.role : t('net.role.nic')}</Td>
                  <Td>{dhcp ? (host ? host.name : (realizations.find((r) => r.hostId === a.hostId) || {}).hostName || a.hostId || '–')
                    : a.instanceId ? <>
                      {instance ? <a href={href('instances', a.instanceId)}>{instance.name}</a> : a.instanceId}
                      {' '}{t('net.nicIndex', { index: a.nic })}
                    </> : '–'}</Td>
                  <Td>{a.mac || '–'}</Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
    </PageSection>
  );
}
