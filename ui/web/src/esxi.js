// Pure helpers for ESXi hosts and their VMs: certificate fingerprints, vSphere guest ids and the
// instance details the ESXi driver reports.

/**
 * The hex digits of a fingerprint as typed or pasted, upper case: "AA:BB:…", "aa bb …", "aabb…"
 * or openssl's "sha256 Fingerprint=AA:BB:…" (what precedes the last "=" is a label).
 */
export function fingerprintDigits(text) {
  const value = String(text ?? '').trim();
  const digits = value.includes('=') ? value.slice(value.lastIndexOf('=') + 1) : value;
  return digits.replace(/[\s:-]/g, '').toUpperCase();
}

/** A SHA-256 fingerprint as the engine shows it (32 octets, "AA:BB:…"); text that is none is left as it is. */
export function normalizeFingerprint(text) {
  const digits = fingerprintDigits(text);
  return /^[0-9A-F]{64}$/.test(digits) ? digits.match(/../g).join(':') : String(text ?? '').trim();
}

/** What is wrong with a typed fingerprint, as a message key, or null (empty is fine: trust on first use). */
export function fingerprintProblem(text) {
  if (String(text ?? '').trim() === '') {
    return null;
  }
  const digits = fingerprintDigits(text);
  if (/^[0-9A-F]{64}$/.test(digits)) {
    return null;
  }
  // vSphere clients often show the SHA-1 "thumbprint" (20 octets): not what the engine pins
  return /^[0-9A-F]{40}$/.test(digits) ? 'host.thumbprintSha1' : 'host.badThumbprint';
}

/** Whether two fingerprints are the same, however written; false when either is missing. */
export function sameFingerprint(a, b) {
  return !!a && !!b && fingerprintDigits(a) === fingerprintDigits(b);
}

/** A fingerprint short enough for a table cell: its first and last four octets ("AA:BB:CC:DD…WW:XX:YY:ZZ"). */
export function shortFingerprint(text) {
  const full = normalizeFingerprint(text);
  const octets = full.split(':');
  return octets.length > 8 ? `${octets.slice(0, 4).join(':')}…${octets.slice(-4).join(':')}` : full;
}

/** Where a certificate's validity stands at `now`: 'notYetValid', 'expired' or null (valid, or dates unknown). */
export function certificateValidity(certificate, now = Date.now()) {
  const from = Date.parse(certificate && certificate.notBefore);
  const to = Date.parse(certificate && certificate.notAfter);
  if (!Number.isNaN(from) && now < from) {
    return 'notYetValid';
  }
  return !Number.isNaN(to) && now > to ? 'expired' : null;
}

/** vSphere guest ids offered in the wizard (any other id may be typed). */
export const GUEST_IDS = [
  { value: 'otherGuest64', label: 'Other (64-bit)' },
  { value: 'otherLinux64Guest', label: 'Other Linux (64-bit)' },
  { value: 'ubuntu64Guest', label: 'Ubuntu Linux (64-bit)' },
  { value: 'debian10_64Guest', label: 'Debian GNU/Linux 10 (64-bit)' },
  { value: 'centos7_64Guest', label: 'CentOS 7 (64-bit)' },
  { value: 'rhel8_64Guest', label: 'Red Hat Enterprise Linux 8 (64-bit)' },
  { value: 'windows9_64Guest', label: 'Windows 10 (64-bit)' },
  { value: 'windows2019srv_64Guest', label: 'Windows Server 2019' },
];

/** What is wrong with a guest id, as a message key, or null (empty is fine: the template's, else otherGuest64). */
export function guestIdProblem(text) {
  if (text === undefined || text === null || text === '') {
    return null;
  }
  return /^[A-Za-z0-9_]{1,64}$/.test(text) ? null : 'wizard.badGuestOs';
}

/**
 * An instance detail as lines to show: the ESXi driver joins a VM's disks ("[ds] vm/disk.vmdk
 * (8 GiB thin), [ds] …") and NICs ("00:50:56:… on VM Network (vmxnet3), …") with ", ".
 */
export function detailLines(key, value) {
  const text = String(value ?? '');
  if (key === 'disks') {
    return text.split(/, (?=\[)/);
  }
  if (key === 'nics') {
    return text.split(/, (?=[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5} )/);
  }
  return [text];
}

/** The order instance details are shown in: the well-known ones first, then the others by name. */
const DETAIL_ORDER = ['template', 'image', 'guestOs', 'guestId', 'vmx', 'disks', 'nics', 'uuid', 'annotation'];

export function detailEntries(details) {
  const rank = (key) => (DETAIL_ORDER.includes(key) ? DETAIL_ORDER.indexOf(key) : DETAIL_ORDER.length);
  return Object.entries(details || {}).filter(([, v]) => v !== null && v !== undefined && v !== '')
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([key, value]) => [key, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
}

/** The instance's type badge: its message key, colour and host type (VMs say which hypervisor runs them). */
export function typeBadge(instance, container) {
  if (container) {
    return { label: 'type.container', color: 'purple', hostType: instance.hostType || null };
  }
  if (instance.hostType === 'esxi') {
    return { label: 'type.esxiVm', color: 'orange', hostType: 'esxi' };
  }
  if (instance.hostType === 'kvm') {
    return { label: 'type.kvmVm', color: 'blue', hostType: 'kvm' };
  }
  return { label: 'type.vm', color: 'blue', hostType: instance.hostType || null };
}
