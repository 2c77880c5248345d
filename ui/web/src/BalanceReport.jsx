// What a balancing run of a cluster proposed or started (POST /clusters/{id}/balance), as the cluster page shows it.
import { List, ListItem } from '@patternfly/react-core';

/** The report: each host's load, the moves with their status and reason, the notes, the power-off candidates. */
export function BalanceReport({ report, t, hosts }) {
  const name = (id) => ((hosts || []).find((h) => h.id === id) || { name: id }).name;
  return (
    <div id="balance-report" data-policy={report.policy} data-dry-run={String(report.dryRun)}>
      <p>{t(report.dryRun ? 'balancing.dryRun' : report.moves.length ? 'balancing.started' : 'balancing.noMoves')}</p>
      <List id="balance-hosts">
        {report.hosts.map((h) => (
          <ListItem key={h.hostId}>{h.name}: {t('balancing.load', { cpu: h.cpuPercent, memory: h.memoryPercent, count: h.instances })}</ListItem>
        ))}
      </List>
      {report.moves.length > 0 && (
        <List id="balance-moves">
          {report.moves.map((m) => (
            <ListItem key={m.instanceId} data-status={m.status}>
              <strong>{t('balancing.move', { instance: m.instanceName, from: m.fromHost, to: m.toHost })}</strong>
              {' '}({t('balancing.status.' + m.status)}) {m.reason}{m.error ? ` · ${m.error}` : ''}
            </ListItem>
          ))}
        </List>
      )}
      {report.moves.length === 0 && report.dryRun && <p>{t('balancing.noMoves')}</p>}
      {report.notes.length > 0 && (
        <List id="balance-notes">{report.notes.map((n) => <ListItem key={n}>{n}</ListItem>)}</List>
      )}
      {report.powerOffCandidates.length > 0 && (
        <p id="balance-candidates">{t('balancing.candidates', { hosts: report.powerOffCandidates.map(name).join(', ') })}</p>
      )}
    </div>
  );
}
