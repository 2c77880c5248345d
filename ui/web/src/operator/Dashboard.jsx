import {
  Button, Card, CardBody, CardTitle, Content, EmptyState, EmptyStateBody, Flex, FlexItem, Gallery, Label, PageSection, Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { useT } from '../I18n.jsx';
import { Problem } from '../Problem.jsx';
import { Overview } from '../Overview.jsx';
import { href } from '../router.js';
import { Head, UsageBar } from './Bars.jsx';
import { clusterCapacity, objectRoute } from './logic.js';
import { useFormat } from './useFormat.js';
import { useSummary } from './useSummary.js';

const STATE_COLORS = { UP: 'green', RUNNING: 'green', STOPPED: 'grey', DOWN: 'red', ERROR: 'red', MAINTENANCE: 'orange', PREPARING_FOR_MAINTENANCE: 'orange', DEGRADED: 'orange',
  CONNECTING: 'blue', CREATING: 'blue', MISSING: 'red' };

/** A state's name in the language (host, instance and pool states share the state.* keys). */
export function stateName(t, state) {
  const key = `state.${state}`;
  const text = t(key);
  return text === key ? state : text;
}

/** One counter card: a big number and its break-down by state. */
function Counter({ id, title, total, byState, link, t, extra }) {
  return (
    <Card id={`dash-${id}`} isCompact>
      <CardTitle><a href={href(link)}>{title}</a></CardTitle>
      <CardBody>
        <div style={{ fontSize: '2rem', lineHeight: 1.1 }} id={`dash-${id}-total`} data-count={total}>{total}</div>
        <Flex spaceItems={{ default: 'spaceItemsSm' }}>
          {Object.entries(byState || {}).map(([state, n]) => (
            <FlexItem key={state}>
              <Label isCompact color={STATE_COLORS[state] || 'grey'} id={`dash-${id}-${state}`} data-count={n}>
                {stateName(t, state)}: {n}
              </Label>
            </FlexItem>
          ))}
          {extra}
        </Flex>
      </CardBody>
    </Card>
  );
}

/** An empty state that says what to do next, with a link to the page where it is done. */
function Next({ id, text, action, page }) {
  return (
    <EmptyState id={id} variant="xs" titleText={text} headingLevel="h3">
      <EmptyStateBody><Button variant="link" component="a" href={href(page)}>{action}</Button></EmptyStateBody>
    </EmptyState>
  );
}

/** The admin's and the user's home: counts, capacity, pools, recent failures and alarms, live. */
export function Dashboard({ user }) {
  const t = useT();
  const f = useFormat();
  const admin = user.role === 'admin';
  const { data, error, computed, hosts } = useSummary(admin);
  if (!data) {
    return <PageSection><Title headingLevel="h1">{t('nav.dashboard')}</Title><Problem error={error} /></PageSection>;
  }
  const clusters = [...(data.clusters || [])];
  const loose = (hosts || []).filter((h) => !h.clusterId);
  if (computed && loose.length) { // hosts in no cluster still give capacity
    clusters.push({ ...clusterCapacity({ id: null, name: t('ops.noCluster'), cpuOvercommit: loose[0].cpuOvercommit,
      memoryOvercommit: loose[0].memoryOvercommit }, loose), loose: true });
  }
  const failures = data.recentFailures || [];
  const alarms = data.alarms || [];
  return (
    <PageSection id="dashboard" data-computed={computed}>
      <Title headingLevel="h1">{t('nav.dashboard')}</Title>
      <Problem error={error} />
      <Gallery hasGutter minWidths={{ default: '220px' }} style={{ marginTop: 16 }}>
        {admin && <Counter id="hosts" title={t('nav.hosts')} total={data.hosts.total} byState={data.hosts.byState} link="hosts" t={t} />}
        <Counter id="instances" title={t('nav.instances')} total={data.instances.total} byState={data.instances.byState}
          link="instances" t={t} extra={Object.entries(data.instances.byType || {}).map(([type, n]) => (
            <FlexItem key={type}><Label isCompact variant="outline" id={`dash-instances-type-${type}`} data-count={n}>
              {t(`type.${type}`)}: {n}</Label></FlexItem>))} />
        <Counter id="tasks" title={t('nav.tasks')} total={data.tasks.running} link="tasks" t={t}
          byState={{}} extra={(
            <>
              <FlexItem><Label isCompact color="blue" id="dash-tasks-running" data-count={data.tasks.running}>
                {t('ops.dash.running', { count: data.tasks.running })}</Label></FlexItem>
              <FlexItem><Label isCompact color={data.tasks.failedLast24h ? 'red' : 'grey'} id="dash-tasks-failed"
                data-count={data.tasks.failedLast24h}>{t('ops.dash.failed24h', { count: data.tasks.failedLast24h })}</Label></FlexItem>
            </>
          )} />
      </Gallery>
      {admin && data.hosts.total === 0 && (
        <Next id="dash-no-hosts" text={t('ops.dash.noHosts')} action={t('ops.dash.toHosts')} page="hosts" />
      )}
      {data.instances.total === 0 && (
        <Next id="dash-no-instances" text={t('ops.dash.noInstances')} action={t('ops.dash.toInstances')} page="instances" />
      )}
      {!admin && <Overview user={user} />}
      {admin && clusters.length > 0 && (
        <section id="dash-capacity" style={{ marginTop: 24 }}>
          <Title headingLevel="h2">{t('ops.dash.capacity')}</Title>
          <Gallery hasGutter minWidths={{ default: '300px' }}>
            {clusters.map((c) => (
              <Card key={c.id || 'none'} isCompact data-cluster={c.name}>
                <CardTitle>{c.name} {c.hypervisorType && <Label isCompact>{c.hypervisorType}</Label>}</CardTitle>
                <CardBody>
                  <Content component="small">{t('ops.dash.hostsUp', { up: c.hostsUp, total: c.hosts })}</Content>
                  <UsageBar id={`dash-cluster-${c.name}-cpu`} title={t('ops.dash.vcpus', { overcommit: f.n(c.cpuOvercommit, 1) })}
                    used={c.allocatedCpus} total={Math.floor(c.cpus * (c.cpuOvercommit || 1))}
                    label={t('ops.ofTotal', { used: f.n(c.allocatedCpus), total: f.n(Math.floor(c.cpus * (c.cpuOvercommit || 1))) })} />
                  <UsageBar id={`dash-cluster-${c.name}-memory`} title={t('ops.dash.memory')} used={c.allocatedMemoryMiB}
                    total={Math.floor(c.memoryMiB * (c.memoryOvercommit || 1))}
                    label={t('ops.ofTotal', { used: f.mib(c.allocatedMemoryMiB),
                      total: f.mib(Math.floor(c.memoryMiB * (c.memoryOvercommit || 1))) })} />
                </CardBody>
              </Card>
            ))}
          </Gallery>
        </section>
      )}
      {admin && (data.pools || []).length > 0 && (
        <section id="dash-pools" style={{ marginTop: 24 }}>
          <Title headingLevel="h2">{t('nav.pools')}</Title>
          <Gallery hasGutter minWidths={{ default: '300px' }}>
            {data.pools.map((p) => (
              <Card key={p.id} isCompact data-pool={p.name}>
                <CardTitle><a href={href('pools', p.id)} data-pool-link={p.name}>{p.name}</a> <Label isCompact color={STATE_COLORS[p.state] || 'grey'}>{stateName(t, p.state)}</Label></CardTitle>
                <CardBody>
                  <UsageBar id={`dash-pool-${p.name}`} title={t('ops.dash.used')} used={p.totalBytes - p.freeBytes} total={p.totalBytes}
                    label={t('ops.ofTotal', { used: f.bytes(p.totalBytes - p.freeBytes), total: f.bytes(p.totalBytes) })} />
                  {p.stateReason && <Content component="small">{p.stateReason}</Content>}
                </CardBody>
              </Card>
            ))}
          </Gallery>
        </section>
      )}
      {admin && (
        <section id="dash-alarms" style={{ marginTop: 24 }}>
          <Title headingLevel="h2">{t('ops.dash.alarms')}</Title>
          {alarms.length === 0 ? <Content component="p" id="dash-no-alarms">{t('ops.dash.noAlarms')}</Content> : (
            <Table variant="compact" aria-label={t('ops.dash.alarms')}>
              <Head t={t} keys={['col.type', 'col.name', 'col.state', 'ops.reason', 'ops.since']} />
              <Tbody>
                {alarms.map((a) => (
                  <Tr key={`${a.kind}-${a.id}`} data-alarm={a.name}>
                    <Td>{t(`ops.kind.${a.kind}`)}</Td>
                    <Td><a href={a.kind === 'host' ? href('hosts', a.id) : href('pools', a.id)}>{a.name}</a></Td>
                    <Td><Label isCompact color={STATE_COLORS[a.state] || 'red'}>{stateName(t, a.state)}</Label></Td>
                    <Td>{a.reason || t('ops.noReason')}</Td>
                    <Td>{t.date(a.since)}</Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </section>
      )}
      <section id="dash-failures" style={{ marginTop: 24 }}>
        <Title headingLevel="h2">{t('ops.dash.failures')}</Title>
        {failures.length === 0 ? <Content component="p" id="dash-no-failures">{t('ops.dash.noFailures')}</Content> : (
          <Table variant="compact" aria-label={t('ops.dash.failures')}>
            <Head t={t} keys={['tasks.col.operation', 'ops.target', 'ops.error', 'col.user', 'ops.when']} />
            <Tbody>
              {failures.map((x) => {
                const route = objectRoute(x.resourceType, x.operation, x.resourceId);
                const name = x.resourceName || x.resourceId || '';
                return (
                  <Tr key={x.taskId} data-failure={x.taskId}>
                    <Td>{t.operation(x.operation)}</Td>
                    <Td>{route && name ? <a href={href(...route)}>{name}</a> : name}</Td>
                    <Td>{x.error}</Td>
                    <Td>{x.user}</Td>
                    <Td>{t.date(x.at)}</Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        )}
      </section>
    </PageSection>
  );
}
