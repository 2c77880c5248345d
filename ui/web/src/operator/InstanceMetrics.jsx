import { useEffect, useRef, useState } from 'react';
import { Content, Gallery } from '@patternfly/react-core';
import { call } from '../api.js';
import { useT } from '../I18n.jsx';
import { Problem } from '../Problem.jsx';
import { LineChart } from './LineChart.jsx';
import { addSample } from './logic.js';
import { useFormat } from './useFormat.js';

export const SAMPLE_MILLIS = 3000;

/**
 * Live charts from GET /instances/{id}/stats, read every 3 s while the page is open: CPU % (from
 * the CPU time's deltas), memory, disk and network rates; the last ~5 minutes are kept.
 */
export function InstanceMetrics({ instance }) {
  const t = useT();
  const f = useFormat();
  const [points, setPoints] = useState([]);
  const [error, setError] = useState(null);
  const last = useRef(null);
  const id = instance.id;
  useEffect(() => {
    let stopped = false;
    const sample = async () => {
      try {
        const reading = await call('GET', `/instances/${id}/stats`);
        if (!stopped) {
          const previous = last.current; // read now: the update below runs later
          last.current = reading;
          setPoints((kept) => addSample(kept, previous, reading));
          setError(null);
        }
      } catch (e) {
        if (!stopped) {
          setError(e);
        }
      }
    };
    sample();
    const timer = setInterval(sample, SAMPLE_MILLIS);
    return () => { stopped = true; clearInterval(timer); };
  }, [id]);
  const values = (field) => points.map((p) => p[field]);
  return (
    <div id="instance-metrics" data-samples={points.length}>
      <Problem error={error} />
      {instance.state !== 'RUNNING' && <Content component="p" id="metrics-not-running">{t('ops.metrics.notRunning')}</Content>}
      <Content component="small">{t('ops.metrics.hint', { seconds: SAMPLE_MILLIS / 1000 })}</Content>
      <Gallery hasGutter minWidths={{ default: '280px' }} style={{ marginTop: 8 }}>
        <LineChart id="chart-cpu" title={t('ops.metrics.cpu')} floor={5} format={f.pct}
          series={[{ label: t('ops.metrics.cpuShort'), values: values('cpuPercent'), color: 'var(--pf-t--global--color--brand--default)' }]} />
        <LineChart id="chart-memory" title={t('ops.metrics.memory')} format={f.mib}
          series={[{ label: t('ops.metrics.used'), values: values('memoryMiB'), color: '#4cb140' }]} />
        <LineChart id="chart-disk" title={t('ops.metrics.disk')} floor={1024} format={f.rate}
          series={[{ label: t('ops.metrics.read'), values: values('diskRead'), color: '#009596' },
            { label: t('ops.metrics.write'), values: values('diskWrite'), color: '#f0ab00' }]} />
        <LineChart id="chart-network" title={t('ops.metrics.network')} floor={1024} format={f.rate}
          series={[{ label: t('ops.metrics.rx'), values: values('netRx'), color: '#5752d1' },
            { label: t('ops.metrics.tx'), values: values('netTx'), color: '#ec7a08' }]} />
      </Gallery>
    </div>
  );
}
