// The host form (rendered by ResourcePage through hosts.jsx): the fields per hypervisor type and the request.
import { body } from './validation.js';
import { fingerprintProblem, normalizeFingerprint } from './esxi.js';

export const HYPERVISORS = ['kvm', 'simulator', 'esxi', 'docker'].map((v) => ({ value: v, label: v }));
const URI_EXAMPLES = { simulator: 'sim://h1?cpus=8&memoryMiB=16384', kvm: 'qemu+tcp://10.0.0.5/system',
  esxi: 'https://esxi-1.example/sdk', docker: 'unix:///var/run/docker.sock · tcp://10.0.0.5:2376' };
const isEsxi = (v) => v.type === 'esxi';
const needsCredentials = isEsxi;
const isDocker = (v) => v.type === 'docker';
const insecure = (v) => v['settings.insecure'] === 'true';

/**
 * The host form's fields; `certificate` is the component that reads and trusts an ESXi host's
 * certificate (a parameter, so that this module holds no React).
 */
export function hostFields(certificate) {
  return [
    { name: 'name', label: 'col.name', required: true, kind: 'name' },
    { name: 'type', label: 'col.hypervisorType', type: 'select', required: true, options: HYPERVISORS, drivers: 'hypervisor' },
    { name: 'uri', label: 'col.uri', required: true, placeholder: (v) => URI_EXAMPLES[v.type] || '' },
    { name: 'clusterId', label: 'col.cluster', type: 'select', optionsFrom: { path: '/clusters?limit=1000' } },
    { name: 'username', label: 'login.username', showWhen: needsCredentials, required: true, placeholder: 'root' },
    { name: 'password', label: 'login.password', type: 'password', showWhen: needsCredentials, required: true },
    // ESXi: the certificate is read and trusted here, typed in, or (left empty) trusted on first use
    { name: 'certificate', type: 'custom', component: certificate, showWhen: (v) => isEsxi(v) && !insecure(v) },
    { name: 'settings.thumbprint', label: 'host.thumbprint', showWhen: (v) => isEsxi(v) && !insecure(v),
      placeholder: 'AA:BB:CC:…:FF (SHA-256)', check: fingerprintProblem,
      hint: (v) => (v['settings.thumbprint'] ? 'host.thumbprintPinnedHint' : 'host.thumbprintFirstUse') },
    { name: 'settings.insecure', label: 'host.insecure', type: 'select', showWhen: isEsxi, hintVariant: 'warning',
      hint: 'host.insecureWarning', options: [{ value: 'true', label: 'host.insecureYes', translate: true }] },
    { name: 'settings.domainType', label: 'host.domainType', type: 'select', showWhen: (v) => v.type === 'kvm',
      options: ['kvm', 'qemu'].map((v) => ({ value: v, label: v })) },
    { name: 'settings.consoleListen', label: 'host.consoleListen', showWhen: (v) => v.type === 'kvm',
      placeholder: '127.0.0.1' },
    // a docker engine over tcp:// is reached with TLS (PEM texts); plain TCP only when allowed
    { name: 'secrets.tlsCa', label: 'host.tlsCa', type: 'textarea', showWhen: isDocker, placeholder: '-----BEGIN CERTIFICATE-----' },
    { name: 'secrets.tlsCert', label: 'host.tlsCert', type: 'textarea', showWhen: isDocker, placeholder: '-----BEGIN CERTIFICATE-----' },
    { name: 'secrets.tlsKey', label: 'host.tlsKey', type: 'textarea', showWhen: isDocker, placeholder: '-----BEGIN PRIVATE KEY-----' },
    { name: 'settings.allowInsecure', label: 'host.allowInsecure', type: 'select', showWhen: isDocker,
      options: [{ value: 'true', label: 'managed.yes', translate: true }] },
  ];
}

/** The create request: the form's body, with a typed fingerprint written the one way ("AA:BB:…"). */
export function hostBody(values) {
  const out = body(hostFields(null), values);
  if (out.settings && out.settings.thumbprint) {
    out.settings.thumbprint = normalizeFingerprint(out.settings.thumbprint);
  }
  return out;
}

