import { useState } from 'react';
import {
  Alert, Breadcrumb, BreadcrumbItem, Button, Content, Label, PageSection, Tab, Tabs, TabTitleText, Title,
} from '@patternfly/react-core';
import { useT } from '../I18n.jsx';
import { Problem } from '../Problem.jsx';
import { SnapshotsPanel } from '../Snapshots.jsx';
import { BackupsTab } from '../backup/BackupsTab.jsx';
import { TerminalView } from '../Terminal.jsx';
import { href, navigate } from '../router.js';
import { usePolling } from '../usePolling.js';
import { stateName } from './Dashboard.jsx';
import { InstanceActions } from './InstanceActions.jsx';
import { InstanceEvents, InstanceTasks } from './InstanceActivity.jsx';
import { InstanceDisks, InstanceNics } from './InstanceDevices.jsx';
import { InstanceMetrics } from './InstanceMetrics.jsx';
import { InstanceSummary } from './InstanceSummary.jsx';

export const INSTANCE_TABS = ['summary', 'metrics', 'console', 'serial', 'disks', 'nics', 'snapshots', 'backups', 'events', 'tasks'];
const STATE_COLORS = { RUNNING: 'green', STOPPED: 'grey', CREATING: 'blue', DELETING: 'orange', MISSING: 'red' };
export const isContainer = (i) => i.type === 'container' || (!i.type && !!i.details && i.details.kind === 'container');

/** Opens the full-page VNC console in a new browser tab; without noopener, so the tab gets this tab's session. */
export function openConsoleTab(id) {
  const opened = window.open(href('console', id), '_blank');
  if (opened) {
    opened.focus();
  }
  return opened;
}

/**
 * An instance's page (#/instances/<id>/<tab>): its name, state and actions, and one tab per
 * route (summary, metrics, console, serial console, disks, NICs, snapshots, events, tasks) so
 * Back returns to the tab before.
 */
export function InstancePage({ user, id, tab }) {
  const t = useT();
  const admin = user.role === 'admin';
  const { data: instance, error, reload } = usePolling(`/instances/${encodeURIComponent(id)}`, 10000);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  const current = INSTANCE_TABS.includes(tab) ? tab : 'summary';
  if (!instance) {
    return (
      <PageSection>
        <Breadcrumb><BreadcrumbItem to={href('instances')}>{t('nav.instances')}</BreadcrumbItem></Breadcrumb>
        <Problem error={error} />
      </PageSection>
    );
  }
  const container = isContainer(instance);
  const tabs = INSTANCE_TABS.filter((x) => !(container && (x === 'console' || x === 'snapshots' || x === 'backups')));
  const body = {
    summary: () => <InstanceSummary instance={instance} admin={admin} reload={reload} />,
    metrics: () => <InstanceMetrics instance={instance} />,
    console: () => (
      <div id="instance-console">
        <Content component="p">{t('ops.console.hint')}</Content>
        <Button id="console-open-tab" isDisabled={instance.state !== 'RUNNING'} onClick={() => openConsoleTab(instance.id)}>
          {t('ops.console.open')}
        </Button>
        {instance.state !== 'RUNNING' && <Content component="small"> {t('ops.console.notRunning')}</Content>}
      </div>
    ),
    serial: () => (instance.state === 'RUNNING'
      ? <TerminalView instance={instance} height="60vh" serial={!container} />
      : <Content component="p" id="serial-not-running">{t('ops.console.notRunning')}</Content>),
    disks: () => <InstanceDisks instance={instance} />,
    nics: () => <InstanceNics instance={instance} admin={admin} reload={reload} />,
    snapshots: () => <SnapshotsPanel instance={instance} />,
    backups: () => <BackupsTab instance={instance} />,
    events: () => <InstanceEvents instance={instance} />,
    tasks: () => <InstanceTasks instance={instance} />,
  };
  return (
    <PageSection id="instance-page" data-instance={instance.name} data-state={instance.state}>
      <Breadcrumb>
        <BreadcrumbItem to={href('instances')}>{t('nav.instances')}</BreadcrumbItem>
        <BreadcrumbItem isActive>{instance.name}</BreadcrumbItem>
      </Breadcrumb>
      <Title headingLevel="h1" id="instance-title">
        {instance.name}{' '}
        <Label id="instance-state" data-state={instance.state} color={STATE_COLORS[instance.state] || 'grey'}>
          {stateName(t, instance.state)}
        </Label>
      </Title>
      <InstanceActions instance={instance} admin={admin} reload={reload}
        onNotice={setNotice} onProblem={setFailure} />
      <Problem error={failure} />
      {notice && <Alert variant="info" isInline title={notice} id="instance-notice" />}
      <Tabs activeKey={current} onSelect={(_, key) => navigate('instances', instance.id, key)} id="instance-tabs"
        aria-label={t('ops.tabs')} mountOnEnter unmountOnExit>
        {tabs.map((key) => (
          <Tab key={key} eventKey={key} id={`tab-${key}`} data-tab={key}
            title={<TabTitleText>{t(`ops.tab.${key}`)}</TabTitleText>}>
            <div style={{ paddingTop: 16 }}>{current === key && body[key]()}</div>
          </Tab>
        ))}
      </Tabs>
    </PageSection>
  );
}
