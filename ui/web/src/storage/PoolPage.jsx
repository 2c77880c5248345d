import { useState } from 'react';
import {
  Alert, Breadcrumb, BreadcrumbItem, Button, Card, CardBody, CardTitle, Content, DescriptionList, DescriptionListDescription,
  DescriptionListGroup, DescriptionListTerm, FormSelect, FormSelectOption, Gallery, Label, PageSection, Title, Toolbar,
  ToolbarContent, ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { call } from '../api.js';
import { useT } from '../I18n.jsx';
import { Confirm } from '../Confirm.jsx';
import { NotLoaded, Problem } from '../Problem.jsx';
import { href } from '../router.js';
import { usePolling } from '../usePolling.js';
import { Head, UsageBar } from '../operator/Bars.jsx';
import { PoolState } from './PoolBits.jsx';
import { TaskProgressList, useTaskFollow } from './TaskProgress.jsx';
import { STATE_COLORS, attachableHosts, capacity } from './logic.js';

const items = (polled) => (polled.data ? polled.data.items : []);

/**
 * #/pools/<id> (admins): the pool's facts and space (used, allocated against its overcommit
 * limit), the hosts it is attached to with their state and reason (attach one more, detach one),
 * and the volumes in it.
 */
export function PoolPage({ id }) {
  const t = useT();
  const { data: pool, error, reload } = usePolling(`/storage-pools/${encodeURIComponent(id)}`, 15000);
  const hosts = usePolling('/hosts?limit=1000', 60000);
  const clusters = usePolling('/clusters?limit=1000', 60000);
  const volumes = usePolling(`/volumes?poolId=${encodeURIComponent(id)}&limit=1000`);
  const [chosen, setChosen] = useState('');
  const [ask, setAsk] = useState(null);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  const [followed, follow, dismiss] = useTaskFollow();
  if (!pool) {
    return <NotLoaded list="pools" error={error} />;
  }
  const ended = (task) => {
    setNotice(t.outcome(task));
    if (task.state !== 'SUCCEEDED' && task.error) {
      setFailure({ problem: { detail: task.error } });
    }
    reload();
  };
  /** Sends a request; a 202 task is followed with its progress, a 204 is done at once. */
  const run = async (label, host, request) => {
    try {
      const answer = await request();
      setFailure(null);
      setNotice(t('action.started', { action: label, name: host }));
      if (answer && answer.operation && answer.state) {
        follow(answer, ended);
      } else {
        reload();
      }
    } catch (e) {
      setFailure(e);
    }
  };
  const c = capacity(pool);
  const cluster = items(clusters).find((k) => k.id === pool.clusterId);
  const hostName = (hostId) => (items(hosts).find((h) => h.id === hostId) || {}).name || hostId;
  const attached = pool.hosts || [];
  const spare = attachableHosts(pool, items(hosts));
  const placement = pool.clusterId ? t('pool.placedCluster', { name: cluster ? cluster.name : pool.clusterId })
    : attached.length > 1 || (pool.hostIds || []).length > 1 ? t('pool.placedHosts')
      : pool.hostId ? hostName(pool.hostId) : '–';
  const facts = [
    ['type', t('col.type'), pool.type],
    ['state', t('col.state'), <PoolState key="s" pool={pool} t={t} />],
    ['uri', t('col.uri'), pool.uri || '–'],
    ['placement', t('pool.placement'), placement],
    ['shared', t('pool.shared'), pool.shared == null ? '–' : t(pool.shared ? 'pool.sharedYes' : 'pool.sharedNo')],
    ['overcommit', t('pool.overcommit'), c.ratio == null ? t('pool.noRatio') : `${t.number(c.ratio, 2)}×`],
    ['created', t('col.created'), t.date(pool.createdAt)],
  ];
  return (
    <PageSection id="pool-page" data-pool={pool.name} data-state={pool.state}>
      <Breadcrumb>
        <BreadcrumbItem to={href('pools')}>{t('nav.pools')}</BreadcrumbItem>
        <BreadcrumbItem isActive>{pool.name}</BreadcrumbItem>
      </Breadcrumb>
      <Title headingLevel="h1">{pool.name}</Title>
      <Confirm ask={ask} onClose={() => setAsk(null)} />
      <Problem error={failure} />
      {notice && <Alert variant="info" isInline title={notice} id="pool-notice" />}
      <TaskProgressList tasks={followed} onDismiss={dismiss} />
      <Gallery hasGutter minWidths={{ default: '320px' }}>
        <Card isCompact>
          <CardTitle>{t('pool.facts')}</CardTitle>
          <CardBody>
            <DescriptionList isHorizontal isCompact id="pool-facts">
              {facts.map(([key, term, value]) => (
                <DescriptionListGroup key={key}>
                  <DescriptionListTerm>{term}</DescriptionListTerm>
                  <DescriptionListDescription data-fact={key}>{value}</DescriptionListDescription>
                </DescriptionListGroup>
              ))}
            </DescriptionList>
          </CardBody>
        </Card>
        <Card isCompact id="pool-space">
          <CardTitle>{t('pool.space')}</CardTitle>
          <CardBody>
            {c.total != null && (
              <UsageBar id="pool-used" title={t('pool.used')} used={c.total - (c.free ?? c.total)} total={c.total}
                label={t('pool.ofTotal', { used: t.size(c.total - (c.free ?? c.total)), total: t.size(c.total) })} />
            )}
            {c.allocated != null && (
              <UsageBar id="pool-allocated" used={c.allocated} total={c.limit ?? c.total}
                title={c.ratio == null ? t('pool.allocation') : t('pool.allocationLimit', { ratio: t.number(c.ratio, 2) })}
                label={t('pool.ofTotal', { used: t.size(c.allocated), total: t.size(c.limit ?? c.total) })} />
            )}
          </CardBody>
        </Card>
      </Gallery>
      <Title headingLevel="h2" style={{ marginTop: 24 }}>{t('pool.hosts')}</Title>
      {pool.shared !== false && <Toolbar id="pool-attach">
        <ToolbarContent>
          <ToolbarItem>
            <FormSelect id="pool-attach-host" value={chosen} aria-label={t('pool.attachHost')} onChange={(_, v) => setChosen(v)}>
              <FormSelectOption value="" label={spare.length ? t('form.choose') : t('pool.attachedEverywhere')} />
              {spare.map((h) => <FormSelectOption key={h.id} value={h.id} label={`${h.name} (${h.type})`} />)}
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>
            <Button id="pool-attach-submit" variant="secondary" isDisabled={!chosen} onClick={() => {
              const host = chosen;
              setChosen('');
              run(t('pool.attachHost'), hostName(host), () => call('POST', `/storage-pools/${pool.id}/hosts`, { hostId: host }));
            }}>
              {t('pool.attachHost')}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>}
      {attached.length === 0 ? <Content component="p" id="pool-no-hosts">{t('pool.noHostsYet')}</Content> : (
        <Table variant="compact" aria-label={t('pool.hosts')} id="pool-hosts">
          <Head t={t} keys={['col.host', 'col.state', 'ops.reason', 'pool.checkedAt', '']} />
          <Tbody>
            {attached.map((h) => {
              const name = h.hostName || hostName(h.hostId);
              return (
                <Tr key={h.hostId} data-pool-host={name} data-state={h.state}>
                  <Td dataLabel={t('col.host')}><a href={href('hosts', h.hostId)}>{name}</a></Td>
                  <Td dataLabel={t('col.state')}>
                    <Label isCompact color={STATE_COLORS[h.state] || 'grey'}>{t('poolHostState.' + h.state)}</Label>
                  </Td>
                  <Td dataLabel={t('ops.reason')} modifier="breakWord"><span data-reason>{h.reason || ''}</span></Td>
                  <Td dataLabel={t('pool.checkedAt')}>{h.checkedAt ? t.date(h.checkedAt) : ''}</Td>
                  <Td isActionCell>
                    {pool.shared !== false && <Button variant="link" isDanger id={`pool-detach-${name}`} data-action="detach" onClick={() => setAsk({
                      title: t('pool.detachTitle', { pool: pool.name, host: name }),
                      message: t('pool.detachMessage', { pool: pool.name, host: name }),
                      confirm: t('pool.detachHost'),
                      run: () => run(t('pool.detachHost'), name, () => call('DELETE', `/storage-pools/${pool.id}/hosts/${h.hostId}`)) })}>
                      {t('pool.detachHost')}
                    </Button>}
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
      <Title headingLevel="h2" style={{ marginTop: 24 }}>{t('pool.volumes')}</Title>
      <Problem error={volumes.error} />
      {items(volumes).length === 0 ? <Content component="p" id="pool-no-volumes">{t('pool.noVolumes')}</Content> : (
        <Table variant="compact" aria-label={t('pool.volumes')} id="pool-volumes">
          <Head t={t} keys={['col.name', 'col.size', 'col.format', 'col.state']} />
          <Tbody>
            {items(volumes).filter((v) => v.poolId === pool.id).map((v) => (
              <Tr key={v.id} data-volume={v.name}>
                <Td dataLabel={t('col.name')}>{v.name}</Td>
                <Td dataLabel={t('col.size')}>{t.size(v.sizeBytes)}</Td>
                <Td dataLabel={t('col.format')}>{v.format}</Td>
                <Td dataLabel={t('col.state')}>{t('volumeState.' + v.state)}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </PageSection>
  );
}
