import { Alert } from '@patternfly/react-core';
import { useT } from './I18n.jsx';

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
