/* The ESXi host form's certificate check: read what the address presents, look at it, trust it. */
import { useState } from 'react';
import {
  Alert, Button, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, FormGroup,
  FormHelperText, HelperText, HelperTextItem, Stack, StackItem,
} from '@patternfly/react-core';
import { ApiError, call } from './api.js';
import { useT } from './I18n.jsx';
import { certificateValidity, normalizeFingerprint, sameFingerprint } from './esxi.js';

const THUMBPRINT = 'settings.thumbprint';

function Hint({ id, variant, children }) {
  return <FormHelperText><HelperText><HelperTextItem id={id} variant={variant}>{children}</HelperTextItem></HelperText></FormHelperText>;
}

/**
 * "Read certificate" asks the engine (POST /hosts/certificate, without logging in to the host)
 * what certificate the form's address presents and shows it; "Trust this certificate" puts its
 * SHA-256 fingerprint into settings.thumbprint (the field below, which may also be typed in).
 * A refusal is shown here as the forms show theirs.
 */
export function CertificateCheck({ values, onValues }) {
  const t = useT();
  const [read, setRead] = useState(null); // { uri, certificate }: what the address presented
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const uri = (values.uri || '').trim();
  const readIt = async () => {
    setBusy(true);
    setFailure(null);
    try {
      setRead({ uri, certificate: await call('POST', '/hosts/certificate', { uri }) });
    } catch (e) {
      setRead(null);
      setFailure(e instanceof ApiError ? (e.problem && e.problem.detail) || e.message : t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  // a certificate read from another address than the form's now is not shown
  const certificate = read && read.uri === uri ? read.certificate : null;
  const pinned = values[THUMBPRINT];
  const trusted = certificate && sameFingerprint(pinned, certificate.sha256);
  const validity = certificate && certificateValidity(certificate);
  return (
    <FormGroup label={t('host.certificate')} fieldId="read-certificate" role="group">
      <Stack hasGutter>
        <StackItem>
          <Button id="read-certificate" variant="secondary" isDisabled={!uri || busy} isLoading={busy} onClick={readIt}>
            {t('host.readCertificate')}
          </Button>
          {!uri && <Hint id="certificate-needs-uri">{t('host.certificateNeedsUri')}</Hint>}
        </StackItem>
        {failure && (
          <StackItem><Alert variant="danger" variantLabel={t('alert.danger')} isInline title={t('error.title')} id="certificate-problem">{failure}</Alert></StackItem>
        )}
        {certificate && (
          <StackItem id="certificate" data-certificate>
            <DescriptionList isCompact isHorizontal>
              {[
                ['sha256', 'host.certSha256', <code key="c" id="certificate-sha256">{certificate.sha256}</code>],
                ['subject', 'host.certSubject', certificate.subject],
                ['issuer', 'host.certIssuer', certificate.selfSigned ? `${certificate.issuer} (${t('host.certSelfSigned')})`
                  : certificate.issuer],
                ['validity', 'host.certValidity', t('host.certFromTo', { from: t.date(certificate.notBefore),
                  to: t.date(certificate.notAfter) })],
              ].map(([key, term, description]) => (
                <DescriptionListGroup key={key}>
                  <DescriptionListTerm>{t(term)}</DescriptionListTerm>
                  <DescriptionListDescription data-certificate-part={key}>{description}</DescriptionListDescription>
                </DescriptionListGroup>
              ))}
            </DescriptionList>
            {validity && <Hint id="certificate-validity" variant="warning">{t(`host.cert.${validity}`)}</Hint>}
          </StackItem>
        )}
        {certificate && (
          <StackItem>
            {trusted ? <Hint id="certificate-trusted" variant="success">{t('host.certificateTrusted')}</Hint> : (
              <>
                <Button id="trust-certificate" variant="primary"
                  onClick={() => onValues({ ...values, [THUMBPRINT]: normalizeFingerprint(certificate.sha256) })}>
                  {t('host.trustCertificate')}
                </Button>
                {pinned && <Hint id="certificate-differs" variant="warning">{t('host.thumbprintDiffers')}</Hint>}
              </>
            )}
          </StackItem>
        )}
      </Stack>
    </FormGroup>
  );
}
