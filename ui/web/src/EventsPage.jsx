// The audit log page's spec: the time in the language's format, a severity icon, the topic in words.
import { Icon } from '@patternfly/react-core';
import {
  CheckCircleIcon, ExclamationCircleIcon, ExclamationTriangleIcon, InfoCircleIcon,
} from '@patternfly/react-icons';
import { localInstants, severity, topicWords } from './events.js';

const ICONS = { danger: ExclamationCircleIcon, warning: ExclamationTriangleIcon, success: CheckCircleIcon, info: InfoCircleIcon };

function Severity({ event, t }) {
  const level = severity(event);
  const Shown = ICONS[level];
  return (
    <Icon status={level} title={t('severity.' + level)} data-severity={level}>
      <Shown aria-label={t('severity.' + level)} />
    </Icon>
  );
}

export const EVENTS_SPEC = {
  id: 'events', title: 'nav.events', path: '/events', noDelete: true, search: 'events.search',
  searchText: (e) => e.message,
  exports: { path: '/events/export', formats: ['csv', 'jsonl'] },
  filters: [{ name: 'topic', label: 'col.topic' }, { name: 'user', label: 'col.user' },
    { name: 'outcome', label: 'col.outcome', type: 'select', options: ['SUCCEEDED', 'FAILED']
      .map((o) => ({ value: o, label: 'outcome.' + o })) }],
  columns: [{ key: 'severity', label: 'col.severity', value: (i, t) => <Severity event={i} t={t} /> },
    { key: 'time', label: 'col.time', value: (i, t) => t.date(i.time) },
    { key: 'topic', label: 'col.topic', value: (i, t) => <span title={i.topic} data-topic={i.topic}>{topicWords(i.topic, t)}</span> },
    { key: 'user', label: 'col.user', value: (i) => i.user || '' },
    { key: 'source', label: 'col.source', value: (i) => i.source || '' },
    { key: 'outcome', label: 'col.outcome', value: (i, t) => (i.outcome ? t('outcome.' + i.outcome) : '') },
    { key: 'message', label: 'col.message', value: (i, t) => localInstants(i.message, t.date) }],
};
