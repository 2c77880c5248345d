import { PageSection, Progress, Title, Content } from '@patternfly/react-core';
import { useT } from './I18n.jsx';
import { usePolling } from './usePolling.js';
import { Problem } from './Problem.jsx';

const DIMENSIONS = ['instances', 'cpus', 'memoryMiB', 'diskGiB', 'ips'];

export function Overview({ user }) {
  const t = useT();
  const { data, error } = usePolling('/vdcs?limit=1000');
  const vdcs = data ? data.items : [];
  return (
    <PageSection>
      <Title headingLevel="h1">{t('overview.title')}</Title>
      <Problem error={error} />
      {data && vdcs.length === 0 && <Content component="p">{t('overview.noVdc')}</Content>}
      {vdcs.map((vdc) => (
        <section key={vdc.id} data-vdc={vdc.name}>
          <Title headingLevel="h2">{t('overview.quota')}: {vdc.name}</Title>
          {DIMENSIONS.map((d) => {
            const used = vdc.usage[d];
            const limit = vdc.quota[d];
            return (
              <Progress key={d} id={`quota-${vdc.name}-${d}`} title={t(`quota.${d}`)}
                value={limit ? Math.min(100, (100 * used) / limit) : 0}
                label={limit == null ? t('quota.unlimited', { used: t.number(used) }) : t('quota.of', { used: t.number(used), limit: t.number(limit) })}
                measureLocation="outside" helperText={d === 'diskGiB' ? t('quota.diskHint') : undefined} />
            );
          })}
        </section>
      ))}
    </PageSection>
  );
}
