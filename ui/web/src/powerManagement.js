// A host's power management (fencing, issue 17) without React: the form's fields, its request
// (PUT /hosts/{id}/power-management, and the same body to .../test), the summary and the fencing
// in words, and a test's answer as an alert.

export const PM_TYPES = ['ipmi'];
export const IPMI_INTERFACES = ['lanplus', 'lan'];
export const IPMI_PRIVILEGES = ['ADMINISTRATOR', 'OPERATOR', 'USER'];
/** The settings the form edits (the others a host has, set through the API, are kept as they are). */
const FORM_SETTINGS = ['interface', 'cipherSuite', 'privilege', 'timeoutSeconds', 'retries'];

const isIpmi = (v) => v.type === 'ipmi';
const options = (values) => values.map((v) => ({ value: v, label: v }));

/**
 * The form's fields for this host; `test` is the component of the in-form Test button (a
 * parameter, so that this module holds no React; null: no button). The password is required
 * only when none is stored yet.
 */
export function pmFields(host, test) {
  const stored = !!(host && host.powerManagement && host.powerManagement.passwordSet);
  return [
    { name: 'type', label: 'pm.type', type: 'select', required: true, options: PM_TYPES.map((v) => ({ value: v, label: v.toUpperCase() })) },
    { name: 'address', label: 'pm.address', required: true, placeholder: '10.0.0.5', hint: 'pm.addressHint' },
    { name: 'port', label: 'pm.port', type: 'number', min: 1, max: 65535, placeholder: '623' },
    { name: 'username', label: 'login.username', required: true, placeholder: 'admin' },
    { name: 'password', label: 'login.password', type: 'password', required: !stored,
      placeholderKey: stored ? 'pm.passwordUnchanged' : undefined, hint: stored ? 'host.keepPassword' : undefined },
    { name: 'settings.interface', label: 'pm.interface', type: 'select', required: true, showWhen: isIpmi,
      options: options(IPMI_INTERFACES), hint: 'pm.interfaceHint' },
    // IPMI 2.0 (lanplus) only: the cipher suite of the session's authentication and encryption
    { name: 'settings.cipherSuite', label: 'pm.cipherSuite', type: 'number', min: 1, max: 17,
      showWhen: (v) => isIpmi(v) && v['settings.interface'] !== 'lan', hint: 'pm.cipherSuiteHint' },
    { name: 'settings.privilege', label: 'pm.privilege', type: 'select', required: true, showWhen: isIpmi,
      options: options(IPMI_PRIVILEGES), hint: 'pm.privilegeHint' },
    { name: 'settings.timeoutSeconds', label: 'pm.timeoutSeconds', type: 'number', min: 1, max: 600, showWhen: isIpmi },
    { name: 'settings.retries', label: 'pm.retries', type: 'number', min: 0, max: 10, showWhen: isIpmi },
    ...(test ? [{ name: 'pm-test', type: 'custom', component: test, host }] : []),
  ];
}

/** The form's values for a host: what is stored (never the password), or IPMI's defaults. */
export function pmInitial(host) {
  const pm = host && host.powerManagement;
  const settings = (pm && pm.settings) || {};
  const out = {
    type: (pm && pm.type) || 'ipmi',
    address: (pm && pm.address) || '',
    port: pm && pm.port != null ? String(pm.port) : '',
    username: (pm && pm.username) || '',
    password: '',
    'settings.interface': settings.interface || 'lanplus',
    'settings.privilege': settings.privilege || 'ADMINISTRATOR',
  };
  for (const key of FORM_SETTINGS) {
    if (!(`settings.${key}` in out)) {
      out[`settings.${key}`] = settings[key] != null ? String(settings[key]) : '';
    }
  }
  // settings the form does not show stay as they are (PUT replaces them all)
  for (const [key, value] of Object.entries(settings)) {
    if (!FORM_SETTINGS.includes(key)) {
      out[`settings.${key}`] = value == null ? '' : String(value);
    }
  }
  return out;
}

const text = (value) => (value == null ? '' : String(value).trim());

/**
 * The PUT (and test) body of the form: empty values left out (an empty password keeps the stored
 * one), the port a number, the settings strings; the cipher suite only over lanplus.
 */
export function pmBody(values) {
  const out = { type: text(values.type) || 'ipmi', address: text(values.address) };
  if (text(values.port)) {
    out.port = Number(text(values.port));
  }
  out.username = text(values.username);
  if (values.password) { // as typed: a password may begin or end with a space
    out.password = values.password;
  }
  const settings = {};
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith('settings.') && text(value)) {
      settings[name.slice('settings.'.length)] = text(value);
    }
  }
  if (settings.interface === 'lan') {
    delete settings.cipherSuite;
  }
  if (Object.keys(settings).length) {
    out.settings = settings;
  }
  return out;
}

/** A host's power management in a few words: "IPMI 10.0.0.5:623", or that it has none. */
export function pmSummary(host, t) {
  const pm = host && host.powerManagement;
  if (!pm) {
    return t('pm.none');
  }
  const address = pm.port ? `${pm.address}:${pm.port}` : pm.address;
  return t('pm.summary', { type: String(pm.type || '').toUpperCase(), address });
}

/** When and by whom a host was fenced ('' when never): "Fenced 1/5/2025, 10:00 by power management (ipmi)". */
export function fencedText(host, t) {
  if (!host || !host.fencedAt) {
    return '';
  }
  const when = t.date ? t.date(host.fencedAt) : host.fencedAt;
  return host.fencedBy ? t('pm.fencedBy', { date: when, by: host.fencedBy }) : t('pm.fenced', { date: when });
}

const VARIANTS = { ON: 'success', OFF: 'success', UNKNOWN: 'warning' };

/**
 * A test's outcome as an inline alert: { variant, title, detail, status }; `reply` is the 200's
 * { status, message }, `error` the refusal (an ApiError with its problem, or a network failure).
 */
export function testOutcome(reply, error, t) {
  if (error) {
    const detail = (error.problem && (error.problem.detail || error.problem.title)) || error.message || t('error.network');
    return { variant: 'danger', title: t('pm.testFailed'), detail, status: 'ERROR' };
  }
  const status = reply && reply.status in VARIANTS ? reply.status : 'UNKNOWN';
  return { variant: VARIANTS[status], title: t(`pm.status.${status}`), detail: (reply && reply.message) || '', status };
}
