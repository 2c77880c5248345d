// The Test button of a host's power management form: asks the BMC with the form's values (saved
// or not) and shows its answer in the form, which stays open.
import { useState } from 'react';
import { Alert, Button, FormGroup } from '@patternfly/react-core';
import { call } from './api.js';
import { useT } from './I18n.jsx';
import { pmBody, testOutcome } from './powerManagement.js';

/**
 * A custom field (see Fields.jsx) whose field carries the host: #pm-test, and its answer in
 * #pm-test-result (data-status: ON, OFF, UNKNOWN or ERROR). An answer is shown only while the
 * values it was given are still the form's.
 */
export function PowerTest({ field, values }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null);
  const payload = pmBody(values);
  const sent = JSON.stringify(payload);
  const ready = !!payload.address && !!payload.username;
  const test = async () => {
    setBusy(true);
    try {
      const reply = await call('POST', `/hosts/${field.host.id}/power-management/test`, payload);
      setResult({ sent, outcome: testOutcome(reply, null, t) });
    } catch (e) {
      setResult({ sent, outcome: testOutcome(null, e, t) });
    } finally {
      setBusy(false);
    }
  };
  const outcome = result && result.sent === sent ? result.outcome : null;
  return (
    <FormGroup fieldId="pm-test">
      <Button id="pm-test" variant="secondary" isLoading={busy} isDisabled={busy || !ready} onClick={test}>
        {t('pm.test')}
      </Button>
      {outcome && (
        <Alert variant={outcome.variant} variantLabel={t(`alert.${outcome.variant}`)} isInline isPlain={outcome.variant !== 'danger'}
          title={outcome.title} id="pm-test-result" data-status={outcome.status} style={{ marginTop: 8 }}>
          {outcome.detail}
        </Alert>
      )}
    </FormGroup>
  );
}
