import { KEEP_SAMPLES, linePath, scale } from './logic.js';

const W = 320;
const H = 90;

/**
 * A small live line chart (SVG, no chart library in the offline npm cache): one or two series
 * over the kept samples, the scale's top and the last value as text. For the e2e test the root
 * carries data-samples (points drawn) and data-last (the newest value of the first series).
 */
export function LineChart({ id, title, series, format, floor = 1 }) {
  const all = series.flatMap((s) => s.values);
  const { top } = scale(all, H, floor);
  const first = series[0].values;
  const last = [...first].reverse().find((v) => typeof v === 'number');
  return (
    <figure id={id} data-chart={id} data-samples={first.length} data-last={last == null ? '' : last.toFixed(2)}
      style={{ margin: 0 }}>
      <figcaption style={{ display: 'flex', justifyContent: 'space-between', fontSize: 'var(--pf-t--global--font--size--sm)' }}>
        <strong>{title}</strong>
        <span>
          {series.map((s) => {
            const v = [...s.values].reverse().find((x) => typeof x === 'number');
            return <span key={s.label} style={{ color: s.color, marginLeft: 8 }}>{s.label}: {v == null ? '–' : format(v)}</span>;
          })}
        </span>
      </figcaption>
      <div style={{ position: 'relative' }}>
        <span style={{ position: 'absolute', left: 4, top: 2, fontSize: 10, opacity: 0.7 }} data-top={top}>{format(top)}</span>
        <svg viewBox={`0 0 ${W} ${H + 12}`} width="100%" height={H + 12} role="img" aria-label={title} preserveAspectRatio="none"
          style={{ display: 'block', background: 'var(--pf-t--global--background--color--secondary--default)', borderRadius: 4 }}>
          {[0, 0.5, 1].map((f) => (
            <line key={f} x1="0" x2={W} y1={6 + f * H} y2={6 + f * H} stroke="currentColor" strokeOpacity="0.15"
              vectorEffect="non-scaling-stroke" />
          ))}
          <g transform="translate(0,6)">
            {series.map((s) => (
              <path key={s.label} d={linePath(s.values, W, H, top, KEEP_SAMPLES)} fill="none" stroke={s.color} strokeWidth="2"
                vectorEffect="non-scaling-stroke" />
            ))}
          </g>
        </svg>
      </div>
    </figure>
  );
}
