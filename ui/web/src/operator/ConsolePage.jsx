import { PageSection, Title } from '@patternfly/react-core';
import { useT } from '../I18n.jsx';
import { VncConsole } from '../Console.jsx';
import { Problem } from '../Problem.jsx';
import { usePolling } from '../usePolling.js';

/**
 * #/console/<id>: the instance's VNC console alone in its browser tab (opened from the detail
 * page; window.open without noopener copies the opener's sessionStorage, so the tab is logged in).
 */
export function ConsolePage({ id }) {
  const t = useT();
  const { data: instance, error } = usePolling(`/instances/${encodeURIComponent(id || '')}`, 30000);
  if (instance && typeof document !== 'undefined') {
    document.title = t('console.title', { name: instance.name });
  }
  return (
    <PageSection id="console-page" padding={{ default: 'noPadding' }} style={{ padding: 8 }}>
      <Problem error={error} />
      {instance && (
        <>
          <Title headingLevel="h1" size="lg">{t('console.title', { name: instance.name })}</Title>
          <VncConsole instance={instance} height="calc(100vh - 110px)" />
        </>
      )}
    </PageSection>
  );
}
