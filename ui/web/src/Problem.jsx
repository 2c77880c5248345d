import { Alert, Breadcrumb, BreadcrumbItem, PageSection } from '@patternfly/react-core';
import { useT } from './I18n.jsx';
import { href } from './router.js';

/** Shows the engine's problem details (or that it does not answer). */
export function Problem({ error }) {
  const t = useT();
  if (!error) {
    return null;
  }
  return (
    <Alert variant="danger" variantLabel={t('alert.danger')} isInline title={t('error.title')} id="problem">
      {error.problem ? error.problem.detail : t('error.network')}
    </Alert>
  );
}

/** A resource page whose resource has not loaded (yet, or at all): the way back to its list, and why. */
export function NotLoaded({ list, error }) {
  const t = useT();
  return (
    <PageSection>
      <Breadcrumb><BreadcrumbItem to={href(list)}>{t(`nav.${list}`)}</BreadcrumbItem></Breadcrumb>
      <Problem error={error} />
    </PageSection>
  );
}
